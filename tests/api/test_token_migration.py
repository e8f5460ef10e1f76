"""api 0002: the tokens issued before (one per user, never expiring) become personal
read-and-write tokens named "Command line", expiring 90 days from the migration, and
working only while their user has a confirmed second factor."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from api.models import ApiToken

from .conftest import with_factor
from .helpers import token_client

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)


def test_an_existing_token_becomes_a_personal_token_expiring_in_90_days(worker, manager):
    key, other_key = "an-old-key", "another-old-key"
    try:
        _migrate([("api", "0001_initial")])
        with connection.cursor() as cursor:
            for user, k in ((worker, key), (manager, other_key)):
                cursor.execute(
                    "INSERT INTO api_apitoken (user_id, key_hash, created_at) VALUES (%s, %s, %s)",
                    [user.pk, hashlib.sha256(k.encode()).hexdigest(), timezone.now() - datetime.timedelta(days=400)],
                )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    token = ApiToken.objects.get(user=worker)
    assert (token.name, token.kind, token.scope, token.revoked_at) == ("Command line", "personal", "write", None)
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=90))) < datetime.timedelta(minutes=5)

    with_factor(worker)
    assert token_client(key).get("/api/v1/me/").status_code == 200  # a user with a second factor keeps it
    assert token_client(other_key).get("/api/v1/me/").status_code == 401  # one without loses it (issue #14, 6)
