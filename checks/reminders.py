"""Reminders about RIPA authorisations, sent through the outbox (run daily by checks.tasks)."""

import datetime

from django.utils import timezone

from accounts.selectors import line_manager_emails
from notifications.models import Notification
from notifications.services import absolute_url, notify

from .models import RipaAuthorisation

EXPIRY_NOTICE_DAYS = 7


def remind_expiring_ripa_authorisations() -> int:
    """Tell the recording manager (and their team's managers) a week before an authorisation ends, once."""
    today = timezone.localdate()
    expiring = RipaAuthorisation.objects.filter(
        cancelled_at__isnull=True,
        valid_to__gte=today,
        valid_to__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS),
    ).select_related("created_by", "applicant__household__local_authority")
    sent = 0
    for authorisation in expiring:
        about = f"ripa:{authorisation.pk}:expiry:{authorisation.valid_to.isoformat()}"
        if Notification.objects.filter(about=about).exists():
            continue
        notify(
            kind="ripa_expiring",
            template="ripa_expiring",
            context={"authorisation": authorisation, "url": absolute_url("ripa-detail", authorisation.pk)},
            recipients=[
                authorisation.created_by.email,
                *line_manager_emails(authorisation.created_by, authorisation.applicant.household),
            ],
            about=about,
            local_authority=authorisation.applicant.household.local_authority,
        )
        sent += 1
    return sent
