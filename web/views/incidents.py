"""Reporting an incident: any signed-in member of staff but auditors, at any time."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from cases.scope import applicants_visible_to
from incidents.models import Incident, IncidentKind
from incidents.services import incident_report
from t4c_socialcheck.errors import AUDITORS_CHANGE_NOTHING
from web.forms import IncidentForm
from web.helpers import Done, not_found, posted, submit_once


@login_required
def incident_report_view(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.AUDITOR:
        raise PermissionDenied(AUDITORS_CHANGE_NOTHING)
    applicants = applicants_visible_to(request.user).select_related("household").order_by("last_name", "first_name")
    initial = {}
    about = request.GET.get("applicant", "")
    if about.isdigit():
        initial["applicant"] = applicants.filter(pk=about).first()
    form = IncidentForm(posted(request), applicants=applicants, initial=initial)
    if request.method == "POST":

        def report(data):
            incident = incident_report(
                user=request.user,
                kind=data["kind"],
                description=data["description"],
                occurred_at=data["occurred_at"],
                applicant_id=data["applicant"].pk if data["applicant"] else None,
            )
            return Done(reverse("incident", args=[incident.pk]))

        response = submit_once(request, form, report)
        if response is not None:
            return response
    return render(request, "web/incident_report.html", {"form": form})


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """For the reporter: what happens next. Managers following the email's link
    go to the incident's management page when there is one."""
    incident = Incident.objects.filter(pk=pk, reported_by=request.user).first()
    if incident is None:
        if request.user.role in (Role.MANAGER, Role.ADMIN, Role.AUDITOR):
            try:
                return redirect(reverse("incident-detail", args=[pk]))
            except NoReverseMatch:
                pass
        raise not_found(request, Incident, pk)
    return render(
        request,
        "web/incident_reported.html",
        {
            "incident": incident,
            "about_worker": incident.kind in (IncidentKind.TROLLING, IncidentKind.THREAT),
            "breach": incident.kind in (IncidentKind.DATA_BREACH, IncidentKind.POLICY_BREACH),
        },
    )
