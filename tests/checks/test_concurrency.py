"""Two simultaneous requests can never both be the one view (PostgreSQL leg of CI)."""

import threading

import pytest
from django.db import connection

from checks.models import Refusal, SocialCheck
from checks.services import check_start
from platforms.models import ViewingAccount
from platforms.services import profile_add
from tests.conftest import ALL_DECLARATIONS, postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _race(attempts):
    """Run each attempt in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(attempts))
    outcomes, errors = [], []
    lock = threading.Lock()

    def run(attempt):
        try:
            barrier.wait(timeout=30)
            outcome = attempt()
            with lock:
                outcomes.append(outcome)
        except Exception as error:  # the test asserts none escaped
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


def _attempt(user, applicant, profile, account):
    return lambda: check_start(
        user=user,
        applicant_id=applicant.pk,
        profile_id=profile.pk,
        viewing_account_id=account.pk,
        declarations=dict(ALL_DECLARATIONS),
        purpose="Race",
    )


def test_32_simultaneous_starts_for_one_applicant_give_exactly_one_check(
    worker, applicant, consent, profile, logged_out_view
):
    outcomes, errors = _race([_attempt(worker, applicant, profile, logged_out_view)] * 32)
    assert errors == []
    assert len(outcomes) == 32
    assert sum(o.allowed for o in outcomes) == 1
    assert SocialCheck.objects.count() == 1
    assert Refusal.objects.count() == 31
    assert all(r.code in ("APPLICANT_ALREADY_CHECKED",) for r in Refusal.objects.all())


def test_racing_two_profiles_of_one_applicant_gives_one_check(worker, applicant, consent, profile, platforms):
    other = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="@alex")
    facebook_view = ViewingAccount.objects.get(platform=platforms["facebook"], kind="logged_out")
    instagram_view = ViewingAccount.objects.get(platform=platforms["instagram"], kind="logged_out")
    attempts = [_attempt(worker, applicant, profile, facebook_view), _attempt(worker, applicant, other, instagram_view)]
    outcomes, errors = _race(attempts * 8)
    assert errors == []
    assert sum(o.allowed for o in outcomes) == 1
    assert SocialCheck.objects.count() == 1
    assert Refusal.objects.count() == 15
