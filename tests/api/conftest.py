"""API fixtures: a client signed in with a real token for any of the people in tests/conftest.py."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import api_token_issue
from tests.conftest import ALL_DECLARATIONS


@pytest.fixture
def api_as(db):
    """api_as(user) -> an APIClient sending `Authorization: Token <key>` for a freshly issued token."""

    def _client(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)}")
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
