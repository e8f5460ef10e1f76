"""Reminders through the outbox, run daily (ripa.tasks): the authorising officer's
reviews as they fall due (and once more when overdue), the applying manager a week
before the last valid day, and the officer, senior responsible officer and RIPA
coordinator when one lapsed without cancellation. Each is sent once (`about`)."""

import datetime

from django.utils import timezone

from notifications.models import Notification
from notifications.services import absolute_url, notify

from .models import RipaApplication, Status
from .selectors import display_status, overdue_reviews, reviews_due

NOTICE_DAYS = 7


def _once(application, *, template: str, about: str, recipients: list[str], **context) -> int:
    recipients = [r for r in recipients if r]
    if not recipients or Notification.objects.filter(about=about).exists():
        return 0
    notify(
        kind=f"ripa_{template}",
        template=f"ripa_{template}",
        context={"application": application, "url": absolute_url("ripa-detail", application.pk), **context},
        recipients=recipients,
        about=about,
        local_authority=application.council,
    )
    return 1


def remind_ripa() -> int:
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=NOTICE_DAYS)
    sent = 0
    in_force = RipaApplication.objects.filter(
        status=Status.ACTIVE, stopped_on__isnull=True, valid_from__lte=today, last_valid_day__gte=today
    ).select_related("council", "decided_by", "applied_by")
    for application in in_force.prefetch_related("reviews"):
        overdue = overdue_reviews(application, today)
        for due in reviews_due(application):
            if today <= due <= soon or due in overdue:
                late = due in overdue
                sent += _once(
                    application,
                    template="review_due",
                    about=f"ripa:{application.pk}:review:{due.isoformat()}{':overdue' if late else ''}",
                    recipients=[application.decided_by.email if application.decided_by else ""],
                    due=due,
                    overdue=late,
                )
        if application.last_valid_day <= soon:
            sent += _once(
                application,
                template="expiring",
                about=f"ripa:{application.pk}:expiry:{application.last_valid_day.isoformat()}",
                recipients=[application.applied_by.email],
            )
    sent += _remind_lapsed(today)
    return sent


def _remind_lapsed(today) -> int:
    """Once, the day after an authorisation lapses without cancellation: its officer, the
    council's senior responsible officer and RIPA coordinator (code 3.29-3.32)."""
    sent = 0
    ended = RipaApplication.objects.filter(
        status=Status.ACTIVE, stopped_on__isnull=True, last_valid_day__lt=today
    ).select_related("council", "decided_by")
    for application in ended:
        if display_status(application, today) != "lapsed":
            continue
        council = application.council
        sent += _once(
            application,
            template="lapsed",
            about=f"ripa:{application.pk}:lapsed",
            recipients=[
                application.decided_by.email if application.decided_by else "",
                council.senior_responsible_officer_email,
                council.ripa_coordinator_email,
            ],
        )
    return sent
