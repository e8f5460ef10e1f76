"""Queue an email through the outbox: the row is written with the event, the
task is enqueued only after commit, and a beat task re-sends what is pending."""

import logging
from email.utils import formataddr

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
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


def notification_queue(
    *,
    kind: str,
    subject: str,
    body: str,
    recipients: list[str],
    about: str = "",
    html_body: str = "",
    from_email: str = "",
) -> Notification:
    recipients = sorted({r for r in recipients if r})
    notification = Notification.objects.create(
        kind=kind,
        subject=subject[:200],
        body=body,
        html_body=html_body,
        from_email=from_email,
        recipients=recipients,
        about=about[:100],
    )
    transaction.on_commit(lambda: enqueue_delivery(notification.pk), robust=True)
    return notification


def absolute_url(viewname: str, *args) -> str:
    """A link for an email: the configured SITE_URL and the page's own address."""
    return settings.SITE_URL + reverse(viewname, args=args)


def sender_for(local_authority=None) -> str:
    """Who an email is from: the council's own address when it has one (its
    staff's mail filters and replies expect it), else DEFAULT_FROM_EMAIL."""
    address = getattr(local_authority, "email_from", "")
    if not address:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((f"{settings.SOCIALCHECK_SERVICE_NAME}, {local_authority.name}", address))


def render_html(template: str, context: dict, *, subject: str, body: str) -> str:
    """`templates/email/<template>.html` if there is one, else the plain text in
    the common layout (`email/base.html`): every email has both parts."""
    context = {
        **context,
        "subject": subject,
        "text_body": body,
        "service_name": settings.SOCIALCHECK_SERVICE_NAME,
        "agency_name": settings.SOCIALCHECK_AGENCY_NAME,
    }
    try:
        return render_to_string(f"email/{template}.html", context)
    except TemplateDoesNotExist:
        return render_to_string("email/base.html", context)


def notify(
    *, kind: str, template: str, context: dict, recipients: list[str], about: str = "", local_authority=None
) -> Notification:
    """Queue an email composed from `templates/email/<template>_subject.txt`, `<template>.txt`
    and its HTML twin (render_html), sent from `local_authority`'s address if given."""
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    body = render_to_string(f"email/{template}.txt", context).strip() + "\n"
    return notification_queue(
        kind=kind,
        subject=subject,
        body=body,
        html_body=render_html(template, context, subject=subject, body=body),
        from_email=sender_for(local_authority),
        recipients=recipients,
        about=about,
    )
