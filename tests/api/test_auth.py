"""Tokens: issued by a command, stored hashed, one of each name per user; sessions need CSRF;
API changes name their actor."""

import hashlib
import io
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models.signals import pre_save
from rest_framework.test import APIClient

from api.models import ApiToken
from audit.models import Action, AuditEvent

from .conftest import with_factor
from .helpers import assert_error, token_client

pytestmark = pytest.mark.django_db


def issue(username) -> str:
    """A personal token from the command, for a user with a second factor."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        with_factor(user)
    out = io.StringIO()
    call_command("issue_api_token", username, stdout=out)
    return out.getvalue().strip()


def test_issue_api_token_prints_a_token_that_signs_the_user_in(worker):
    key = issue("worker")
    response = token_client(key).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "worker"


def test_the_token_is_stored_only_as_its_hash(worker):
    key = issue("worker")
    token = ApiToken.objects.get(user=worker, name="Command line")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.key_hash, str(token)}


def test_a_new_token_revokes_the_users_earlier_one(worker):
    first = issue("worker")
    second = issue("worker")
    assert first != second
    assert ApiToken.objects.filter(user=worker, revoked_at__isnull=True).count() == 1
    assert_error(token_client(first).get("/api/v1/me/"), 401, "NOT_AUTHENTICATED")
    assert token_client(second).get("/api/v1/me/").status_code == 200


def test_issuing_a_token_is_in_the_audit_trail_without_the_key(worker):
    key = issue("worker")
    event = AuditEvent.objects.get(record_type="apitoken", data__revoked_earlier=False)
    assert "worker" in event.summary
    assert key not in event.summary and key not in str(event.data)


def test_the_token_is_never_logged(worker, caplog):
    with caplog.at_level(logging.DEBUG):
        key = issue("worker")
        token_client(key).get("/api/v1/me/")
        token_client(key + "x").get("/api/v1/me/")
    assert key not in caplog.text


def test_issue_api_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user"):
        issue("nobody")


def test_issue_api_token_refuses_an_inactive_user(worker):
    worker.is_active = False
    worker.save()
    with pytest.raises(CommandError, match="not active"):
        issue("worker")


def test_no_credentials_is_401_not_authenticated(anonymous):
    response = anonymous.get("/api/v1/households/")
    assert_error(response, 401, "NOT_AUTHENTICATED")
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_401_not_authenticated(worker):
    issue("worker")
    assert_error(token_client("not-a-real-token").get("/api/v1/me/"), 401, "NOT_AUTHENTICATED")


def test_a_malformed_authorization_header_is_401(worker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token two words")
    assert_error(client.get("/api/v1/me/"), 401, "NOT_AUTHENTICATED")


def test_a_deactivated_users_token_stops_working(worker):
    key = issue("worker")
    worker.is_active = False
    worker.save()
    assert_error(token_client(key).get("/api/v1/me/"), 401, "NOT_AUTHENTICATED")


def test_a_signed_in_browser_session_can_read(worker):
    client = APIClient()
    client.force_login(worker)
    assert client.get("/api/v1/me/").json()["username"] == "worker"


def test_a_session_write_without_the_csrf_token_is_refused(worker):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.post("/api/v1/households/", {"reference": "ROI-CSRF"}, format="json")
    body = assert_error(response, 403, "NOT_PERMITTED")
    assert "CSRF" in body["detail"]


def test_a_session_write_with_the_csrf_token_is_accepted(worker, household):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(worker)
    csrf = "a" * 32
    client.cookies["csrftoken"] = csrf
    response = client.post("/api/v1/households/", {"reference": "ROI-CSRF"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201, response.json()


def test_a_change_made_with_a_token_is_audited_with_the_tokens_user_as_actor(api_as, worker, household):
    # An applicant records no "created_by": only the request can say who added it.
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/applicants/", {"first_name": "Sam", "last_name": "Lee"}, format="json"
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(record_type="applicant", action=Action.CREATE, record_id=str(response.json()["id"]))
    assert event.actor == worker
    assert event.actor_username == "worker"
    assert event.remote_addr == "127.0.0.1"


def test_api_requests_leave_no_audit_signal_receivers_behind(api_as, worker, household):
    # Each request connects a receiver for its actor; one left connected per
    # request would grow a server's memory and slow every save without end.
    client = api_as(worker)
    client.get("/api/v1/me/")
    before = len(pre_save.receivers)
    for _ in range(5):
        assert client.get("/api/v1/me/").status_code == 200
        assert (
            client.post(
                f"/api/v1/households/{household.pk}/applicants/", {"first_name": "Sam"}, format="json"
            ).status_code
            == 400
        )
    assert len(pre_save.receivers) == before


def test_a_session_change_is_audited_with_the_signed_in_user(worker, household):
    client = APIClient()
    client.force_login(worker)
    response = client.post(
        f"/api/v1/households/{household.pk}/applicants/", {"first_name": "Sam", "last_name": "Lee"}, format="json"
    )
    event = AuditEvent.objects.get(record_type="applicant", action=Action.CREATE, record_id=str(response.json()["id"]))
    assert event.actor == worker


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded_for", "recorded"),
    [
        (True, "203.0.113.9", "203.0.113.9"),
        (False, "203.0.113.9", "127.0.0.1"),  # without our proxy, the client cannot choose its address
        (True, "not-an-address", "127.0.0.1"),
        (True, "", "127.0.0.1"),
    ],
)
def test_the_audit_trail_records_the_callers_address_and_never_a_malformed_one(
    api_as, worker, household, settings, behind_proxy, forwarded_for, recorded
):
    settings.SOCIALCHECK_PROXY_COUNT = int(behind_proxy)
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/applicants/",
        {"first_name": "Sam", "last_name": "Lee"},
        format="json",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(record_type="applicant", action=Action.CREATE)
    assert event.remote_addr == recorded
