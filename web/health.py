"""Liveness (/healthz/: the process answers) and readiness (/readyz/: it can do its work)."""

import datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and docker-compose: the process answers and the database is reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not configured: tasks run in the web process"}
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def check_beat() -> dict:
    """Celery beat writes each scheduled task's last run (django-celery-beat's
    DatabaseScheduler, every few minutes): the newest must be recent."""
    max_age = settings.SOCIALCHECK_READY_BEAT_MAX_AGE_SECONDS
    if settings.CELERY_TASK_ALWAYS_EAGER or not max_age:
        return {
            "ok": True,
            "detail": "not checked: no beat, tasks run in the web process" if max_age else "not checked",
        }
    from django_celery_beat.models import PeriodicTask

    last = PeriodicTask.objects.filter(enabled=True).order_by("-last_run_at").values_list("last_run_at", flat=True)
    last = next((at for at in last[:1] if at is not None), None)
    if last is None:
        return {"ok": False, "detail": "no heartbeat from Celery beat yet"}
    age = int((timezone.now() - last).total_seconds())
    return {"ok": age <= max_age, "last_heartbeat_seconds_ago": age, "max_seconds": max_age}


def check_outbox() -> dict:
    """Emails that should have gone by now: the relay retries every minute."""
    from notifications.models import Notification

    cutoff = timezone.now() - datetime.timedelta(minutes=settings.SOCIALCHECK_READY_OUTBOX_AGE_MINUTES)
    backlog = Notification.objects.filter(sent_at__isnull=True, created_at__lte=cutoff).count()
    limit = settings.SOCIALCHECK_READY_OUTBOX_MAX
    return {
        "ok": backlog <= limit,
        "pending_over_minutes": settings.SOCIALCHECK_READY_OUTBOX_AGE_MINUTES,
        "backlog": backlog,
        "max": limit,
    }


CHECKS = {"database": check_database, "redis": check_redis, "beat": check_beat, "outbox": check_outbox}


def readiness(only: list[str] | None = None) -> tuple[bool, dict]:
    """Each check by name (all, or `only` those): whether all passed, and the report."""
    results = {}
    for name, check in CHECKS.items():
        if only and name not in only:
            continue
        try:
            results[name] = check()
        except Exception as error:  # unreachable: named, with the kind of error only
            results[name] = {"ok": False, "detail": type(error).__name__}
    ready = all(result["ok"] for result in results.values())
    return ready, {"status": "ok" if ready else "unavailable", "checks": results}


def readyz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and the council's monitoring: each dependency by name, 503 if any fails."""
    ready, report = readiness()
    return JsonResponse(report, status=200 if ready else 503)
