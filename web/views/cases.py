"""Caseload, households and applicants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, Team
from audit.services import audit_accesses
from cases.models import MAX_APPLICANTS_PER_HOUSEHOLD, NEXT_STAGES
from cases.scope import can_act_on_household, households_visible_to, teams_of
from cases.selectors import earlier_applicant_candidates
from cases.services import (
    applicant_add,
    applicant_correct,
    applicant_update_needs,
    household_allocate,
    household_close,
    household_closing_correct,
    household_create,
    household_move,
    legal_hold_change,
)
from dataprotection.selectors import subject_access_on_home
from governance.selectors import policy_review_overdue
from t4c_socialcheck.batches import PAGE_CURSORS, query_without
from web import selectors
from web.forms import (
    AllocationForm,
    ApplicantCorrectionForm,
    ApplicantForm,
    CaseloadFilterForm,
    CommunicationNeedsForm,
    HouseholdCloseForm,
    HouseholdForm,
    LegalHoldForm,
    StageMoveForm,
)
from web.helpers import (
    Done,
    applicant_or_404,
    get_in_scope,
    household_or_404,
    posted,
    question_page,
    run_service,
    submit_once,
)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    user = request.user
    teams = Team.objects.all() if user.role == Role.AUDITOR else Team.objects.filter(pk__in=teams_of(user))
    search = CaseloadFilterForm(request.GET or None, teams=teams.order_by("name"))
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = selectors.caseload(
        user, query, filters=search.filters(), after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "web/caseload.html",
        {
            "search": search,
            "query": query,
            "filtered": bool(request.GET and search.is_valid() and any(search.cleaned_data.values())),
            "rows": page.rows,
            "next_url": _page_url(request, "after", page.next_cursor),
            "previous_url": _page_url(request, "before", page.previous_cursor),
            "can_add": user.is_case_worker,
            **subject_access_on_home(user),
            # Admins are told on their home page when the policy's review is overdue.
            "policy_review_overdue": user.role == Role.ADMIN and policy_review_overdue(),
        },
    )


def _page_url(request: HttpRequest, direction: str, cursor: str | None) -> str:
    """Another page of the same list: the filters stay, only the cursor changes."""
    if not cursor:
        return ""
    params = query_without(request.GET, *PAGE_CURSORS)
    params[direction] = cursor
    return f"?{params.urlencode()}"


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_in_scope(
        request,
        selectors.with_progress(
            households_visible_to(request.user).select_related("local_authority", "team", "allocated_worker"),
            corrections=True,
        ),
        pk,
    )
    applicants = [selectors.with_one_off(request.user, selectors.progress(a)) for a in household.applicants.all()]
    # Reading a case record is itself recorded: the household, and each applicant shown.
    audit_accesses(user=request.user, objs=[household, *(item.applicant for item in applicants)], request=request)
    acts = can_act_on_household(request.user, household)
    return render(
        request,
        "web/household.html",
        {
            "household": household,
            "applicants": applicants,
            # A closed case is read-only.
            "can_act": acts and not household.is_closed,
            "room_for_applicant": len(applicants) < MAX_APPLICANTS_PER_HOUSEHOLD,
            **_life(request, household, acts),
        },
    )


@login_required
def household_add(request: HttpRequest) -> HttpResponse:
    if not request.user.is_case_worker:
        raise PermissionDenied("Only social workers and managers can add households.")
    teams = Team.objects.filter(pk__in=teams_of(request.user)).order_by("name")
    form = HouseholdForm(posted(request), teams=teams)
    if request.method == "POST":
        user = request.user

        def create(data):
            team = data.get("team") or (teams[0] if len(teams) == 1 else None)
            # Allocate it to the worker who adds it, when they are in its team.
            allocated = user if team is not None and team.members.filter(pk=user.pk).exists() else None
            household = household_create(
                user=user,
                reference=data["reference"],
                local_authority=data["local_authority"],
                team=team,
                allocated_worker=allocated,
                received_on=data["received_on"],
            )
            return Done(
                reverse("household", args=[household.pk]),
                f"Household {household.reference} added. Now add the applicants.",
            )

        response = submit_once(request, form, create)
        if response is not None:
            return response
    return render(request, "web/household_add.html", {"form": form})


@login_required
def applicant_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_or_404(request, pk, act=True)
    form = ApplicantForm(posted(request))
    if request.method == "POST":
        if form.is_valid():
            candidates = earlier_applicant_candidates(
                request.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                date_of_birth=form.cleaned_data["date_of_birth"],
            ).exclude(household=household)
            if candidates:
                # Ask whether this is one of them (the first time, the question is the error shown).
                form = ApplicantForm(request.POST, candidates=candidates)

        def add(data):
            applicant = applicant_add(
                user=request.user,
                household=household,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
                communication_needs=form.communication_needs(),
                earlier_applicant=form.earlier_applicant(),
            )
            return Done(reverse("household", args=[household.pk]), f"{applicant.full_name} added.")

        response = submit_once(request, form, add)
        if response is not None:
            return response
    return render(request, "web/applicant_add.html", {"form": form, "household": household})


@login_required
def communication_needs(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = applicant_or_404(request, pk, act=True)
    form = CommunicationNeedsForm(posted(request), initial=CommunicationNeedsForm.initial_for(applicant))
    if request.method == "POST":
        saved = run_service(
            form,
            lambda data: applicant_update_needs(
                user=request.user, applicant=applicant, communication_needs=form.communication_needs()
            ),
        )
        if saved is not None:
            messages.success(request, f"Communication needs saved for {applicant.full_name}.")
            return redirect("household", pk=applicant.household_id)
    return render(request, "web/communication_needs.html", {"form": form, "applicant": applicant})


# --- The case's life: move a stage, close, legal hold -----------------------------------


def _life(request: HttpRequest, household, acts: bool) -> dict:
    """What the household page shows of the case's life, and which of its forms this user (who may
    act on the household when `acts`) may use."""
    from dataprotection.retention import retention_until

    user = request.user
    return {
        "moves": household.stage_moves.select_related("by"),
        "retention_until": retention_until(household),
        "can_move": acts and not household.is_closed and bool(NEXT_STAGES[household.stage]),
        "can_close": acts and user.is_manager,
        "corrections": household.closing_corrections.select_related("by"),
        "can_hold": acts and user.is_manager,
        "can_allocate": acts and user.is_manager and not household.is_closed,
    }


@login_required
def household_stage_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_or_404(request, pk, act=True)
    form = StageMoveForm(posted(request), stages=NEXT_STAGES[household.stage], initial={"on": timezone.localdate()})

    def move(data):
        done = household_move(
            user=request.user,
            household_id=household.pk,
            stage=data["stage"],
            on=data["on"],
            reason=data["reason"],
            panel_recommendation=data.get("panel_recommendation", ""),
            decision_maker=data.get("decision_maker", ""),
        )
        return Done(_household_url(household), f"{household.reference} moved to {done.get_stage_display()}.")

    return question_page(request, form, move, "web/household_stage.html", {"household": household})


def _household_url(household) -> str:
    return reverse("household", args=[household.pk])


def _managers_page(request: HttpRequest, pk: int, refusal: str):
    household = household_or_404(request, pk, act=True)
    if not request.user.is_manager:
        raise PermissionDenied(refusal)
    return household


@login_required
def household_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an open case; on a closed case, the same form corrects its outcome or date (recorded)."""
    household = _managers_page(request, pk, "Only a manager can close a case or correct its closing.")
    correcting = household.is_closed
    if correcting:
        initial = {"outcome": household.outcome, "on": household.closed_on}
    else:  # "decline the registration of interest" links here with ?outcome=not_suitable
        initial = {"on": timezone.localdate(), "outcome": request.GET.get("outcome", "")}
    form = HouseholdCloseForm(posted(request), initial=initial)
    if correcting:
        form.fields["reason"].label = "Why does the closing need correcting?"
        form.fields["reason"].error_messages["required"] = "Enter why the closing needs correcting"

    def close(data):
        record = household_closing_correct if correcting else household_close
        record(
            user=request.user, household_id=household.pk, outcome=data["outcome"], on=data["on"], reason=data["reason"]
        )
        message = "closing is corrected" if correcting else "is closed"
        return Done(_household_url(household), f"{household.reference} {message}.")

    return question_page(
        request, form, close, "web/household_close.html", {"household": household, "correcting": correcting}
    )


