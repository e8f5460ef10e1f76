import datetime

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> bool:
    """Send one pending notification. Idempotent: a re-delivered task sends nothing twice."""
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
            send_mail(notification.subject, notification.body, None, notification.recipients)
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "sent_at"])
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
