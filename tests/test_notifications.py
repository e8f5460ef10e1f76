"""Refusal emails: queued after commit, through the outbox, once."""

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_queue
from notifications.tasks import deliver_notification, relay_pending_notifications

pytestmark = pytest.mark.django_db


def test_nothing_is_enqueued_until_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_queue(kind="t", subject="Hello", body="Body", recipients=["a@example.org"])
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_notification_is_sent_once_even_if_delivered_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_queue(kind="t", subject="Hello", body="Body", recipients=["a@example.org"])
    assert deliver_notification(notification.pk) is False  # already sent: nothing happens
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 1


def test_the_relay_resends_what_the_broker_never_took(monkeypatch, django_capture_on_commit_callbacks):
    from notifications import services

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(services.deliver_notification_task(), "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_queue(kind="t", subject="Hello", body="Body", recipients=["a@example.org"])
    assert mail.outbox == []
    assert Notification.objects.get(pk=notification.pk).sent_at is None
    monkeypatch.undo()
    assert relay_pending_notifications(older_than_seconds=0) == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).sent_at is not None


def test_notification_emails_name_no_applicant_or_profile_only_link_to_the_record(
    worker, manager, applicant, profile, start, mailoutbox, django_capture_on_commit_callbacks
):
    """Security review #14.11: the refusal and incident emails carry a link, not the names."""
    from django.urls import reverse
    from django.utils import timezone

    from incidents.services import incident_report

    with django_capture_on_commit_callbacks(execute=True):
        refusal = start(worker, applicant, profile).refusal  # no consent: refused
        incident = incident_report(
            user=worker,
            kind="trolling",
            description=f"{applicant.full_name} posted about me at {profile.normalised}.",
            occurred_at=timezone.now(),
            applicant_id=applicant.pk,
        )
    bodies = [message.subject + message.body for message in mailoutbox]
    assert len(bodies) == 2
    for body in bodies:
        assert applicant.first_name not in body and applicant.last_name not in body
        assert "alex.morgan" not in body
    assert reverse("refusal-detail", args=[refusal.pk]) in bodies[0]
    assert reverse("incident", args=[incident.pk]) in bodies[1]
