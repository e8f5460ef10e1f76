"""Incidents: the list, one incident with its history, and a manager's update."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_http_methods

from audit.models import Action, AuditEvent
from audit.services import audit_access
from incidents.models import IcoDecision, Incident, IncidentKind, IncidentStatus
from incidents.selectors import incidents_visible_to
from incidents.services import incident_correct_awareness, incident_reclassify, incident_update
from t4c_socialcheck.errors import Invalid
from web.helpers import Done, question_page, submit_once

from .access import query_without_page, record_or_404, require_manager, require_oversight
from .forms import IncidentCorrectionForm, IncidentFilterForm, IncidentUpdateForm
from .pagination import newest_first_page

PEOPLE_KINDS = (IncidentKind.TROLLING, IncidentKind.THREAT)
# Views and refused look-ups are in the audit trail; the timeline tells the incident's story.
TIMELINE_LEAVES_OUT = (Action.VIEW, Action.ACCESS_DENIED)


@dataclass(frozen=True)
class IcoClock:
    """Where a personal data breach stands against the 72-hour ICO deadline."""

    deadline: datetime.datetime
    state: str  # "due", "overdue", "reported", "not_reportable", "closed"
    left: datetime.timedelta  # negative once overdue
    late_by: datetime.timedelta | None = None  # for a report made after the deadline


def ico_clock(incident: Incident, now: datetime.datetime) -> IcoClock | None:
    deadline = incident.ico_deadline
    if deadline is None:
        return None
    left = deadline - now
    if incident.ico_decision == IcoDecision.REPORTED:
        told = incident.ico_notified_at
        late = told - deadline if told and told > deadline else None
        return IcoClock(deadline=deadline, state="reported", left=left, late_by=late)
    if incident.ico_decision == IcoDecision.NOT_REPORTABLE:
        return IcoClock(deadline=deadline, state="not_reportable", left=left)
    if incident.status == IncidentStatus.CLOSED:
        return IcoClock(deadline=deadline, state="closed", left=left)
    return IcoClock(deadline=deadline, state="overdue" if left <= datetime.timedelta(0) else "due", left=left)


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    filter_form = IncidentFilterForm(request.GET)
    incidents = filter_form.filtered(incidents_visible_to(request.user).select_related("reported_by", "household"))
    page = newest_first_page(incidents, request.GET, field="reported_at")
    now = timezone.now()
    rows = [(incident, ico_clock(incident, now)) for incident in page]
    return render(
        request,
        "oversight/incident_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "page_has_errors": bool(filter_form.errors),
        },
    )


def _incident(request, pk):
    return record_or_404(
        request,
        incidents_visible_to(request.user).select_related(
            "reported_by", "household__team", "applicant__household", "local_authority", "refusal"
        ),
        pk,
    )


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def _readable(field, value) -> str:
    """auditlog stores values as text; show choices by their label and times in local time."""
    if value in (None, "", "None"):
        return "blank"
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    when = parse_datetime(value) if isinstance(value, str) else None
    if when is not None:
        if timezone.is_naive(when):
            when = timezone.make_aware(when, datetime.UTC)
        return date_format(timezone.localtime(when), r"j F Y \a\t H:i")
    day = parse_date(value) if isinstance(value, str) else None
    if day is not None:
        return date_format(day, "j F Y")
    return str(value)


def _changes(event: AuditEvent) -> list[Change]:
    if event.action != Action.UPDATE:
        return []
    changes = (event.data or {}).get("changes") or {}
    found = []
    for name, values in changes.items():
        try:
            field = Incident._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if name == "closed_at":
            continue  # follows from the status
        old, new = (list(values) + [None, None])[:2] if isinstance(values, list | tuple) else (None, values)
        label = str(field.verbose_name).capitalize() if field is not None else name
        found.append(Change(field=label, old=_readable(field, old), new=_readable(field, new)))
    return found


def _timeline(incident: Incident) -> list[dict]:
    events = (
        AuditEvent.objects.filter(record_type="incident", record_id=str(incident.pk))
        .exclude(action__in=TIMELINE_LEAVES_OUT)
        .order_by("-seq")
    )
    return [{"event": event, "changes": _changes(event)} for event in events]


def _initial(incident: Incident) -> dict:
    return {
        "status": incident.status,
        "ico_decision": incident.ico_decision,
        "ico_decision_reason": incident.ico_decision_reason,
        "ico_notified_at": incident.ico_notified_at,
        "ico_reference": incident.ico_reference,
        "late_reason": incident.late_reason,
        "dpo_informed_at": incident.dpo_informed_at,
        "subjects_decision": incident.subjects_decision,
        "subjects_told_on": incident.subjects_told_on,
        "subjects_told_how": incident.subjects_told_how,
        "subjects_not_told_reason": incident.subjects_not_told_reason,
        "police_reference": incident.police_reference,
        "risk_assessment_updated_on": incident.risk_assessment_updated_on,
    }


def _show_incident(request, incident, form=None):
    audit_access(user=request.user, obj=incident, request=request)
    if form is None and request.user.is_manager:
        form = IncidentUpdateForm(kind=incident.kind, initial=_initial(incident))
    return render(
        request,
        "oversight/incident_detail.html",
        {
            "incident": incident,
            "clock": ico_clock(incident, timezone.now()),
            "is_breach": incident.kind == IncidentKind.DATA_BREACH,
            "is_people": incident.kind in PEOPLE_KINDS,
            "timeline": _timeline(incident),
            "corrections": incident.corrections.select_related("by"),
            "update_form": form,
            "error_form": form if form is not None and form.errors else None,
            "page_has_errors": form is not None and bool(form.errors),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    if request.method != "POST":
        return _show_incident(request, incident)
    require_manager(request, incident)
    form = IncidentUpdateForm(request.POST, kind=incident.kind)

    def update(data):
        incident_update(user=request.user, incident_id=incident.pk, **form.changes())
        return Done(reverse("incident-detail", args=[incident.pk]), "Incident updated.")

    response = submit_once(request, form, update)
    if response is not None:
        return response
    return _show_incident(request, _incident(request, pk), form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def incident_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager corrects the kind of incident, or when the agency became aware of a breach, with the reason."""
    incident = _incident(request, pk)
    require_manager(request, incident)
    initial = {"kind": incident.kind, "aware_at": incident.aware_at}
    form = IncidentCorrectionForm(
        request.POST if request.method == "POST" else None, incident=incident, initial=initial
    )

    def correct(data):
        changed = False
        if data.get("aware_at") and data["aware_at"] != incident.aware_at:
            incident_correct_awareness(
                user=request.user, incident_id=incident.pk, aware_at=data["aware_at"], reason=data["reason"]
            )
            changed = True
        if data["kind"] != incident.kind:
            incident_reclassify(user=request.user, incident_id=incident.pk, kind=data["kind"], reason=data["reason"])
            changed = True
        if not changed:
            raise Invalid("Change the kind or the time the agency became aware, or cancel.")
        return Done(reverse("incident-detail", args=[incident.pk]), "Incident corrected.")

    return question_page(request, form, correct, "oversight/incident_correct.html", {"incident": incident})
