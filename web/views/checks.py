"""The policy, and the one-off check: declare, check your answers, start
(the rules decide), record the findings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from accounts.models import Role
from audit.services import audit_access
from cases.scope import applicants_visible_to, can_act_on_household
from checks import rules
from checks.models import CheckVoid, Refusal, SocialCheck
from checks.preview import check_options
from checks.selectors import why_not_voidable
from checks.services import NOT_FOUND, check_complete, check_start
from consent import documents
from consent.models import CheckReceipt
from consent.receipts import receipt_letter, receipt_mark_sent, receipt_suffix
from policy.gate import note_accepted
from policy.models import PolicyAcknowledgement, PolicyVersion
from policy.services import acknowledge_current_policy, has_accepted_current_policy
from t4c_socialcheck.errors import NotFound, NotPermitted
from web.forms import FindingsForm, PolicyAcceptForm, ReceiptSentForm, StartCheckForm
from web.helpers import Done, applicant_or_404, get_in_scope, post_only, posted, safe_next, submit_once
from web.models import Submission

# --- The policy -----------------------------------------------------------------------


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    current = PolicyVersion.objects.current()
    next_url = safe_next(request, reverse("caseload"))
    error = ""
    if request.method == "POST" and current is not None:
        form = PolicyAcceptForm(request.POST)
        if form.is_valid() and form.cleaned_data["version"] == current.version:
            try:
                acknowledge_current_policy(user=request.user)
            except NotPermitted as refused:
                raise PermissionDenied(refused.detail) from None
            note_accepted(request)
            messages.success(request, f"You accepted version {current.version} of the policy.")
            return redirect(next_url)
        # A new version was published while the old one was on screen: it must be read first.
        error = "The policy has changed since you opened this page. Read this version, then accept it."
    accepted = (
        PolicyAcknowledgement.objects.filter(user=request.user, policy_version=current).first() if current else None
    )
    return render(
        request,
        "web/policy.html",
        {
            "policy": current,
            "accepted": accepted,
            "reads_only": request.user.role == Role.AUDITOR,
            "next": next_url,
            "error": error,
            "page_has_errors": bool(error),
        },
    )


# --- Starting a check -------------------------------------------------------------------


def _render_form(request: HttpRequest, applicant, form: StartCheckForm) -> HttpResponse:
    return render(
        request,
        "web/check_new.html",
        {"form": form, "applicant": applicant},
    )


@login_required
def check_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The check's details and declarations; a valid form goes to "check your answers"."""
    applicant = applicant_or_404(request, pk, act=True)
    if not has_accepted_current_policy(request.user):
        here = reverse("check-new", args=[applicant.pk])
        messages.info(request, "Read and accept the current social media policy before you make a check.")
        return redirect(f"{reverse('policy')}?{urlencode({'next': here})}")
    # The same rules, asked before the form: only what would be allowed is offered, and when
    # nothing would be, the page says why. check_start still decides (and records a refusal).
    options = check_options(user=request.user, applicant=applicant)
    if options.profiles and not options.possible:
        return render(request, "web/check_not_possible.html", {"applicant": applicant, "options": options})
    form = StartCheckForm(posted(request), applicant=applicant, options=options)
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        return render(request, "web/check_confirm.html", {"form": form, "applicant": applicant})
    return _render_form(request, applicant, form)


@login_required
@post_only(back=("check-new", "Go to the check form"))
def check_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the rules. Allowed: the check is recorded and its page shows the link, once.
    Refused: the refusal is recorded, the manager told, and the worker shown why."""
    applicant = applicant_or_404(request, pk, act=True)
    form = StartCheckForm(request.POST, applicant=applicant)

    def start(data):
        outcome = check_start(
            user=request.user,
            applicant_id=applicant.pk,
            profile_id=data["profile"].pk,
            viewing_account_id=data["viewing_account"].pk,
            declarations=form.declarations_dict(),
            purpose=data["purpose"],
        )
        if outcome.hidden:
            raise NotFound(NOT_FOUND)
        if outcome.allowed:
            return Done(reverse("check", args=[outcome.social_check.pk]))
        return Done(reverse("refusal", args=[outcome.refusal.pk]))

    response = submit_once(request, form, start)
    if response is not None:
        return response
    return _render_form(request, applicant, form)


# --- A started check and its findings -----------------------------------------------


def _check_or_404(request: HttpRequest, pk: int) -> SocialCheck:
    visible = SocialCheck.objects.filter(applicant__in=applicants_visible_to(request.user)).select_related(
        "applicant__household",
        "joint_applicant",
        "profile__platform",
        "viewing_account__platform",
        "worker",
        "completed_by",
    )
    return get_in_scope(request, visible, pk)


def _may_record_findings(user, social_check: SocialCheck) -> bool:
    return (
        not social_check.is_completed
        and can_act_on_household(user, social_check.applicant.household)
        and (social_check.worker_id == user.pk or user.is_manager)
    )


def _render_check(request, social_check, form=None, *, show_link=False) -> HttpResponse:
    may_record = _may_record_findings(request.user, social_check)
    if may_record and form is None:
        form = FindingsForm()
    return render(
        request,
        "web/check.html",
        {
            "check": social_check,
            "applicant": social_check.applicant,
            "form": form if may_record else None,
            "show_link": show_link,
            "void": CheckVoid.objects.filter(social_check=social_check).select_related("voided_by").first(),
            "may_void": request.user.is_manager
            and request.user.pk not in (social_check.worker_id, social_check.completed_by_id)
            and can_act_on_household(request.user, social_check.applicant.household)
            and not why_not_voidable(social_check),
        },
    )


@never_cache
@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    social_check = _check_or_404(request, pk)
    audit_access(user=request.user, obj=social_check, request=request)
    return _render_check(request, social_check, show_link=_show_link_once(request, social_check))


@never_cache
@login_required
def check_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The check's record on a page made for printing (never the profile's link)."""
    social_check = _check_or_404(request, pk)
    audit_access(user=request.user, obj=social_check, request=request, data={"view": "print"})
    void = CheckVoid.objects.filter(social_check=social_check).select_related("voided_by").first()
    return render(
        request, "web/check_print.html", {"check": social_check, "applicant": social_check.applicant, "void": void}
    )


