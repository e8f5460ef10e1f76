"""Reminders of the ICO's 72-hour clock, sent through the outbox (run hourly by incidents.tasks)."""

import datetime

from django.utils import timezone

from accounts.selectors import line_manager_emails
from notifications.models import Notification
from notifications.services import absolute_url, notify

from .models import ICO_DEADLINE, IcoDecision, Incident, IncidentKind, IncidentStatus

REMINDERS = (
    ("24h", datetime.timedelta(hours=24), "has less than 24 hours left"),
    ("overdue", datetime.timedelta(0), "has passed"),
)


def remind_ico_deadlines() -> int:
    """Personal data breaches must be reported to the ICO within 72 hours of
    awareness when reportable. Remind the line managers and the DPO before the
    deadline and when it passes, once each, until a decision is recorded."""
    now = timezone.now()
    pending = (
        Incident.objects.filter(
            kind=IncidentKind.DATA_BREACH,
            ico_decision=IcoDecision.PENDING,
            aware_at__isnull=False,
            aware_at__lte=now - ICO_DEADLINE + REMINDERS[0][1],
        )
        .exclude(status=IncidentStatus.CLOSED)
        .select_related("reported_by", "household", "local_authority")
    )
    sent = 0
    for incident in pending:
        left = incident.ico_deadline - now
        for name, threshold, words in REMINDERS:
            if left > threshold:
                continue
            about = f"incident:{incident.pk}:ico-{name}"
            if Notification.objects.filter(about=about).exists():
                continue
            recipients = line_manager_emails(incident.reported_by, incident.household)
            # The council's data protection officer: the household's council, or the reporter's team's.
            if incident.local_authority and incident.local_authority.dpo_email:
                recipients.append(incident.local_authority.dpo_email)
            notify(
                kind="ico_deadline",
                template="ico_deadline",
                context={"incident": incident, "words": words, "url": absolute_url("incident-detail", incident.pk)},
                recipients=recipients,
                about=about,
                local_authority=incident.local_authority,
            )
            sent += 1
    return sent