@login_required
def legal_hold_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the hold, or lift it when it is set. Managers here; admins through the API."""
    household = _managers_page(request, pk, "Only a manager or an admin can set or lift a legal hold.")
    held = not household.legal_hold  # what this form does

    def change(data):
        legal_hold_change(user=request.user, household_id=household.pk, held=held, reason=data["reason"])
        what = "is on legal hold" if held else "is no longer on legal hold"
        return Done(_household_url(household), f"{household.reference} {what}.")

    return question_page(
        request, LegalHoldForm(posted(request)), change, "web/legal_hold.html", {"household": household, "held": held}
    )


# --- Allocation and corrections -----------------------------------------------------------


@login_required
def household_allocate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager allocates or re-allocates the household's worker (the worker is told by email)."""
    household = _managers_page(request, pk, "Only a manager can allocate a household's worker.")
    workers = household.team.members.filter(role__in=[Role.WORKER, Role.MANAGER], is_active=True).order_by(
        "first_name", "last_name", "username"
    )
    form = AllocationForm(posted(request), workers=workers, initial={"worker": household.allocated_worker_id})

    def allocate(data):
        worker = data["worker"]
        household_allocate(user=request.user, household_id=household.pk, worker=worker)
        name = worker.get_full_name() or worker.username
        return Done(_household_url(household), f"{household.reference} is allocated to {name}. They have been told.")

    return question_page(request, form, allocate, "web/household_allocate.html", {"household": household})


@login_required
def applicant_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an applicant's name or date of birth; the old values stay in the history shown here."""
    applicant = applicant_or_404(request, pk, act=True)
    initial = {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "date_of_birth": applicant.date_of_birth,
    }
    form = ApplicantCorrectionForm(posted(request), initial=initial)

    def correct(data):
        correction = applicant_correct(
            user=request.user,
            applicant_id=applicant.pk,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            reason=data["reason"],
        )
        return Done(
            reverse("household", args=[applicant.household_id]),
            f"Details corrected for {correction.first_name} {correction.last_name}.",
        )

    return question_page(
        request,
        form,
        correct,
        "web/applicant_correct.html",
        {"applicant": applicant, "corrections": applicant.corrections.select_related("by")},
    )
