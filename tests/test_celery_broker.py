"""In the PostgreSQL/Redis leg: a refusal's email really goes through Redis to a worker."""

import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from notifications.models import Notification
from t4c_socialcheck.celery import app as celery_app
from tests.conftest import ON_POSTGRES

pytestmark = [
    pytest.mark.real_broker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ON_POSTGRES, reason="a worker thread needs a database other connections can see"),
]


def test_a_refusal_email_is_queued_in_redis_after_commit_and_sent_by_a_worker(
    worker, manager, applicant, profile, start
):
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete("celery")

    outcome = start(worker, applicant, profile)  # no consent: refused

    assert outcome.decision.codes == ("NO_CONSENT",)
    notification = Notification.objects.get()
    assert notification.sent_at is None
    assert broker.llen("celery") == 1, "the task should be waiting in the Redis queue"
    assert mail.outbox == []

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        for _ in range(100):
            notification.refresh_from_db()
            if notification.sent_at:
                break
            time.sleep(0.1)

    assert notification.sent_at is not None
    assert broker.llen("celery") == 0
    assert [m.to for m in mail.outbox] == [[manager.email]]
