"""Notifications are never lost: stop the broker, refuse a check, restart it, see one email.

Uses a private Redis on its own port so the machine's Redis is never touched."""

import shutil
import socket
import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from kombu import pools as kombu_pools

from notifications.models import Notification
from notifications.tasks import relay_pending_notifications
from t4c_socialcheck.celery import app as celery_app
from tests.conftest import ON_POSTGRES

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ON_POSTGRES, reason="a worker thread needs a database other connections can see"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = _free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_broker():
    redis = PrivateRedis()
    redis.start()
    previous = celery_app.conf.broker_url
    celery_app.conf.update(broker_url=f"redis://127.0.0.1:{redis.port}/0", task_always_eager=False)
    reset_broker_connections()
    yield redis
    redis.stop()
    celery_app.conf.update(broker_url=previous, task_always_eager=True)
    reset_broker_connections()


def reset_broker_connections():
    """Drop pooled broker connections so the next publish connects to the current broker.
    kombu keeps producer pools in a registry of its own, keyed by broker: without
    resetting it, the next publish (even an eager one) finds the closed pool again."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


def _wait_until_sent(notification, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.sent_at:
            return True
        time.sleep(0.1)
    return False


def test_a_refusal_while_the_broker_is_down_is_emailed_once_it_is_back(
    private_broker, worker, manager, applicant, profile, start
):
    private_broker.stop()
    outcome = start(worker, applicant, profile)  # no consent: refused, and the manager must be told

    assert outcome.decision.codes == ("NO_CONSENT",)
    notification = Notification.objects.get()
    assert notification.sent_at is None, "kept in the outbox while the broker is down"
    assert mail.outbox == []

    private_broker.start()
    assert relay_pending_notifications(older_than_seconds=0) == 1
    # The relay may run again before the worker picks the task up: still one email.
    relay_pending_notifications(older_than_seconds=0)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert _wait_until_sent(notification)
        time.sleep(0.5)  # let any duplicate task run too

    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert Notification.objects.get().attempts == 1
