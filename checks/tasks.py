import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_queue

EXPIRY_NOTICE_DAYS = 7


@shared_task
def remind_expiring_ripa_authorisations() -> int:
    """Daily: tell the recording manager (and their team's managers) a week before an authorisation ends."""
    from accounts.selectors import line_manager_emails

    from .models import RipaAuthorisation

    today = timezone.localdate()
    expiring = RipaAuthorisation.objects.filter(
        cancelled_at__isnull=True,
        valid_to__gte=today,
        valid_to__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS),
    ).select_related("created_by", "applicant__household")
    sent = 0
    for authorisation in expiring:
        about = f"ripa:{authorisation.pk}:expiry:{authorisation.valid_to.isoformat()}"
        if Notification.objects.filter(about=about).exists():
            continue
        recipients = [
            authorisation.created_by.email,
            *line_manager_emails(authorisation.created_by, authorisation.applicant.household),
        ]
        notification_queue(
            kind="ripa_expiring",
            subject=f"RIPA authorisation {authorisation.reference} ends on {authorisation.valid_to:%d %B %Y}",
            body=(
                f"RIPA authorisation {authorisation.reference} ends on {authorisation.valid_to:%d %B %Y}.\n"
                "Review it, renew it if a magistrate approves, or cancel it when no longer needed.\n\n"
                f"{settings.SITE_URL}/manage/ripa/{authorisation.pk}/"
            ),
            recipients=recipients,
            about=about,
        )
        sent += 1
    return sent
