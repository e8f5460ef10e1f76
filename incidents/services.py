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
from t4c_socialcheck.errors import AUDITORS_CHANGE_NOTHING, Invalid, NotFound, NotPermitted
from t4c_socialcheck.limits import max_length

from .models import IcoDecision, Incident, IncidentKind, IncidentStatus

MAX_DESCRIPTION = max_length(Incident, "description")


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
    if occurred_at is None:
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
        local_authority=household.local_authority if household else None,
        occurred_at=occurred_at,
        reported_by=user,
        refusal=refusal,
        aware_at=timezone.now() if kind == IncidentKind.DATA_BREACH else None,
    )
    recipients = line_manager_emails(user, household)
    if (
        kind in (IncidentKind.DATA_BREACH, IncidentKind.POLICY_BREACH)
        and household
        and household.local_authority.dpo_email
    ):
        # The local authority is the data controller and investigates (clause 7.9).
        recipients.append(household.local_authority.dpo_email)
    notify(
        kind=f"incident_{kind}",
        template="incident_reported",
        context={
            "actor_name": user.get_full_name() or user.username,
            "incident": incident,
            "url": absolute_url("incident", incident.pk),
        },
        recipients=recipients,
        about=f"incident:{incident.pk}",
        local_authority=incident.local_authority,
    )
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


UPDATABLE = (
    "status",
    "ico_decision",
    "ico_decision_reason",
    "ico_notified_at",
    "dpo_informed_at",
    "police_reference",
    "risk_assessment_updated_on",
)


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
    for name, value in changes.items():
        setattr(incident, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if incident.status not in IncidentStatus.values:
        errors["status"] = ["Choose open, investigating or closed."]
    if incident.ico_decision not in IcoDecision.values:
        errors["ico_decision"] = ["Choose the decision about reporting to the ICO."]
    if incident.ico_decision == IcoDecision.NOT_REPORTABLE and not incident.ico_decision_reason:
        errors["ico_decision_reason"] = ["Record why the breach is not reportable to the ICO."]
    if incident.ico_decision == IcoDecision.REPORTED and not incident.ico_notified_at:
        errors["ico_notified_at"] = ["Enter when the ICO was told."]
    for name in ("ico_decision_reason", "police_reference"):
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
