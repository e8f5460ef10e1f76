import pytest

from platforms.models import SocialProfile
from platforms.services import profile_add
from t4c_socialcheck.errors import Conflict, Invalid, NotPermitted
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


def test_a_profile_is_stored_in_its_canonical_form(worker, applicant, platforms):
    profile = profile_add(
        user=worker, applicant=applicant, platform=platforms["x"], handle="https://mobile.twitter.com/AlexM/"
    )
    assert profile.identity == "alexm"
    assert profile.normalised == "x.com/alexm"
    assert profile.profile_url == "https://x.com/alexm"
    assert profile.entered == "https://mobile.twitter.com/AlexM/"


def test_the_same_profile_under_another_spelling_is_a_duplicate(worker, applicant, platforms):
    profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle="alex.morgan")
    with pytest.raises(Conflict) as error:
        profile_add(
            user=worker,
            applicant=applicant,
            platform=platforms["facebook"],
            handle="https://m.facebook.com/Alex.Morgan?x=1",
        )
    assert error.value.code == "DUPLICATE"
    assert SocialProfile.objects.count() == 1


def test_a_profile_belongs_to_one_applicant_only(worker, applicant, platforms):
    partner = ApplicantFactory(household=applicant.household)
    profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle="the.morgans")
    with pytest.raises(Conflict) as error:
        profile_add(user=worker, applicant=partner, platform=platforms["facebook"], handle="@The.Morgans")
    # The other applicant is not named: they may be outside the user's scope.
    assert applicant.first_name not in error.value.detail


def test_a_link_for_another_platform_names_the_right_one(worker, applicant, platforms):
    with pytest.raises(Invalid) as error:
        profile_add(
            user=worker, applicant=applicant, platform=platforms["facebook"], handle="https://instagram.com/alex"
        )
    assert error.value.detail.startswith("That link is for Instagram. Choose Instagram as the platform")
    assert error.value.fields["handle"]


def test_a_retired_platform_takes_no_new_profiles(worker, applicant, platforms):
    platform = platforms["facebook"]
    platform.active = False
    platform.save()
    with pytest.raises(Invalid):
        profile_add(user=worker, applicant=applicant, platform=platform, handle="alex")


def test_an_outsider_cannot_add_a_profile(outsider, applicant, platforms):
    with pytest.raises(NotPermitted):
        profile_add(user=outsider, applicant=applicant, platform=platforms["facebook"], handle="alex")
    assert not SocialProfile.objects.exists()


@pytest.mark.parametrize("handle", ["x" * 10_000, "<b>alex</b>", "", "javascript:alert(1)"])
def test_odd_input_is_refused_and_nothing_is_stored(worker, applicant, platforms, handle):
    with pytest.raises(Invalid):
        profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle=handle)
    assert not SocialProfile.objects.exists()


def test_the_database_refuses_the_same_normalised_profile_twice(worker, applicant, platforms):
    from django.db import IntegrityError, transaction

    first = profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle="alex.morgan")
    with pytest.raises(IntegrityError), transaction.atomic():
        SocialProfile.objects.create(
            applicant=applicant, platform=first.platform, entered="x", identity="alex.morgan", created_by=worker
        )
