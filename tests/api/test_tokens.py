"""API tokens (issue #14, point 6): personal tokens only with a confirmed second factor,
integration tokens named and scoped, every token expiring, listed and revoked by its
owner, and throttled per token."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import api_token_issue
from audit.models import AuditEvent
from t4c_socialcheck.errors import Invalid, NotPermitted

from .conftest import with_factor
from .helpers import assert_error, token_client

pytestmark = pytest.mark.django_db


def personal(user, **kwargs) -> tuple[ApiToken, str]:
    return api_token_issue(user=with_factor(user), name=kwargs.pop("name", "Laptop"), **kwargs)


def integration(user, scope=ApiToken.Scope.WRITE, **kwargs) -> tuple[ApiToken, str]:
    return api_token_issue(
        user=user, name=kwargs.pop("name", "Case system"), kind=ApiToken.Kind.INTEGRATION, scope=scope, **kwargs
    )


# --- Issuing: a personal token needs a confirmed second factor ---------------------------------


def test_a_personal_token_is_refused_to_a_user_without_a_confirmed_second_factor(worker):
    with pytest.raises(NotPermitted):
        api_token_issue(user=worker, name="Laptop")
    TOTPDevice.objects.create(user=worker, name="Unfinished", confirmed=False)
    with pytest.raises(NotPermitted):
        api_token_issue(user=worker, name="Laptop")
    assert not ApiToken.objects.exists()


def test_the_command_refuses_a_personal_token_without_a_second_factor_and_offers_an_integration_one(worker):
    with pytest.raises(CommandError, match="second factor"):
        call_command("issue_api_token", "worker", stdout=io.StringIO())
    out = io.StringIO()
    call_command("issue_api_token", "worker", "--integration", "--scope", "read", "--name", "Reports", stdout=out)
    token = ApiToken.objects.get(user=worker)
    assert (token.kind, token.scope, token.name) == ("integration", "read", "Reports")
    assert token_client(out.getvalue().strip()).get("/api/v1/me/").status_code == 200


def test_a_personal_token_stops_working_when_its_user_no_longer_has_a_second_factor(worker):
    # Today's tokens of users who never set one up: the migration keeps them as personal tokens.
    _, key = personal(worker)
    assert token_client(key).get("/api/v1/me/").status_code == 200
    TOTPDevice.objects.filter(user=worker).delete()
    body = assert_error(token_client(key).get("/api/v1/me/"), 401, "NOT_AUTHENTICATED")
    assert "two-step verification" in body["detail"]


def test_an_integration_token_needs_no_second_factor(worker):
    _, key = integration(worker)
    assert token_client(key).get("/api/v1/me/").json()["username"] == "worker"


def test_a_user_may_hold_several_tokens_but_one_live_token_of_each_name(worker):
    _, first = personal(worker, name="Laptop")
    _, second = personal(worker, name="Script")
    assert token_client(first).get("/api/v1/me/").status_code == 200
    assert token_client(second).get("/api/v1/me/").status_code == 200
    with pytest.raises(Invalid, match="already a token"):
        personal(worker, name="Laptop")


# --- Expiry and revocation ---------------------------------------------------------------------


def test_a_token_expires_after_the_configured_number_of_days(worker, settings):
    settings.SOCIALCHECK_API_TOKEN_DAYS = 30
    token, key = personal(worker)
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    body = assert_error(token_client(key).get("/api/v1/me/"), 401, "NOT_AUTHENTICATED")
    assert "expired" in body["detail"]


def test_by_default_a_token_lasts_90_days(worker):
    token, _ = integration(worker)
    assert abs(token.expires_at - token.created_at - datetime.timedelta(days=90)) < datetime.timedelta(minutes=1)


def test_the_owner_lists_their_tokens_without_any_key(worker, manager):
    laptop, key = personal(worker)
    integration(worker)
    integration(manager, name="Not yours")
    response = token_client(key).get("/api/v1/tokens/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {t["name"] for t in results} == {"Laptop", "Case system"}
    mine = next(t for t in results if t["id"] == laptop.pk)
    assert mine["current"] is True and mine["status"] == "active" and mine["kind"] == "personal"
    assert mine["last_used_at"] is not None
    assert key not in response.content.decode() and laptop.key_hash not in response.content.decode()


def test_the_owner_revokes_a_token_and_it_stops_working_at_once(worker):
    _, key = personal(worker)
    other, other_key = integration(worker)
    response = token_client(key).delete(f"/api/v1/tokens/{other.pk}/")
    assert response.status_code == 204
    body = assert_error(token_client(other_key).get("/api/v1/me/"), 401, "NOT_AUTHENTICATED")
    assert "revoked" in body["detail"]
    assert token_client(key).get(f"/api/v1/tokens/{other.pk}/").json()["status"] == "revoked"
    assert AuditEvent.objects.filter(record_type="apitoken", record_id=str(other.pk), data__revoked=True).exists()


def test_nobody_else_sees_or_revokes_a_users_token(worker, manager):
    token, key = integration(worker)
    _, manager_key = integration(manager)
    assert_error(token_client(manager_key).get(f"/api/v1/tokens/{token.pk}/"), 404, "NOT_FOUND")
    assert_error(token_client(manager_key).delete(f"/api/v1/tokens/{token.pk}/"), 404, "NOT_FOUND")
    assert token_client(key).get("/api/v1/me/").status_code == 200


# --- Scope ---------------------------------------------------------------------------------------


def test_a_read_only_token_reads_but_is_refused_any_change(worker, household):
    _, key = integration(worker, scope=ApiToken.Scope.READ)
    client = token_client(key)
    assert client.get(f"/api/v1/households/{household.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/households/{household.pk}/applicants/", {"first_name": "Sam", "last_name": "Lee"}, format="json"
    )
    body = assert_error(response, 403, "NOT_PERMITTED")
    assert "read-only" in body["detail"]
    assert household.applicants.filter(first_name="Sam").count() == 0


# --- Throttling ----------------------------------------------------------------------------------


@pytest.fixture
def two_a_minute(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "2/minute", "session": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_requests_are_throttled_per_token_with_retry_after(worker, two_a_minute):
    _, first = integration(worker, name="One")
    _, second = integration(worker, name="Two")
    client = token_client(first)
    assert [client.get("/api/v1/me/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/me/")
    assert_error(response, 429, "THROTTLED")
    assert 0 < int(response["Retry-After"]) <= 60
    # The allowance is the token's: the same user's other token is not held back.
    assert token_client(second).get("/api/v1/me/").status_code == 200


def test_a_signed_in_browser_is_throttled_per_user(worker, two_a_minute):
    client = APIClient()
    client.force_login(worker)
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_rate_that_is_not_a_rate_stops_start_up_naming_the_variable():
    from tests.test_settings import manage

    result = manage("check", DEBUG="true", API_TOKEN_RATE="lots")
    assert result.returncode != 0 and "API_TOKEN_RATE must be a rate" in result.stderr
