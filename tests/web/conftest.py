import pytest
from django.test import Client
from django.utils import timezone

from consent.models import ConsentText


@pytest.fixture
def as_user():
    """A test client signed in as `user`."""

    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def consent_text(db):
    return ConsentText.objects.create(
        version="1",
        body="A social worker may look once at one of your social media profiles.\n\nYou can say no.",
        easy_read_body="We would like to look at your social media, one time.\nYou can say no.",
        published_at=timezone.now(),
    )
