"""Governance pages: training status, conflicts of interest, restricted records,
policy acceptance and the annual report. Thin: the services and selectors decide."""

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import Action, AuditEvent
from audit.services import audit_record
from cases.models import LocalAuthority
from oversight.access import require_oversight
from oversight.charts import bar_chart
from policy.models import PolicyAcknowledgement, PolicyVersion
from web.helpers import Done, household_or_404, question_page

from . import services
from .annual import annual_report, csv_rows, staff_asked_to_accept
from .forms import AnnualReportForm, ConflictForm, LiftForm, RestrictForm, TrainingRecordForm
from .models import ConflictDeclaration
from .selectors import EXPIRY_WARNING_DAYS, live_restriction, staff_who_check, training_status

AGENCY = "agency"  # the slug of the whole agency's report


# --- Training -------------------------------------------------------------------------------------


def _people_for(user):
    """Managers see their teams; admins and auditors everyone who checks."""
    if user.is_manager:
        return services.staff_managed_by(user).order_by("last_name", "first_name", "username")
    return staff_who_check()


@login_required
def training_status_view(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    rows = training_status(_people_for(request.user))
    return render(
        request,
        "governance/training.html",
        {"rows": rows, "warning_days": EXPIRY_WARNING_DAYS, "can_record": request.user.is_manager},
    )


@login_required
def training_record_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_manager:
        raise PermissionDenied("Only a manager can record training.")
    people = list(_people_for(request.user))

    def record(data):
        services.training_record(
            user=request.user, person_id=data["person"], course_id=data["course"].pk, completed_on=data["completed_on"]
        )
        return Done(reverse("training-status"), "The training is recorded.")

    form = TrainingRecordForm(request.POST if request.method == "POST" else None, people=people)
    return question_page(request, form, record, "governance/training_record.html", {})


# --- Conflicts and restrictions --------------------------------------------------------------------


@login_required
def conflict_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_or_404(request, pk)
    declared = ConflictDeclaration.objects.filter(user=request.user, household=household).first()

    def declare(data):
        services.conflict_declare(user=request.user, household_id=household.pk, reason=data["reason"])
        return Done(
            reverse("household", args=[household.pk]),
            "Your connection is recorded and your manager has been told. Another worker must make any check here.",
        )

    form = ConflictForm(request.POST if request.method == "POST" and declared is None else None)
    return question_page(
        request, form, declare, "governance/conflict.html", {"household": household, "declared": declared}
    )


@login_required
def restriction_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Restrict a household to named staff, or lift the restriction; the attempts of others are listed."""
    household = household_or_404(request, pk)
    if not request.user.is_manager:
        raise PermissionDenied("Only the household's manager can restrict it.")
    restriction = live_restriction(household)
    posted = request.POST if request.method == "POST" else None
    if restriction is None:
        people = list(household.team.members.filter(is_active=True)) if household.team_id else []
        people += [
            p for p in (household.team.managers.filter(is_active=True) if household.team_id else []) if p not in people
        ]
        people = [p for p in people if p.pk != request.user.pk]

        def restrict(data):
            services.household_restrict(
                user=request.user, household_id=household.pk, staff_ids=data["staff"], reason=data["reason"]
            )
            return Done(
                reverse("household-restriction", args=[household.pk]), "Only the staff you named can see it now."
            )

        form, action = RestrictForm(posted, people=people), restrict
    else:

        def lift(data):
            services.restriction_lift(user=request.user, household_id=household.pk, reason=data["lift_reason"])
            return Done(reverse("household", args=[household.pk]), "The restriction is lifted.")

        form, action = LiftForm(posted), lift
    attempts = (
        AuditEvent.objects.filter(
            household_id=household.pk, action=Action.ACCESS_DENIED, at__gte=restriction.restricted_at
        ).order_by("-seq")[:100]
        if restriction is not None
        else []
    )
    return question_page(
        request,
        form,
        action,
        "governance/restriction.html",
        {"household": household, "restriction": restriction, "attempts": attempts},
    )


# --- Policy acceptance -------------------------------------------------------------------------------


@login_required
def policy_acceptance_view(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    current = PolicyVersion.objects.current()
    accepted = PolicyAcknowledgement.objects.filter(policy_version=current).values("user_id")
    waiting = staff_asked_to_accept().exclude(pk__in=accepted).order_by("last_name", "first_name", "username")
    if request.user.is_manager:
        waiting = waiting.filter(pk__in=services.staff_managed_by(request.user).values("pk"))
    return render(request, "governance/policy_acceptance.html", {"policy": current, "waiting": waiting})


# --- The annual report ---------------------------------------------------------------------------------


def _require_report_reader(user):
    if user.role not in (Role.MANAGER, Role.ADMIN, Role.AUDITOR):
        raise PermissionDenied("The annual report is for managers, admins and auditors.")


def council_for(slug: str) -> LocalAuthority | None:
    """None for the whole agency; 404 for a slug no council has."""
    if slug == AGENCY:
        return None
    council = LocalAuthority.objects.filter(slug=slug).first()
    if council is None:
        raise Http404("No council here.")
    return council


def _year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404("No report for that year.")
    return year


@login_required
def annual_choose(request: HttpRequest) -> HttpResponse:
    _require_report_reader(request.user)
    form = AnnualReportForm(request.GET or None, councils=LocalAuthority.objects.all())
    if request.GET and form.is_valid():
        return redirect("annual-report", slug=form.cleaned_data["council"], year=form.cleaned_data["year"])
    return render(request, "governance/annual_choose.html", {"form": form})


def _context(council, year: int) -> dict:
    report = annual_report(council, year)
    checks = report["checks"]

    def chart(chart_id, title, mapping):
        return bar_chart(chart_id=chart_id, title=title, rows=list(mapping.items()))

    return {
        "council": council,
        "name": council.name if council else settings.SOCIALCHECK_AGENCY_NAME,
        "year": year,
        "report": report,
        "made_at": timezone.localtime(),
        "charts": {
            "platform": chart("by-platform", f"Checks by platform, {year}", checks["by_platform"]),
            "outcome": chart("by-outcome", f"Checks by outcome, {year}", checks["by_outcome"]),
            "team": chart("by-team", f"Checks by team, {year}", checks["by_team"]),
            "refusals": chart("refusals", f"Refusals by rule, {year}", report["refusals_by_code"]),
            "incidents": chart("incidents", f"Incidents by kind, {year}", report["incidents_by_kind"]),
        },
    }


def _audited(request, council, year: int, what: str):
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        record_type="annual_report",
        record_id=f"{council.slug if council else AGENCY}/{year}",
        summary=f"Annual report {what}: {council.name if council else 'the whole agency'}, {year}",
        request=request,
    )


@login_required
def annual_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    _require_report_reader(request.user)
    council, year = council_for(slug), _year(year)
    context = _context(council, year)
    _audited(request, council, year, "viewed")
    return render(request, "governance/annual.html", {**context, "slug": slug})


@login_required
def annual_csv(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    _require_report_reader(request.user)
    council, year = council_for(slug), _year(year)
    report = annual_report(council, year)
    _audited(request, council, year, "exported as CSV")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{slug}-{year}.csv"'
    csv.writer(response).writerows(csv_rows(report))
    return response


def annual_pdf_bytes(council, year: int) -> bytes:
    """The report as a tagged PDF from the same data, with the project's own fonts and print stylesheet."""
    from weasyprint import CSS, HTML

    context = _context(council, year)
    # The charts' text in the shipped font too (annual-report-print.css names it).
    html = render_to_string("governance/annual_pdf.html", {**context, "chart_font": "DejaVu Sans"})
    stylesheet = CSS(filename=str(settings.BASE_DIR / "static" / "css" / "annual-report-print.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )


@login_required
def annual_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    _require_report_reader(request.user)
    council, year = council_for(slug), _year(year)
    pdf = annual_pdf_bytes(council, year)
    _audited(request, council, year, "made as PDF")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="annual-report-{slug}-{year}.pdf"'
    return response
