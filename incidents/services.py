"""Reporting an incident: the line manager is told at once (clause 6.2)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.selectors import line_manager_emails
from cases.models import Applicant
from cases.scope import applicants_visible_to
from notifications.services import notification_queue
from t4c_socialcheck.errors import Invalid, NotFound

from .models import Incident, IncidentKind

MAX_DESCRIPTION = 5000


@transaction.atomic
def incident_report(
    *,
    user,
    kind: str,
    description: str,
    occurred_at: datetime.datetime,
    applicant_id=None,
) -> Incident:
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
    notification_queue(
        kind=f"incident_{kind}",
        subject=f"Incident reported: {incident.get_kind_display()}",
        body=(
            f"{user.get_full_name() or user.username} reported: {incident.get_kind_display()}.\n\n"
            f"When it happened: {timezone.localtime(occurred_at):%d %B %Y at %H:%M}\n\n"
            f"{description}\n\n"
            f"See it: {settings.SITE_URL}/incidents/{incident.pk}/"
        ),
        recipients=recipients,
        about=f"incident:{incident.pk}",
    )
    return incident
