"""Two simultaneous requests can never both be the one view (PostgreSQL leg of CI)."""

import threading

import pytest
from django.db import connection

from checks.models import Refusal, SocialCheck
from checks.services import check_start
from platforms.models import ViewingAccount
from platforms.services import profile_add
from tests.conftest import ALL_DECLARATIONS, postgres_only
from tests.support.race import race as _race

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


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


def test_a_check_waiting_on_a_withdrawal_sees_the_withdrawal(
    worker, teammate, applicant, consent, profile, logged_out_view
):
    """The facts are read after the applicant's lock is held, so a start that
    waited for a withdrawal to commit is refused, never allowed on the consent
    that was just taken back."""
    from django.db import transaction

    from consent.services import consent_withdraw

    withdrawn, release = threading.Event(), threading.Event()
    results = {}

    def withdraw():
        try:
            with transaction.atomic():
                consent_withdraw(user=teammate, applicant=applicant, reason="Changed their mind")
                withdrawn.set()
                release.wait(timeout=30)  # hold the applicant's lock while the start waits for it
        finally:
            connection.close()

    def start():
        try:
            withdrawn.wait(timeout=30)
            results["outcome"] = _attempt(worker, applicant, profile, logged_out_view)()
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw), threading.Thread(target=start)]
    for thread in threads:
        thread.start()
    withdrawn.wait(timeout=30)
    import time

    time.sleep(0.5)  # the start is now waiting on the lock
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    outcome = results["outcome"]
    assert not outcome.allowed
    assert outcome.decision.first.code == "CONSENT_WITHDRAWN"
    assert not SocialCheck.objects.exists()
