"""The pages of issue 17: the findings form's outcomes with help text, a shared account on
both applicants' pages, the void page for managers, the list of voids, the dashboard's
count, the returning applicant's suggested link, and each applicant's one-off check said plainly."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from cases.models import Applicant
from cases.services import household_close
from checks.models import OUTCOME_HELP, CheckOutcome, CheckVoid
from checks.services import check_complete, check_start
from consent.services import consent_record
from tests.conftest import ALL_DECLARATIONS
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory

from .helpers import date_fields, error_summary

pytestmark = pytest.mark.django_db


def _consent(user, applicant):
    consent_record(
        user=user,
        applicant=applicant,
        given=True,
        signed_on=timezone.localdate() - datetime.timedelta(days=1),
        form_reference=f"ROI-{applicant.pk}",
    )


def _check(user, applicant, profile, account, outcome=None):
    social_check = check_start(
        user=user,
        applicant_id=applicant.pk,
        profile_id=profile.pk,
        viewing_account_id=account.pk,
        declarations=dict(ALL_DECLARATIONS),
        purpose="Stage 1 check",
    ).social_check
    if outcome:
        social_check = check_complete(
            user=user,
            social_check_id=social_check.pk,
            findings_summary="Briefly.",
            outcome=outcome,
            no_third_party_details=True,
        )
    return social_check


def test_the_findings_form_offers_each_outcome_with_help_saying_which_to_choose(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    social_check = _check(worker, applicant, profile, logged_out_view)
    html = as_user(worker).get(reverse("check", args=[social_check.pk])).content.decode()
    for outcome in CheckOutcome:
        assert f'value="{outcome.value}"' in html
        assert str(OUTCOME_HELP[outcome]).replace("'", "&#x27;") in html


def test_a_shared_account_is_added_once_and_shows_on_both_applicants(
    as_user, worker, household, applicant, consent, platforms, logged_out_view
):
    partner = ApplicantFactory(household=household, first_name="Sam", last_name="Morgan")
    consent_record(user=worker, applicant=partner, given=True, signed_on=consent.signed_on, form_reference="ROI-FORM-2")
    client = as_user(worker)
    form = client.get(reverse("profile-add", args=[applicant.pk])).content.decode()
    assert "This account is shared with Sam Morgan" in form
    response = client.post(
        reverse("profile-add", args=[applicant.pk]),
        {
            "platform": platforms["facebook"].pk,
            "handle": "the.morgans",
            "shared": "on",
            "submission": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    profile = applicant.profiles.get()
    assert profile.joint_with == partner
    html = client.get(reverse("household", args=[household.pk])).content.decode()
    assert html.count("(shared by Alex Morgan and Sam Morgan)") == 2
    # The partner's check form offers the shared account.
    assert "the.morgans" in client.get(reverse("check-new", args=[partner.pk])).content.decode()


def test_each_applicants_page_states_their_one_off_check(
    as_user, worker, household, applicant, consent, profile, logged_out_view
):
    client = as_user(worker)
    assert (
        "Available: no one-off check has been made."
        in client.get(reverse("household", args=[household.pk])).content.decode()
    )
    social_check = _check(worker, applicant, profile, logged_out_view)
    html = client.get(reverse("household", args=[household.pk])).content.decode()
    today = timezone.localdate()
    assert f"In progress since {today.day} {today:%B %Y} by {worker.get_full_name()}." in html
    check_complete(
        user=worker,
        social_check_id=social_check.pk,
        findings_summary="Nothing.",
        outcome=CheckOutcome.PROFILE_PRIVATE,
        no_third_party_details=True,
    )
    html = client.get(reverse("household", args=[household.pk])).content.decode()
    assert f"Used on {today.day} {today:%B %Y} (Facebook, the profile is private)." in html


@pytest.fixture
def other_manager(team_a):
    user = UserFactory(username="other-manager", role=Role.MANAGER, first_name="Pat", last_name="Reid")
    team_a.managers.add(user)
    return user


def test_a_manager_voids_a_check_on_its_page_and_it_is_listed_and_counted(
    as_user, worker, manager, other_manager, household, applicant, consent, profile, logged_out_view, auditor
):
    social_check = _check(worker, applicant, profile, logged_out_view, CheckOutcome.PROFILE_NOT_FOUND)
    client = as_user(manager)
    assert (
        reverse("check-void", args=[social_check.pk])
        in client.get(reverse("check", args=[social_check.pk])).content.decode()
    )
    # The worker's own page offers no void.
    assert (
        reverse("check-void", args=[social_check.pk])
        not in as_user(worker).get(reverse("check", args=[social_check.pk])).content.decode()
    )
    empty = client.post(reverse("check-void", args=[social_check.pk]), {"reason": "", "submission": str(uuid.uuid4())})
    assert "Enter why you are voiding this check" in error_summary(empty)
    response = client.post(
        reverse("check-void", args=[social_check.pk]),
        {"reason": "The profile had been deleted", "submission": str(uuid.uuid4())},
    )
    assert response.status_code == 302 and response["Location"] == reverse("household", args=[household.pk])
    assert CheckVoid.objects.get().voided_by == manager
    html = client.get(reverse("household", args=[household.pk])).content.decode()
    today = timezone.localdate()
    assert f"Voided on {today.day} {today:%B %Y} by {manager.get_full_name()}." in html
    assert reverse("check-new", args=[applicant.pk]) in html  # another profile may now be checked
    for reader in (manager, auditor):
        listing = as_user(reader).get(reverse("void-list")).content.decode()
        assert "The profile had been deleted" in listing and household.reference in listing
    dashboard = client.get(reverse("oversight-dashboard")).content.decode()
    assert "Voided checks" in dashboard and "check voided by a second manager" in dashboard
    # Voided once: the page now says why it cannot be voided again, and records nothing.
    again = as_user(other_manager).get(reverse("check-void", args=[social_check.pk])).content.decode()
    assert "This check cannot be voided. This check has already been voided." in again


def test_the_void_page_says_plainly_why_a_private_profile_cannot_be_voided(
    as_user, worker, manager, applicant, consent, profile, logged_out_view
):
    social_check = _check(worker, applicant, profile, logged_out_view, CheckOutcome.PROFILE_PRIVATE)
    client = as_user(manager)
    html = client.get(reverse("check-void", args=[social_check.pk])).content.decode()
    assert "the public part of the applicant&#x27;s account was seen" in html
    client.post(reverse("check-void", args=[social_check.pk]), {"reason": "Try", "submission": str(uuid.uuid4())})
    assert not CheckVoid.objects.exists()


def test_adding_a_returning_applicant_suggests_the_earlier_one_and_the_worker_confirms(
    as_user, worker, manager, household, team_a
):
    old_household = HouseholdFactory(team=team_a, reference="ROI-2024-OLD")
    earlier = ApplicantFactory(
        household=old_household, first_name="Robin", last_name="Hart", date_of_birth=datetime.date(1985, 3, 31)
    )
    household_close(
        user=manager, household_id=old_household.pk, outcome="withdrawn", on=timezone.localdate(), reason="Withdrew"
    )
    client = as_user(worker)
    data = {
        "first_name": "Robin",
        "last_name": "Hart",
        **date_fields("date_of_birth", datetime.date(1985, 3, 31)),
        "translation_language": "",
        "interpreter_language": "",
        "communication_notes": "",
        **date_fields("needs_review_on", None),
        "submission": str(uuid.uuid4()),
    }
    asked = client.post(reverse("applicant-add", args=[household.pk]), data)
    assert asked.status_code == 200
    assert "Has this person applied before?" in asked.content.decode()
    assert "ROI-2024-OLD" in asked.content.decode()
    assert not household.applicants.exists()  # never linked, nor added, without the worker's answer
    done = client.post(reverse("applicant-add", args=[household.pk]), {**data, "earlier_applicant": str(earlier.pk)})
    assert done.status_code == 302
    added = household.applicants.get()
    assert added.earlier_applicant == earlier
    html = client.get(reverse("household", args=[household.pk])).content.decode()
    assert "The same person applied before (ROI-2024-OLD)." in html


def test_someone_else_with_the_same_name_is_not_linked(as_user, worker, manager, household, team_a):
    old_household = HouseholdFactory(team=team_a)
    ApplicantFactory(
        household=old_household, first_name="Robin", last_name="Hart", date_of_birth=datetime.date(1985, 3, 31)
    )
    household_close(
        user=manager, household_id=old_household.pk, outcome="withdrawn", on=timezone.localdate(), reason="Withdrew"
    )
    data = {
        "first_name": "Robin",
        "last_name": "Hart",
        **date_fields("date_of_birth", datetime.date(1985, 3, 31)),
        "translation_language": "",
        "interpreter_language": "",
        "communication_notes": "",
        **date_fields("needs_review_on", None),
        "submission": str(uuid.uuid4()),
        "earlier_applicant": "none",
    }
    assert as_user(worker).post(reverse("applicant-add", args=[household.pk]), data).status_code == 302
    assert Applicant.objects.get(household=household).earlier_applicant is None
