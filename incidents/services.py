"""Reporting an incident: the line manager is told at once (clause 6.2)."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import line_manager_emails
from cases.models import Applicant
from cases.scope import applicants_visible_to
from notifications.services import absolute_url, notify
from t4c_socialcheck.dates import is_aware_moment, is_calendar_date
from t4c_socialcheck.errors import AUDITORS_CHANGE_NOTHING, Invalid, NotFound, NotPermitted
from t4c_socialcheck.limits import max_length

from .models import (
    ICO_DEADLINE,
    IcoDecision,
    Incident,
    IncidentCorrection,
    IncidentKind,
    IncidentStatus,
    SubjectsDecision,
)

MAX_DESCRIPTION = max_length(Incident, "description")
MAX_REASON = max_length(IncidentCorrection, "reason")
# Kinds the council, as data controller, investigates: its data protection officer is told at once (clause 7.9).
DPO_KINDS = (IncidentKind.DATA_BREACH, IncidentKind.POLICY_BREACH)


def council_of_reporter(user):
    """The council of the reporter's team: where an incident with no household goes.
    The teams they belong to first, then those they manage, each by name."""
    from accounts.models import Team

    for teams in (Team.objects.filter(members=user), Team.objects.filter(managers=user)):
        team = teams.filter(local_authority__isnull=False).select_related("local_authority").order_by("name").first()
        if team is not None:
            return team.local_authority
    return None


def _tell(incident: Incident, user, *, template: str = "incident_reported", kind: str | None = None) -> None:
    recipients = line_manager_emails(user, incident.household)
    council = incident.local_authority
    if incident.kind in DPO_KINDS and council is not None and council.dpo_email:
        recipients.append(council.dpo_email)
    notify(
        kind=kind or f"incident_{incident.kind}",
        template=template,
        context={
            "actor_name": user.get_full_name() or user.username,
            "incident": incident,
            "url": absolute_url("incident", incident.pk),
        },
        recipients=recipients,
        about=f"incident:{incident.pk}" if kind is None else f"incident:{incident.pk}:{kind}",
        local_authority=council,
    )


@transaction.atomic
def incident_report(
    *,
    user,
    kind: str,
    description: str,
    occurred_at: datetime.datetime,
    applicant_id=None,
    refusal=None,
) -> Incident:
    if user.role == Role.AUDITOR:
        raise NotPermitted(AUDITORS_CHANGE_NOTHING)
    errors: dict[str, list[str]] = {}
    if kind not in IncidentKind.values:
        errors["kind"] = ["Choose what happened."]
    description = description.strip() if isinstance(description, str) else ""
    if not description:
        errors["description"] = ["Describe what happened."]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [f"The description must be {MAX_DESCRIPTION} characters or fewer."]
    if not is_aware_moment(occurred_at):
        errors["occurred_at"] = ["Enter when it happened."]
    elif occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = ["The date must be today or in the past."]
    if errors:
        raise Invalid("Check the incident details.", fields=errors)
    applicant: Applicant | None = None
    if applicant_id is not None:
        try:
            applicant = applicants_visible_to(user).select_related("household").get(pk=applicant_id)
        except (Applicant.DoesNotExist, ValueError, TypeError):
            raise NotFound("The applicant was not found.") from None
    household = applicant.household if applicant else None
    incident = Incident.objects.create(
        kind=kind,
        description=description,
        applicant=applicant,
        household=household,
        # The council is the data controller: the household's, or else that of the reporter's team.
        local_authority=household.local_authority if household else council_of_reporter(user),
        occurred_at=occurred_at,
        reported_by=user,
        refusal=refusal,
        aware_at=timezone.now() if kind == IncidentKind.DATA_BREACH else None,
    )
    _tell(incident, user)
    return incident


@transaction.atomic
def incident_open_from_refusal(*, user, refusal_id, description: str) -> Incident:
    """A manager treats a refused attempt as a suspected policy breach (clause 7.9)."""
    from checks.selectors import refusals_visible_to

    if not user.is_manager:
        raise NotPermitted("Only a manager can open an incident from a refusal.")
    try:
        refusal = refusals_visible_to(user).get(pk=refusal_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound("The refusal was not found.") from None
    return incident_report(
        user=user,
        kind=IncidentKind.POLICY_BREACH,
        description=description,
        occurred_at=refusal.at,
        applicant_id=refusal.applicant_id,
        refusal=refusal,
    )


# Which fields a manager can change depends on the kind of incident (the incident page shows these).
BREACH_FIELDS = (
    "ico_decision",
    "ico_decision_reason",
    "ico_notified_at",
    "ico_reference",
    "late_reason",
    "dpo_informed_at",
    "subjects_decision",
    "subjects_told_on",
    "subjects_told_how",
    "subjects_not_told_reason",
)
POLICY_FIELDS = ("dpo_informed_at",)
PEOPLE_FIELDS = ("police_reference", "risk_assessment_updated_on")
FIELDS_BY_KIND = {
    IncidentKind.DATA_BREACH: BREACH_FIELDS,
    IncidentKind.POLICY_BREACH: POLICY_FIELDS,
    IncidentKind.TROLLING: PEOPLE_FIELDS,
    IncidentKind.THREAT: PEOPLE_FIELDS,
}
UPDATABLE = ("status", *dict.fromkeys(name for fields in FIELDS_BY_KIND.values() for name in fields))
# What each updatable field holds, so that a value of another type (typed at the shell) is refused
# plainly before anything compares it; the choices are checked below.
UPDATABLE_MOMENTS = ("ico_notified_at", "dpo_informed_at")
UPDATABLE_DAYS = ("subjects_told_on", "risk_assessment_updated_on")
UPDATABLE_CHOICES = ("status", "ico_decision", "subjects_decision")


def _type_errors(changes: dict) -> dict[str, list[str]]:
    errors = {}
    for name, value in changes.items():
        if name in UPDATABLE_MOMENTS:
            if value is not None and not is_aware_moment(value):
                errors[name] = ["Enter a date and time."]
        elif name in UPDATABLE_DAYS:
            if value is not None and not is_calendar_date(value):
                errors[name] = ["Enter a date."]
        elif name in UPDATABLE_CHOICES:
            if not isinstance(value, str):
                errors[name] = ["Choose from the list."]
        elif value is not None and not isinstance(value, str):
            errors[name] = ["Enter text."]
    return errors


@transaction.atomic
def incident_update(*, user, incident_id, **changes) -> Incident:
    """A manager moves an incident on: status, the ICO decision, police and risk assessment details."""
    from .selectors import incidents_visible_to

    if not user.is_manager:
        raise NotPermitted("Only a manager can update an incident.")
    try:
        incident = incidents_visible_to(user).select_for_update(of=("self",)).get(pk=incident_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound("The incident was not found.") from None
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise Invalid("Unknown fields.", fields={name: ["Not a field you can change."] for name in unknown})
    other_kind = set(changes) - {"status", *FIELDS_BY_KIND.get(incident.kind, ())}
    if other_kind:
        message = "Not a field of this kind of incident."
        raise Invalid("Check the incident details.", fields={name: [message] for name in other_kind})
    wrong_type = _type_errors(changes)
    if wrong_type:
        raise Invalid("Check the incident details.", fields=wrong_type)
    for name, value in changes.items():
        if value is None and name not in (*UPDATABLE_MOMENTS, *UPDATABLE_DAYS):
            value = ""  # a text left empty
        setattr(incident, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if incident.status not in IncidentStatus.values:
        errors["status"] = ["Choose open, investigating or closed."]
    if incident.ico_decision not in IcoDecision.values:
        errors["ico_decision"] = ["Choose the decision about reporting to the ICO."]
    closing = incident.status == IncidentStatus.CLOSED and incident.kind == IncidentKind.DATA_BREACH
    if closing and incident.ico_decision == IcoDecision.PENDING:
        errors["ico_decision"] = ["Record the decision about reporting to the ICO before you close the incident."]
    if incident.ico_decision == IcoDecision.NOT_REPORTABLE and not incident.ico_decision_reason:
        errors["ico_decision_reason"] = ["Record why the breach is not reportable to the ICO."]
    if incident.ico_decision == IcoDecision.REPORTED:
        if not incident.ico_decision_reason:
            errors["ico_decision_reason"] = ["Record why the breach is reportable to the ICO."]
        if not incident.ico_notified_at:
            errors["ico_notified_at"] = ["Enter when the ICO was told."]
        if not incident.ico_reference:
            errors["ico_reference"] = ["Enter the reference the ICO gave."]
        late = (
            incident.ico_notified_at is not None
            and incident.aware_at is not None
            and incident.ico_notified_at > incident.aware_at + ICO_DEADLINE
        )
        if late and not incident.late_reason:
            errors["late_reason"] = [
                "The ICO was told more than 72 hours after the agency became aware: record why it was late."
            ]
    if incident.subjects_decision not in SubjectsDecision.values:
        errors["subjects_decision"] = ["Choose the decision about telling the people affected."]
    if incident.subjects_decision == SubjectsDecision.TOLD:
        if not incident.subjects_told_on:
            errors["subjects_told_on"] = ["Enter when the people affected were told."]
        if not incident.subjects_told_how:
            errors["subjects_told_how"] = ["Enter how the people affected were told."]
    if incident.subjects_decision == SubjectsDecision.NOT_TOLD and not incident.subjects_not_told_reason:
        errors["subjects_not_told_reason"] = ["Record why the people affected are not being told."]
    if incident.subjects_told_on and incident.subjects_told_on > timezone.localdate():
        errors["subjects_told_on"] = ["The date must be today or in the past."]
    for name in (
        "ico_decision_reason",
        "police_reference",
        "ico_reference",
        "late_reason",
        "subjects_told_how",
        "subjects_not_told_reason",
    ):
        if len(getattr(incident, name)) > max_length(Incident, name):
            errors[name] = [f"Must be {max_length(Incident, name)} characters or fewer."]
    for name in ("ico_notified_at", "dpo_informed_at"):
        value = getattr(incident, name)
        if value is not None and value > now + datetime.timedelta(minutes=5):
            errors[name] = ["The date must be today or in the past."]
    if incident.risk_assessment_updated_on and incident.risk_assessment_updated_on > timezone.localdate():
        errors["risk_assessment_updated_on"] = ["The date must be today or in the past."]
    if errors:
        raise Invalid("Check the incident details.", fields=errors)
    if incident.status == IncidentStatus.CLOSED and incident.closed_at is None:
        incident.closed_at = now
    elif incident.status != IncidentStatus.CLOSED:
        incident.closed_at = None
    incident.save()
    return incident


def _locked_incident(user, incident_id) -> Incident:
    from .selectors import incidents_visible_to

    if not user.is_manager:
        raise NotPermitted("Only a manager can correct an incident.")
    try:
        return incidents_visible_to(user).select_for_update(of=("self",)).get(pk=incident_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound("The incident was not found.") from None


def _reason(reason) -> str:
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise Invalid(
            "Enter the reason for the correction.", fields={"reason": ["Enter the reason for the correction."]}
        )
    if len(reason) > MAX_REASON:
        message = f"The reason must be {MAX_REASON} characters or fewer."
        raise Invalid(message, fields={"reason": [message]})
    return reason


@transaction.atomic
def incident_reclassify(*, user, incident_id, kind: str, reason: str) -> Incident:
    """Correct what kind of incident it is, with the reason. Becoming a personal data breach
    starts the ICO clock (if it had not) and tells the council's data protection officer at once."""
    incident = _locked_incident(user, incident_id)
    if kind not in IncidentKind.values:
        raise Invalid("Choose what kind of incident it is.", fields={"kind": ["Choose what kind of incident it is."]})
    if kind == incident.kind:
        message = f"It is already recorded as {incident.get_kind_display().lower()}."
        raise Invalid(message, fields={"kind": [message]})
    reason = _reason(reason)
    IncidentCorrection.objects.create(
        incident=incident,
        what=IncidentCorrection.What.KIND,
        old_value=incident.kind,
        new_value=kind,
        reason=reason,
        by=user,
    )
    incident.kind = kind
    became_breach = kind == IncidentKind.DATA_BREACH
    if became_breach and incident.aware_at is None:
        incident.aware_at = timezone.now()
    incident.save(update_fields=["kind", "aware_at"])
    if kind in DPO_KINDS:
        _tell(incident, user, kind=f"reclassified_{kind}")
    return incident


