"""API fixtures: a client signed in with a real token for any of the people in tests/conftest.py."""

import datetime

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import api_token_issue
from tests.conftest import ALL_DECLARATIONS


@pytest.fixture
def api_as(db):
    """api_as(user) -> an APIClient sending `Authorization: Token <key>` for a freshly issued
    read-and-write integration token (which needs no second factor; tests/api/test_tokens.py
    tests the personal ones)."""

    def _client(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {integration_key(user)}")
        return client

    return _client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def check_body(applicant, profile, logged_out_view):
    """The body of POST /checks/ that the rules allow, given consent."""
    return {
        "applicant": applicant.pk,
        "profile": profile.pk,
        "viewing_account": logged_out_view.pk,
        "declarations": dict(ALL_DECLARATIONS),
        "purpose": "Social media check for the adoption assessment",
    }


@pytest.fixture
def yesterday():
    return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def integration_key(user, scope=ApiToken.Scope.WRITE, name: str | None = None) -> str:
    """The key of a new integration token for the user (named "Tests <n>" unless named)."""
    name = name or f"Tests {ApiToken.objects.filter(user=user).count() + 1}"
    return api_token_issue(user=user, name=name, kind=ApiToken.Kind.INTEGRATION, scope=scope)[1]


def with_factor(user):
    """Give the user a confirmed second factor (an authenticator app), as a personal token needs."""
    TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})
    return user
