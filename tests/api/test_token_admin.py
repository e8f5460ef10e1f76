"""Admins, in the admin site: every token listed, any revoked, and integration tokens
issued with the key shown once on a page no browser keeps."""

import pytest

from api.models import ApiToken

from .conftest import integration_key
from .helpers import token_client

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/api/apitoken/"


@pytest.fixture
def as_admin(client, admin_user):
    client.force_login(admin_user)
    return client


def works(key: str) -> bool:
    return token_client(key).get("/api/v1/me/").status_code == 200


def test_admins_see_every_users_tokens(as_admin, worker, manager):
    integration_key(worker, name="Case system")
    integration_key(manager, name="Reports")
    page = as_admin.get(CHANGELIST).content.decode()
    assert "Case system" in page and "Reports" in page


def test_admins_revoke_tokens_with_an_action(as_admin, worker):
    key = integration_key(worker)
    token = ApiToken.objects.get(user=worker)
    response = as_admin.post(CHANGELIST, {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert not works(key)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_admins_issue_an_integration_token_shown_once_on_a_page_not_kept(as_admin, admin_user, worker):
    assert as_admin.get(f"{CHANGELIST}add/").status_code == 200
    response = as_admin.post(
        f"{CHANGELIST}add/", {"user": worker.pk, "name": "Case management", "scope": "read", "days": "30"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=worker)
    assert (token.kind, token.scope, token.issued_by) == ("integration", "read", admin_user)
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    key = response.context["key"]
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert works(key)
    assert key not in as_admin.get(CHANGELIST).content.decode()


def test_an_integration_token_cannot_outlast_the_longest_expiry(as_admin, worker, settings):
    settings.SOCIALCHECK_API_TOKEN_MAX_DAYS = 100
    response = as_admin.post(f"{CHANGELIST}add/", {"user": worker.pk, "name": "Long", "scope": "read", "days": "101"})
    assert response.status_code == 200 and "1 to 100 days" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_people_who_are_not_admins_cannot_issue_or_revoke(client, manager, worker):
    key = integration_key(worker)
    client.force_login(manager)
    assert client.get(f"{CHANGELIST}add/")["Location"].startswith("/admin/login/")
    token = ApiToken.objects.get(user=worker)
    client.post(CHANGELIST, {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert works(key)
