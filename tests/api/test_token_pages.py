"""The API tokens page (/account/tokens/): a person lists their tokens, issues one
(shown once) only with a confirmed second factor, and revokes one after confirming."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import ApiToken
from api.tokens import api_token_issue

from .conftest import integration_key
from .helpers import token_client

pytestmark = pytest.mark.django_db

URL = "/account/tokens/"


def verified_client(user) -> Client:
    """Signed in, with the second step taken (the middleware asks anyone with a factor for it)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def api_status(key: str) -> int:
    return token_client(key).get("/api/v1/me/").status_code


def test_without_a_second_factor_the_page_says_how_to_get_one_and_issues_nothing(client, worker):
    client.force_login(worker)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Set up two-step verification" in page.content.decode()
    assert 'name="name"' not in page.content.decode()
    assert client.post(URL, {"name": "Script", "scope": "read"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_issuing_shows_the_key_once_and_it_works(worker):
    client = verified_client(worker)
    response = client.post(URL, {"name": "Weekly report", "scope": "read"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=worker)
    assert (token.name, token.scope, token.kind) == ("Weekly report", "read", "personal")
    key = response.context["key"]
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert api_status(key) == 200
    listing = client.get(URL).content.decode()
    assert "Weekly report" in listing and key not in listing


def test_a_name_is_needed_and_a_live_name_is_not_reused(worker):
    client = verified_client(worker)
    response = client.post(URL, {"name": "", "scope": "write"})
    assert "Enter a name for the token" in response.content.decode()
    client.post(URL, {"name": "Laptop", "scope": "write"})
    response = client.post(URL, {"name": "Laptop", "scope": "write"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert ApiToken.objects.filter(user=worker).count() == 1


def test_revoking_asks_first_then_the_token_stops_working(worker):
    client = verified_client(worker)
    token, key = api_token_issue(user=worker, name="Laptop")
    page = client.get(f"{URL}{token.pk}/revoke/")
    assert page.status_code == 200 and "Revoke the token" in page.content.decode()
    assert api_status(key) == 200  # nothing happens on the question page
    response = client.post(f"{URL}{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == URL
    assert api_status(key) == 401
    assert "Revoked" in client.get(URL).content.decode()


def test_an_integration_token_issued_for_the_user_is_listed_and_revocable_without_a_factor(client, worker):
    key = integration_key(worker, name="Case system")
    client.force_login(worker)
    assert "Integration token" in client.get(URL).content.decode()
    token = ApiToken.objects.get(user=worker)
    client.post(f"{URL}{token.pk}/revoke/")
    assert api_status(key) == 401


def test_nobody_else_sees_or_revokes_a_users_token(client, worker, teammate, admin_user):
    integration_key(worker, name="Case system")
    token = ApiToken.objects.get(user=worker)
    for other in (teammate, admin_user):
        client.force_login(other)
        assert client.get(f"{URL}{token.pk}/revoke/").status_code == 404
        assert client.post(f"{URL}{token.pk}/revoke/").status_code == 404
        assert "Case system" not in client.get(URL).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_signing_in_is_needed(client):
    assert client.get(URL)["Location"].startswith("/sign-in/")
