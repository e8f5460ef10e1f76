import datetime
import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def send_notification(notification: Notification) -> None:
    """One email: the plain text, and the HTML beside it when there is one."""
    message = EmailMultiAlternatives(
        notification.subject, notification.body, notification.from_email or None, notification.recipients
    )
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    message.send()


@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> bool:
    """Send one pending notification. Idempotent: a re-delivered task sends nothing twice.

    If the mail server refuses it or cannot be reached, the notification stays
    pending (with the attempt and the error noted) and the relay tries again."""
    try:
        with transaction.atomic():
            # skip_locked: if another worker is sending this one right now, leave it to them.
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk=notification_id, sent_at__isnull=True)
                .first()
            )
            if notification is None:
                return False
            notification.attempts += 1
            if notification.recipients:
                send_notification(notification)
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["attempts", "sent_at", "last_error"])
    except Exception as error:  # the mail server (or the database) failed: pending, for the relay
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:500]
        )
        logger.warning("notification_not_sent", extra={"notification": notification_id, "error": type(error).__name__})
        return False
    return True


@shared_task
def relay_pending_notifications(older_than_seconds: int = 30) -> int:
    """Re-enqueue notifications the broker never took (it was down or hung)."""
    from .services import enqueue_delivery

    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    pending = list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lte=cutoff).values_list("pk", flat=True)[:500]
    )
    for notification_id in pending:
        enqueue_delivery(notification_id)
    return len(pending)
