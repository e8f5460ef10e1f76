"""ripa 0002 and checks 0010 (point 12): the old direct-entry authorisations become
applications with the same ids, what the old form never asked marked "not recorded",
and the views under them still cite them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from checks.models import SocialCheck
from ripa.models import RipaApplication, Status
from ripa.selectors import display_status

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("ripa", "0001_applications_and_central_record"), ("checks", "0009_one_off_in_real_households")]


def test_old_authorisations_become_applications_with_what_is_missing_marked(
    manager, applicant, profile, consent, logged_out_view, apply
):
    executor = MigrationExecutor(connection)
    today = timezone.localdate()
    try:
        executor.migrate(BEFORE)
        old_apps = executor.loader.project_state(BEFORE).apps
        Old = old_apps.get_model("checks", "RipaAuthorisation")
        OldReview = old_apps.get_model("checks", "RipaReview")
        OldCheck = old_apps.get_model("checks", "SocialCheck")
        # Approved 150 days ago, its window typed in as starting 10 days ago: never valid under the new rule.
        stale = Old.objects.create(
            reference="RIPA-OLD-1",
            applicant_id=applicant.pk,
            authorising_officer="J. Smith, Head of Legal",
            magistrate_approved_on=today - datetime.timedelta(days=150),
            valid_from=today - datetime.timedelta(days=150),
            valid_to=today + datetime.timedelta(days=20),
            created_by_id=manager.pk,
        )
        stale.profiles.set([profile.pk])
        cancelled = Old.objects.create(
            reference="RIPA-OLD-2",
            applicant_id=applicant.pk,
            authorising_officer="J. Smith",
            magistrate_approved_on=today - datetime.timedelta(days=5),
            valid_from=today - datetime.timedelta(days=5),
            valid_to=today + datetime.timedelta(days=30),
            cancelled_at=timezone.now(),
            cancelled_by_id=manager.pk,
            cancellation_reason="No longer needed.",
            created_by_id=manager.pk,
        )
        OldReview.objects.create(
            authorisation=stale,
            kind="review",
            on=today - datetime.timedelta(days=100),
            notes="Still needed.",
            recorded_by_id=manager.pk,
        )
        view = OldCheck.objects.create(
            applicant_id=applicant.pk,
            profile_id=profile.pk,
            consent_id=consent.pk,
            worker_id=manager.pk,
            viewing_account_id=logged_out_view.pk,
            ripa_authorisation=stale,
            no_personal_connection=True,
            no_dummy_or_personal_account=True,
            no_interaction=True,
            this_profile_only=True,
            purpose="Repeat view",
            started_at=timezone.now(),
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    first = RipaApplication.objects.get(pk=stale.pk)
    assert first.reference == "RIPA-OLD-1" and first.status == Status.ACTIVE
    assert first.authorising_officer_name == "J. Smith, Head of Legal"
    assert {"offence", "necessity", "court", "justice"} <= set(first.not_recorded)
    assert first.last_valid_day < today and display_status(first) == "lapsed"  # counted from the approval
    assert list(first.profiles.values_list("pk", flat=True)) == [profile.pk]
    assert first.reviews.get().reasons == "Still needed."
    assert SocialCheck.objects.get(pk=view.pk).ripa_authorisation == first
    second = RipaApplication.objects.get(pk=cancelled.pk)
    assert second.status == Status.CANCELLED and second.cancellation.product_handling.startswith("Not recorded")
    # New applications get new ids after the migrated ones (the sequence was moved past them).
    assert apply().pk > cancelled.pk
