"""Sent emails, form tokens and sessions do not keep personal data after their use."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import SetupCode
from accounts.twofactor.setup_code import issue_setup_code
from audit.models import AuditEvent
from audit.verify import verify_audit
from dataprotection.tasks import purge_working_copies_daily
from notifications.models import Notification
from web.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def email(*, sent_days_ago: int | None, created_days_ago: int) -> Notification:
    notification = Notification.objects.create(
        kind="refusal", subject="Refused (HH-1)", body="Applicant: Alex Example", recipients=["m@example.org"]
    )
    sent_at = None if sent_days_ago is None else days_ago(sent_days_ago)
    Notification.objects.filter(pk=notification.pk).update(created_at=days_ago(created_days_ago), sent_at=sent_at)
    return notification


def form_token(user, *, days: int) -> Submission:
    submission = Submission.objects.create(token=uuid.uuid4(), user=user, result_url="/applicants/1/")
    Submission.objects.filter(pk=submission.pk).update(created_at=days_ago(days))
    return submission


def session(*, expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["note"] = "x"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_sent_emails_go_after_the_kept_days_and_unsent_ones_stay():
    keep = settings.SOCIALCHECK_OPERATIONAL_KEEP_DAYS
    email(sent_days_ago=keep + 1, created_days_ago=keep + 1)  # sent and past the kept days
    recent_sent = email(sent_days_ago=keep - 1, created_days_ago=keep + 5)
    old_unsent = email(sent_days_ago=None, created_days_ago=keep + 100)

    counts = purge_working_copies_daily.delay().get()

    assert counts["sent emails"] == 1
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {recent_sent.pk, old_unsent.pk}


def test_form_tokens_go_after_the_kept_days(worker, settings):
    settings.SOCIALCHECK_OPERATIONAL_KEEP_DAYS = 7
    old = form_token(worker, days=8)
    recent = form_token(worker, days=6)

    counts = purge_working_copies_daily.delay().get()

    assert counts["form tokens"] == 1
    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Submission.objects.filter(pk=old.pk).exists()


def test_expired_sessions_go_and_live_ones_stay():
    expired = session(expires_in=-datetime.timedelta(minutes=1))
    live = session(expires_in=datetime.timedelta(minutes=10))

    purge_working_copies_daily.delay().get()

    keys = set(Session.objects.values_list("session_key", flat=True))
    assert live in keys and expired not in keys


def test_each_run_is_on_the_audit_trail_with_its_counts(worker):
    email(sent_days_ago=400, created_days_ago=400)
    form_token(worker, days=400)

    purge_working_copies_daily.delay().get()

    entry = AuditEvent.objects.get(record_type="housekeeping_run")
    assert entry.data["counts"] == {"sent emails": 1, "form tokens": 1, "expired set-up codes": 0}
    assert entry.data["kept_days"] == settings.SOCIALCHECK_OPERATIONAL_KEEP_DAYS
    assert verify_audit().ok


def test_it_runs_daily_from_beat():
    schedule = settings.CELERY_BEAT_SCHEDULE["working-copies-daily"]
    assert schedule["task"] == "dataprotection.tasks.purge_working_copies_daily"
    assert schedule["schedule"] == 24 * 3600.0


def test_expired_set_up_codes_go_and_live_ones_stay(worker, teammate):
    issue_setup_code(user=worker, issued_by=None)
    issue_setup_code(user=teammate, issued_by=None)
    SetupCode.objects.filter(user=worker).update(expires_at=days_ago(1))

    counts = purge_working_copies_daily.delay().get()

    assert counts["expired set-up codes"] == 1
    assert list(SetupCode.objects.values_list("user", flat=True)) == [teammate.pk]