def _show_link_once(request: HttpRequest, social_check: SocialCheck) -> bool:
    """The profile link is shown on the first page after the worker's start form, and never again.

    Its showing is recorded on the check (one conditional UPDATE, so two pages
    opened at once cannot both show it); a check started elsewhere (not by this
    worker's form on this site) never shows it here."""
    if social_check.worker_id != request.user.pk or social_check.is_completed:
        return False
    started_here = Submission.objects.filter(
        user=request.user, result_url=reverse("check", args=[social_check.pk])
    ).exists()
    if not started_here:
        return False
    return (
        SocialCheck.objects.filter(
            pk=social_check.pk, completed_at__isnull=True, profile_link_shown_at__isnull=True
        ).update(profile_link_shown_at=timezone.now())
        == 1
    )


@login_required
@post_only(back=("check", "Go to the check to record its findings"))
def check_findings(request: HttpRequest, pk: int) -> HttpResponse:
    social_check = _check_or_404(request, pk)
    form = FindingsForm(request.POST)

    def complete(data):
        check_complete(
            user=request.user,
            social_check_id=social_check.pk,
            findings_summary=data["findings_summary"],
            outcome=data["outcome"],
            no_third_party_details=data["no_third_party_details"] is True,
        )
        return Done(
            reverse("household", args=[social_check.applicant.household_id]),
            f"Findings recorded. The check of {social_check.applicant.full_name} is complete.",
        )

    response = submit_once(request, form, complete)
    if response is not None:
        return response
    social_check.refresh_from_db()
    if social_check.is_completed:
        # Completed meanwhile (another tab, or a manager): show what was recorded.
        messages.info(request, "The findings for this check were already recorded. Nothing was changed.")
        return redirect("check", pk=social_check.pk)
    return _render_check(request, social_check, form)


@login_required
def refusal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Why a check was refused: every failing rule, and what to do next."""
    refusals = Refusal.objects.filter(user=request.user, applicant__in=applicants_visible_to(request.user))
    refusal = get_in_scope(request, refusals.select_related("applicant__household", "profile__platform"), pk)
    # The stored message says what was known of this attempt (who lacked consent, from when a check is possible).
    stored = refusal.messages if isinstance(refusal.messages, list) else []
    reasons = [
        {
            "message": stored[i] if i < len(stored) else rule.message,
            "next_step": rule.next_step,
            "code": rule.code.value,
        }
        for i, rule in enumerate(rules.rule_for(code) for code in refusal.codes)
    ]
    return render(
        request,
        "web/refusal.html",
        {"refusal": refusal, "applicant": refusal.applicant, "reasons": reasons, "page_has_errors": True},
    )


# --- The receipt to the applicant (overt by design) ------------------------------


def _completed_check_or_404(request: HttpRequest, pk: int) -> SocialCheck:
    social_check = _check_or_404(request, pk)
    if not social_check.is_completed:
        raise Http404("The check is not completed yet, so there is no receipt.")
    return social_check


@login_required
def check_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt letter in every format (the applicant's own first), and marking it sent."""
    social_check = _completed_check_or_404(request, pk)
    applicant = social_check.applicant
    may_act = can_act_on_household(request.user, applicant.household)
    sent = CheckReceipt.objects.filter(social_check=social_check).select_related("sent_by").first()
    form = ReceiptSentForm(posted(request), initial={"sent_on": timezone.localdate()})
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied("Only social workers and managers can record that a receipt was sent.")

        def mark(data):
            receipt_mark_sent(
                user=request.user, social_check=social_check, sent_on=data["sent_on"], sent_how=data["sent_how"]
            )
            return Done(
                reverse("check", args=[social_check.pk]),
                f"You recorded that the receipt was sent to {applicant.full_name}.",
            )

        response = submit_once(request, form, mark)
        if response is not None:
            return response
    theirs = receipt_suffix(applicant)
    letters = [
        {
            "label": fmt.label,
            "url": reverse("check-receipt-file", args=[social_check.pk, suffix]),
            "theirs": suffix == theirs,
        }
        for suffix, fmt in documents.FORMATS.items()
    ]
    letters.sort(key=lambda letter: not letter["theirs"])
    return render(
        request,
        "web/check_receipt.html",
        {
            "check": social_check,
            "applicant": applicant,
            "letters": letters,
            "sent": sent,
            "form": form,
            "may_act": may_act,
        },
    )


@login_required
def check_receipt_file(request: HttpRequest, pk: int, suffix: str) -> HttpResponse:
    social_check = _completed_check_or_404(request, pk)
    if suffix not in documents.FORMATS:
        raise Http404("No such format.")
    try:
        made = receipt_letter(social_check, suffix)
    except documents.DocumentUnavailable as unavailable:
        return render(
            request,
            "web/consent_information_unavailable.html",
            {
                "applicant": social_check.applicant,
                "message": unavailable.message,
                "format": documents.FORMATS[suffix],
                "what": "receipt letter",
            },
            status=unavailable.status,
        )
    audit_access(user=request.user, obj=social_check, request=request, data={"page": f"check receipt, {suffix}"})
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response
