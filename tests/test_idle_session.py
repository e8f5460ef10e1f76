import pytest
from django.urls import reverse

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
