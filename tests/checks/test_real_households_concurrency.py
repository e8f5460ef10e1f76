"""A joint profile's check and a void hold under simultaneous requests (PostgreSQL leg of CI):
both applicants' rows are locked, in id order, by every start and every void."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from checks.models import CheckOutcome, CheckVoid, Refusal, SocialCheck
from checks.services import check_complete, check_start, check_void
from consent.services import consent_record
from platforms.models import ViewingAccount
from platforms.services import profile_add
from t4c_socialcheck.errors import Conflict
from tests.conftest import ALL_DECLARATIONS, postgres_only
from tests.factories import ApplicantFactory, UserFactory
from tests.support.race import race

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _consent(user, applicant):
    consent_record(
        user=user,
        applicant=applicant,
        given=True,
        signed_on=timezone.localdate() - datetime.timedelta(days=1),
        form_reference=f"ROI-{applicant.pk}",
    )


def _start(user, applicant, profile, account):
    return lambda: check_start(
        user=user,
        applicant_id=applicant.pk,
        profile_id=profile.pk,
        viewing_account_id=account.pk,
        declarations=dict(ALL_DECLARATIONS),
        purpose="Race",
    )


@pytest.fixture
def couple(worker, applicant, household, platforms):
    partner = ApplicantFactory(household=household, first_name="Sam", last_name="Morgan")
    _consent(worker, applicant)
    _consent(worker, partner)
    joint = profile_add(
        user=worker, applicant=applicant, platform=platforms["facebook"], handle="the.morgans", joint_with=partner
    )
    return applicant, partner, joint


def test_32_simultaneous_starts_on_a_joint_profile_give_exactly_one_check(worker, teammate, couple, logged_out_view):
    applicant, partner, joint = couple
    attempts = [_start(worker, applicant, joint, logged_out_view), _start(teammate, partner, joint, logged_out_view)]
    outcomes, errors = race(attempts * 16)
    assert errors == []
    assert sum(o.allowed for o in outcomes) == 1
    assert SocialCheck.objects.count() == 1
    assert Refusal.objects.count() == 31


def test_starts_on_the_joint_profile_and_each_applicants_own_profile_give_one_check(
    worker, couple, platforms, logged_out_view
):
    """A joint view and the partner's own view race: never both."""
    applicant, partner, joint = couple
    own = profile_add(user=worker, applicant=partner, platform=platforms["instagram"], handle="@sam")
    instagram = ViewingAccount.objects.get(platform=platforms["instagram"], kind="logged_out")
    attempts = [_start(worker, applicant, joint, logged_out_view), _start(worker, partner, own, instagram)]
    outcomes, errors = race(attempts * 8)
    assert errors == []
    assert sum(o.allowed for o in outcomes) == 1
    assert SocialCheck.objects.count() == 1


def test_two_simultaneous_voids_give_one_void(worker, manager, team_a, applicant, consent, profile, logged_out_view):
    other = UserFactory(username="other-manager", role=Role.MANAGER)
    team_a.managers.add(other)
    social_check = _start(worker, applicant, profile, logged_out_view)().social_check
    check_complete(
        user=worker,
        social_check_id=social_check.pk,
        findings_summary="No profile at the address.",
        outcome=CheckOutcome.PROFILE_NOT_FOUND,
        no_third_party_details=True,
    )

    def void(user):
        def attempt():
            try:
                return check_void(user=user, social_check_id=social_check.pk, reason="Deleted account")
            except Conflict as refused:
                return refused.code

        return attempt

    outcomes, errors = race([void(manager), void(other)] * 4)
    assert errors == []
    assert sum(isinstance(o, CheckVoid) for o in outcomes) == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["NOT_VOIDABLE"] * 7
    assert CheckVoid.objects.count() == 1


def test_after_a_void_simultaneous_starts_of_two_other_profiles_give_one_check(
    worker, manager, applicant, consent, profile, platforms, logged_out_view
):
    social_check = _start(worker, applicant, profile, logged_out_view)().social_check
    check_complete(
        user=worker,
        social_check_id=social_check.pk,
        findings_summary="Someone else's page.",
        outcome=CheckOutcome.WRONG_PERSON,
        no_third_party_details=True,
    )
    check_void(user=manager, social_check_id=social_check.pk, reason="Another person's page")
    instagram = ViewingAccount.objects.get(platform=platforms["instagram"], kind="logged_out")
    x_view = ViewingAccount.objects.get(platform=platforms["x"], kind="logged_out")
    first = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="@alex")
    second = profile_add(user=worker, applicant=applicant, platform=platforms["x"], handle="@alexm")
    attempts = [_start(worker, applicant, first, instagram), _start(worker, applicant, second, x_view)]
    outcomes, errors = race(attempts * 8)
    assert errors == []
    assert sum(o.allowed for o in outcomes) == 1
    assert SocialCheck.objects.filter(one_off_number=2).count() == 1
