"""Queue an email through the outbox: the row is written with the event, the
task is enqueued only after commit, and a beat task re-sends what is pending."""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Notification

logger = logging.getLogger(__name__)


def deliver_notification_task():
    from .tasks import deliver_notification

    return deliver_notification


def enqueue_delivery(notification_id: int) -> None:
    try:
        deliver_notification_task().apply_async(args=[notification_id], task_id=f"notification-{notification_id}")
    except Exception:  # broker down or hung: the row stays pending for the relay
        logger.warning("Could not enqueue notification %s; the relay will retry", notification_id, exc_info=True)


def notification_queue(*, kind: str, subject: str, body: str, recipients: list[str], about: str = "") -> Notification:
    recipients = sorted({r for r in recipients if r})
    notification = Notification.objects.create(
        kind=kind, subject=subject[:200], body=body, recipients=recipients, about=about[:100]
    )
    transaction.on_commit(lambda: enqueue_delivery(notification.pk), robust=True)
    return notification


def absolute_url(viewname: str, *args) -> str:
    """A link for an email: the configured SITE_URL and the page's own address."""
    return settings.SITE_URL + reverse(viewname, args=args)


def notify(*, kind: str, template: str, context: dict, recipients: list[str], about: str = "") -> Notification:
    """Queue an email composed from `templates/email/<template>_subject.txt` and `<template>.txt`."""
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    body = render_to_string(f"email/{template}.txt", context).strip() + "\n"
    return notification_queue(kind=kind, subject=subject, body=body, recipients=recipients, about=about)
