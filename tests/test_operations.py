"""Operating it (issue 21): liveness and readiness, Prometheus metrics that are
not public, and JSON log lines with a request id that name no applicant."""

import datetime
import io
import json
import logging
import os
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from notifications.models import Notification
from t4c_socialcheck.observability import JsonLines, RequestContextFilter

pytestmark = pytest.mark.django_db


# --- Health and readiness ------------------------------------------------------------------------
def test_healthz_is_liveness_and_readyz_names_each_dependency(client):
    assert client.get("/healthz/").json() == {"status": "ok"}
    response = client.get("/readyz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "beat", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_fails_naming_redis_when_the_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False and body["checks"]["database"]["ok"] is True


def beat_ran(seconds_ago: int) -> None:
    every = IntervalSchedule.objects.create(every=60, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name=f"relay {seconds_ago}",
        task="notifications.tasks.relay_pending_notifications",
        interval=every,
        last_run_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )


@pytest.fixture
def beat_checked(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as in production: beat and workers run tasks
    settings.SOCIALCHECK_READY_BEAT_MAX_AGE_SECONDS = 600


def test_readyz_wants_a_recent_celery_beat_heartbeat(client, beat_checked):
    response = client.get("/readyz/")
    assert response.status_code == 503 and response.json()["checks"]["beat"]["ok"] is False  # never ran
    beat_ran(seconds_ago=3600)
    beat = client.get("/readyz/").json()["checks"]["beat"]
    assert beat["ok"] is False and beat["last_heartbeat_seconds_ago"] >= 3600
    beat_ran(seconds_ago=30)
    response = client.get("/readyz/")
    assert response.status_code == 200 and response.json()["checks"]["beat"]["ok"] is True


def test_readyz_fails_naming_the_outbox_when_emails_wait_too_long(client, settings):
    notification = Notification.objects.create(kind="t", subject="s", body="b", recipients=["a@example.org"])
    assert client.get("/readyz/").status_code == 200  # just written: the relay has time yet
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == {"ok": False, "pending_over_minutes": 15, "backlog": 1, "max": 0}
    settings.SOCIALCHECK_READY_OUTBOX_MAX = 5
    assert client.get("/readyz/").status_code == 200


# --- Metrics -------------------------------------------------------------------------------------
def test_metrics_are_not_public(client, settings, worker):
    settings.SOCIALCHECK_METRICS_TOKEN = "scrape-token-" + "z" * 30
    assert client.get("/metrics/").status_code == 404
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.force_login(worker)  # signing in is no way in either
    assert client.get("/metrics/").status_code == 404


def test_metrics_with_the_token_or_from_an_allowed_network(client, settings):
    settings.SOCIALCHECK_METRICS_TOKEN = "scrape-token-" + "z" * 30
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer " + "scrape-token-" + "z" * 30).status_code == 200
    settings.SOCIALCHECK_METRICS_TOKEN = ""
    settings.SOCIALCHECK_METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert client.get("/metrics/", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics/", REMOTE_ADDR="10.21.3.4").status_code == 404


def metric(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        if series.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in series for k, v in labels.items()):
            return float(value)
    raise AssertionError(f"no {name} {labels} in the metrics")


def test_metrics_count_requests_checks_refusals_notifications_and_audit_appends(
    client, settings, worker, manager, applicant, profile, start, django_capture_on_commit_callbacks
):
    from consent.services import consent_record

    settings.SOCIALCHECK_METRICS_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    client.get("/healthz/")
    before = client.get("/metrics/").content.decode()
    assert metric(before, "socialcheck_request_duration_seconds_count", view="healthz", method="GET", status="200") >= 1

    with django_capture_on_commit_callbacks(execute=True):
        start(worker, applicant, profile)  # no consent yet: refused
        consent_record(
            user=worker, applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference="ROI-1"
        )
        assert start(worker, applicant, profile).social_check is not None
    Notification.objects.create(kind="t", subject="s", body="b", recipients=["a@example.org"], attempts=1)

    text = client.get("/metrics/").content.decode()
    assert metric(text, "socialcheck_checks_started_total") == 1
    assert metric(text, "socialcheck_refusals_total", code="NO_CONSENT") == 1
    assert metric(text, "socialcheck_notifications_pending") == 1
    assert metric(text, "socialcheck_notifications_failed") == 1
    assert metric(text, "socialcheck_audit_appends_total") > metric(before, "socialcheck_audit_appends_total")


# --- Logs ----------------------------------------------------------------------------------------
@pytest.fixture
def log_lines():
    """Every record logged at INFO and above, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_each_request_is_a_json_line_with_its_id_user_view_and_timing(client, worker, log_lines):
    client.force_login(worker)
    response = client.get("/")
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = [line for line in log_lines() if line["message"] == "request"]
    assert line["request_id"] == request_id
    assert line["user_id"] == worker.pk
    assert line["view"] == "caseload"
    assert line["status"] == 200 and line["method"] == "GET" and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and "time" in line


def test_a_load_balancers_request_id_is_kept_and_a_malformed_one_replaced(client, log_lines):
    assert client.get("/healthz/", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    assert client.get("/healthz/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"
    assert [line["request_id"] for line in log_lines()][0] == "lb-1234abcd"


def test_the_log_of_a_full_journey_names_no_demo_applicant_or_handle(client, settings, capsys, log_lines):
    """Sign-ins, every page each role opens, searches by name, a refused and a
    started check through the API: the log holds none of the applicants' names or handles."""
    from accounts.models import User
    from cases.models import Applicant
    from platforms.models import SocialProfile

    settings.SOCIALCHECK_DEMO_MODE = True
    call_command("seed_demo")
    capsys.readouterr()
    applicants = list(Applicant.objects.all())
    profiles = list(SocialProfile.objects.select_related("platform"))
    assert applicants and profiles

    for username in ("demo-worker", "demo-manager", "demo-auditor"):
        client.force_login(User.objects.get(username=username))
        seen, queue = set(), ["/", "/manage/", "/manage/refusals/", "/manage/audit/", "/manage/incidents/"]
        queue += [f"/?q={applicants[0].last_name}", f"/api/v1/households/?search={applicants[0].first_name}"]
        while queue and len(seen) < 60:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                links = re.findall(
                    r'href="(/(?:households|applicants|checks|refusals|manage)/[^"]*)"', response.content.decode()
                )
                queue += [link.replace("&amp;", "&") for link in links]
        client.logout()

    worker = User.objects.get(username="demo-worker")
    client.force_login(worker)
    ready = next(
        p
        for p in profiles
        if p.applicant.household.allocated_worker_id == worker.pk and not p.applicant.social_checks.exists()
    )
    client.post(
        "/api/v1/checks/",
        {
            "applicant": ready.applicant_id,
            "profile": ready.pk,
            "viewing_account": 1,
            "declarations": {},
            "purpose": "x",
        },
        content_type="application/json",
    )
    # A 404 is logged as a warning, with the request: its query string must not come with it.
    client.get(f"/api/v1/households/999999/?search={applicants[1].last_name}")

    lines = log_lines()
    (not_found,) = [line for line in lines if line.get("status_code") == 404 and "999999" in line.get("request", "")]
    assert not_found["request_id"] and not_found["request"] == "GET /api/v1/households/999999/"
    text = "\n".join(json.dumps(line) for line in lines).lower()
    assert text.count('"message": "request"') > 20
    for applicant in applicants:
        for name in (applicant.first_name, applicant.last_name):
            assert re.search(rf"\b{re.escape(name.lower())}\b", text) is None, name
    for profile in profiles:
        assert profile.identity.lower() not in text and profile.entered.lower() not in text, profile.identity


def test_the_readyz_command_is_the_containers_health_check(beat_checked, capsys):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not ready: beat"):
        call_command("readyz", "--only", "beat")
    beat_ran(seconds_ago=10)
    call_command("readyz", "--only", "beat")
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["checks"]["beat"]["ok"] is True


def test_with_several_gunicorn_workers_metrics_add_up_every_process(tmp_path):
    """PROMETHEUS_MULTIPROC_DIR (docker-compose's web): the endpoint reads every worker's files."""
    import subprocess
    import sys

    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='t4c_socialcheck.settings_test'; django.setup();"
        "from t4c_socialcheck import metrics;"
        "metrics.observe_request(view='healthz', method='GET', status=200, seconds=0.01)"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):  # two worker processes, one request each
        subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    read = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='t4c_socialcheck.settings_test'; django.setup();"
        "from prometheus_client import generate_latest; from prometheus_client.multiprocess import MultiProcessCollector;"
        "from prometheus_client import CollectorRegistry; r = CollectorRegistry(); MultiProcessCollector(r);"
        "print(generate_latest(r).decode())"
    )
    out = subprocess.run([sys.executable, "-c", read], env=env, check=True, timeout=120, capture_output=True, text=True)
    assert metric(out.stdout, "socialcheck_request_duration_seconds_count", view="healthz") == 2
