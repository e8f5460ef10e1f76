from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.sessions.backends import base as sessions_base
from django.contrib.sessions.backends import db as sessions_db
from django.urls import reverse
from django.utils import timezone

from accounts import middleware

pytestmark = pytest.mark.django_db


def test_an_idle_session_expires_after_the_configured_age(client, worker, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(worker)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    session = client.session
    assert 29 * 60 < session.get_expiry_age() <= 30 * 60


def test_the_expiry_is_refreshed_at_most_once_a_minute(client, worker, monkeypatch):
    client.force_login(worker)
    clock = [1_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.get(reverse("healthz"))
    first = client.session["_last_refresh"]
    clock[0] += 30
    client.get(reverse("healthz"))
    assert client.session["_last_refresh"] == first
    clock[0] += 31
    client.get(reverse("healthz"))
    assert client.session["_last_refresh"] == first + 61


def test_a_session_idle_past_the_timeout_is_signed_out(client, worker, monkeypatch):
    clock = {"now": timezone.now()}
    fake_timezone = SimpleNamespace(now=lambda: clock["now"])
    monkeypatch.setattr(sessions_base, "timezone", fake_timezone)
    monkeypatch.setattr(sessions_db, "timezone", fake_timezone)
    monkeypatch.setattr(middleware.time, "time", lambda: clock["now"].timestamp())
    client.force_login(worker)

    def caseload_after(minutes):
        clock["now"] += timedelta(minutes=minutes)
        return client.get(reverse("caseload"))

    # Each request starts the 30 minutes again: an hour of use with short pauses is fine.
    assert caseload_after(29).status_code == 200
    assert caseload_after(29).status_code == 200
    response = caseload_after(31)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_session_ends_after_the_absolute_lifetime_however_busy(client, worker, settings, monkeypatch):
    assert settings.SOCIALCHECK_SESSION_ABSOLUTE_HOURS == 10
    clock = {"now": timezone.now()}
    fake_timezone = SimpleNamespace(now=lambda: clock["now"])
    monkeypatch.setattr(sessions_base, "timezone", fake_timezone)
    monkeypatch.setattr(sessions_db, "timezone", fake_timezone)
    monkeypatch.setattr(middleware.time, "time", lambda: clock["now"].timestamp())
    response = client.post(reverse("login"), {"username": "worker", "password": "correct horse battery staple"})
    assert response.status_code == 302

    # A request every 20 minutes: never idle, still signed out after 10 hours.
    for _ in range(29):
        clock["now"] += timedelta(minutes=20)
        assert client.get(reverse("caseload")).status_code == 200
    clock["now"] += timedelta(minutes=20)
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