@transaction.atomic
def incident_correct_awareness(*, user, incident_id, aware_at: datetime.datetime, reason: str) -> Incident:
    """Correct when the agency became aware of a personal data breach; the 72-hour clock runs from it."""
    incident = _locked_incident(user, incident_id)
    if incident.kind != IncidentKind.DATA_BREACH:
        message = "Only a personal data breach has a time the agency became aware of it."
        raise Invalid(message, fields={"aware_at": [message]})
    if not is_aware_moment(aware_at):
        raise Invalid(
            "Enter when the agency became aware.", fields={"aware_at": ["Enter when the agency became aware."]}
        )
    if aware_at > timezone.now() + datetime.timedelta(minutes=5):
        raise Invalid(
            "The time must be now or in the past.", fields={"aware_at": ["The time must be now or in the past."]}
        )
    if aware_at < incident.occurred_at:
        message = "The agency cannot have become aware before the breach happened."
        raise Invalid(message, fields={"aware_at": [message]})
    reason = _reason(reason)
    IncidentCorrection.objects.create(
        incident=incident,
        what=IncidentCorrection.What.AWARE_AT,
        old_value=incident.aware_at.isoformat() if incident.aware_at else "",
        new_value=aware_at.isoformat(),
        reason=reason,
        by=user,
    )
    incident.aware_at = aware_at
    incident.save(update_fields=["aware_at"])
    return incident
