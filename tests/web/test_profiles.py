import uuid

from django.urls import reverse

from platforms.models import SocialProfile

from .helpers import error_summary


def test_a_worker_adds_a_profile_and_sees_the_form_it_was_saved_in(as_user, worker, applicant, platforms):
    data = {"platform": platforms["instagram"].pk, "handle": "https://www.Instagram.com/Alex.Morgan/?hl=en"}
    response = as_user(worker).post(reverse("profile-add", args=[applicant.pk]), data, follow=True)
    profile = SocialProfile.objects.get()
    assert profile.applicant == applicant and profile.created_by == worker
    assert f"as {profile.normalised} (Instagram)" in response.content.decode()


def test_a_profile_link_for_another_platform_is_refused_with_the_right_platform_named(
    as_user, worker, applicant, platforms
):
    data = {"platform": platforms["facebook"].pk, "handle": "https://x.com/alexmorgan"}
    response = as_user(worker).post(reverse("profile-add", args=[applicant.pk]), data)
    summary = error_summary(response)
    assert 'href="#id_handle"' in summary
    assert "Choose X (formerly Twitter) as the platform" in summary
    assert not SocialProfile.objects.exists()


def test_adding_a_profile_with_nothing_filled_in_lists_both_fields(as_user, worker, applicant, platforms):
    summary = error_summary(as_user(worker).post(reverse("profile-add", args=[applicant.pk]), {}))
    assert "Choose the platform" in summary
    assert "Enter the profile link or username" in summary


def test_the_same_profile_under_another_spelling_is_refused(as_user, worker, applicant, profile, platforms):
    data = {"platform": platforms["facebook"].pk, "handle": "https://m.facebook.com/Alex.Morgan"}
    summary = error_summary(as_user(worker).post(reverse("profile-add", args=[applicant.pk]), data))
    assert "This profile is already recorded for Alex Morgan as facebook.com/alex.morgan." in summary
    assert SocialProfile.objects.count() == 1


def test_sending_the_profile_form_twice_records_it_once_without_an_error(as_user, worker, applicant, platforms):
    client = as_user(worker)
    data = {"platform": platforms["tiktok"].pk, "handle": "@alex", "submission": str(uuid.uuid4())}
    client.post(reverse("profile-add", args=[applicant.pk]), data)
    second = client.post(reverse("profile-add", args=[applicant.pk]), data, follow=True)
    assert SocialProfile.objects.count() == 1
    assert "It has been recorded once." in second.content.decode()
    assert "There is a problem" not in second.content.decode()


def test_platforms_that_cannot_be_checked_say_so_in_the_list(as_user, worker, applicant, platforms):
    html = as_user(worker).get(reverse("profile-add", args=[applicant.pk])).content.decode()
    assert "LinkedIn (recorded only: checks cannot be made on it)" in html
