"""web 0002 moves when the profile link was shown from the form token to the check,
completed checks included, and leaves the check's guard trigger in place."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from checks.models import SocialCheck

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("web", "0001_initial"), ("checks", "0008_socialcheck_profile_link_shown_at")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _guard_exists() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'checks_socialcheck_guard'")
        else:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'checks_socialcheck_guard' AND tgenabled = 'O'")
        return cursor.fetchone() is not None


def test_the_time_moves_to_the_check_and_the_guard_stays(worker, applicant, consent, profile, start):
    social_check = start(worker, applicant, profile).social_check
    completed = {"completed_at": timezone.now(), "outcome": "no_concerns", "no_third_party_details": True}
    SocialCheck.objects.filter(pk=social_check.pk).update(**completed)
    shown = timezone.now() - datetime.timedelta(hours=1)
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO web_submission (token, user_id, result_url, social_check_id, link_shown_at, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                ["0" * 32, worker.pk, f"/checks/{social_check.pk}/", social_check.pk, shown, timezone.now()],
            )
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert SocialCheck.objects.get().profile_link_shown_at == shown
    assert _guard_exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        SocialCheck.objects.filter(pk=social_check.pk).update(purpose="Changed after completion")
