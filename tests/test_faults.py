"""Faults survived with nothing lost (PostgreSQL leg)."""

import json

import pytest
from auditlog.models import LogEntry
from django.db import connection

from audit.models import AuditEvent
from checks import services
from checks.models import Refusal, SocialCheck
from tests.conftest import ALL_DECLARATIONS, THROUGH_POOLER, in_another_session, postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def kill_my_connection():
    """Terminate this process's database session from outside, as a network drop or failover would."""
    if THROUGH_POOLER:
        # The driver knows only PgBouncer's made-up key, not a backend pid; inside
        # a transaction the pooler keeps this client on one server session: ask it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
    else:
        pid = connection.connection.get_backend_pid()
    assert in_another_session("SELECT pg_terminate_backend(%s)", [pid])


def test_a_connection_dropped_mid_check_records_nothing_and_answers_503(
    client, worker, applicant, consent, profile, logged_out_view, monkeypatch
):
    real_read = services.lock_and_read

    def read_then_drop(**kwargs):
        attempt = real_read(**kwargs)
        kill_my_connection()
        return attempt

    client.force_login(worker)
    events_before = AuditEvent.objects.count()
    # The transaction is open and the applicant locked; the connection dies
    # before the statement that writes the check, its entry and the commit.
    monkeypatch.setattr(services, "lock_and_read", read_then_drop)
    body = {
        "applicant": applicant.pk,
        "profile": profile.pk,
        "viewing_account": logged_out_view.pk,
        "declarations": ALL_DECLARATIONS,
        "purpose": "Assessment",
    }
    response = client.post("/api/v1/checks/", json.dumps(body), content_type="application/json")
    monkeypatch.undo()

    assert response.status_code == 503
    assert response.json()["code"] == "SERVICE_UNAVAILABLE"
    connection.close()
    assert SocialCheck.objects.count() == 0
    assert Refusal.objects.count() == 0
    assert AuditEvent.objects.count() == events_before
    assert not LogEntry.objects.filter(content_type__model="socialcheck").exists()
    # And the one view was not used up: the next attempt is allowed.
    retry = client.post("/api/v1/checks/", json.dumps(body), content_type="application/json")
    assert retry.status_code == 201, retry.content


@pytest.mark.skipif(
    THROUGH_POOLER,
    reason="kills the session outside any transaction: behind a transaction pooler that names no particular "
    "server session (PgBouncer would just use another), so there is nothing of ours to kill",
)
def test_a_page_answers_with_a_clear_503_page(client, worker, household, monkeypatch):
    from web import selectors

    real_caseload = selectors.caseload

    def drop_then_read(*args, **kwargs):
        kill_my_connection()
        return list(real_caseload(*args, **kwargs))

    monkeypatch.setattr(selectors, "caseload", drop_then_read)
    client.force_login(worker)
    response = client.get("/")
    assert response.status_code == 503
    assert "nothing was saved" in response.content.decode()


def test_a_worker_killed_mid_task_leaves_it_to_another_that_sends_once(
    tmp_path, worker, manager, applicant, profile, start
):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from notifications.models import Notification
    from t4c_socialcheck.celery import app as celery_app
    from tests.test_outbox_broker_down import PrivateRedis, reset_broker_connections

    redis = PrivateRedis()
    redis.start()
    broker = f"redis://127.0.0.1:{redis.port}/0"
    previous_broker = celery_app.conf.broker_url
    celery_app.conf.update(broker_url=broker, task_always_eager=False)
    reset_broker_connections()
    root = Path(__file__).resolve().parent.parent
    outbox, started = tmp_path / "outbox", tmp_path / "started"
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "t4c_socialcheck.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}",
        "REDIS_URL": broker,
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "EMAIL_BACKEND": "tests.support.slow_email.SlowFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "PYTHONPATH": str(root),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "t4c_socialcheck",
        "worker",
        "--pool",
        "solo",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
        "--loglevel",
        "WARNING",
    ]
    workers = []
    try:
        start(worker, applicant, profile)  # refused: the manager's email is queued in Redis
        notification = Notification.objects.get()
        first = subprocess.Popen(
            command, cwd=root, env={**env, "SLOW_EMAIL_STARTED": str(started), "SLOW_EMAIL_SECONDS": "30"}
        )
        workers.append(first)
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started.exists(), "the first worker never started sending"
        first.send_signal(signal.SIGKILL)  # mid-task: the email is not yet sent
        first.wait(timeout=10)
        # A new worker restores unacknowledged messages older than the visibility timeout
        # when it starts (later sweeps are minutes apart): start it once that has passed.
        time.sleep(3)

        second = subprocess.Popen(command, cwd=root, env=env)
        workers.append(second)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            notification.refresh_from_db()
            if notification.sent_at:
                break
            time.sleep(0.2)
        assert notification.sent_at is not None, "the task was not run again after its worker died"
        time.sleep(3)  # give a duplicate delivery, if any, the chance to send twice
        sent = list(outbox.iterdir())
        assert len(sent) == 1
        assert manager.email in sent[0].read_text()
        assert notification.attempts == 1
    finally:
        for process in workers:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
        redis.stop()
        celery_app.conf.update(broker_url=previous_broker, task_always_eager=True)
        reset_broker_connections()
