"""The lock and the facts read are index lookups however many applicants and checks there are.

At 100,000 checks (2026-12-07) the lock read every applicant (an OR of `IN` subqueries:
10 ms) and a returning applicant's last view in earlier applications read every check and
applicant (an OR across joins: 110 ms). The plans below are asked of PostgreSQL with a few
thousand rows, enough for it to choose as it does at size."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Applicant, Household
from checks.facts import lock_and_read
from checks.models import SocialCheck
from consent.models import Consent
from platforms.models import SocialProfile
from tests.conftest import ALL_DECLARATIONS, postgres_only
from tests.factories import ApplicantFactory, HouseholdFactory

pytestmark = [postgres_only, pytest.mark.django_db]

OTHERS = 3000


@pytest.fixture
def many_checked(household, worker, platforms, logged_out_view):
    """OTHERS households of one applicant each, every one consenting and checked."""
    started = timezone.now() - datetime.timedelta(days=30)
    households = Household.objects.bulk_create(
        Household(
            reference=f"SIZE-{n}",
            local_authority=household.local_authority,
            team=household.team,
            received_on=started.date(),
        )
        for n in range(OTHERS)
    )
    applicants = Applicant.objects.bulk_create(
        Applicant(household=h, position=1, first_name="Other", last_name=str(n)) for n, h in enumerate(households)
    )
    consents = Consent.objects.bulk_create(
        Consent(applicant=a, given=True, signed_on=started.date(), form_reference="F", recorded_by=worker)
        for a in applicants
    )
    profiles = SocialProfile.objects.bulk_create(
        SocialProfile(
            applicant=a,
            platform=platforms["facebook"],
            entered=f"size.{a.pk}",
            identity=f"size.{a.pk}",
            created_by=worker,
        )
        for a in applicants
    )
    SocialCheck.objects.bulk_create(
        SocialCheck(
            applicant=a,
            profile=p,
            consent=c,
            worker=worker,
            viewing_account=logged_out_view,
            purpose="Assessment",
            started_at=started,
            no_personal_connection=True,
            no_dummy_or_personal_account=True,
            no_interaction=True,
            this_profile_only=True,
        )
        for a, p, c in zip(applicants, profiles, consents, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return applicants


def rows_read_and_dropped(sql: str) -> int:
    """The most rows any step of the statement's plan read and then threw away."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return max((int(n) for n in re.findall(r"Rows Removed by (?:Join )?Filter: (\d+)", plan)), default=0)


@pytest.mark.parametrize("returning", [False, True], ids=["first application", "returning applicant"])
def test_the_lock_and_the_facts_read_no_other_applicants_or_checks(
    many_checked, worker, platforms, logged_out_view, team_a, returning
):
    household = HouseholdFactory(team=team_a, allocated_worker=worker)
    applicant = ApplicantFactory(household=household, first_application=many_checked[0] if returning else None)
    Consent.objects.create(
        applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference="F", recorded_by=worker
    )
    profile = SocialProfile.objects.create(
        applicant=applicant, platform=platforms["facebook"], entered="me", identity="me", created_by=worker
    )
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        attempt = lock_and_read(
            user=worker,
            applicant_id=applicant.pk,
            profile_id=profile.pk,
            viewing_account_id=logged_out_view.pk,
            declarations=ALL_DECLARATIONS,
        )
        statements = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        dropped = {sql[:40]: rows_read_and_dropped(sql) for sql in statements}
    assert attempt.facts.recently_checked is returning  # the earlier view was found, 30 days ago
    assert len(statements) == 2
    assert max(dropped.values()) < 100, dropped
