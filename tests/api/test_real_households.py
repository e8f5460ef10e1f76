"""The one-off view in real households through the API (api.md, "Additions, December 2026"):
`joint_with` on profiles, the new outcomes, POST /checks/{id}/void/ and 409 NOT_VOIDABLE,
`earlier_applicant` on applicants and 409 RECENTLY_CHECKED with `possible_from`."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import Role
from cases.services import household_close
from checks.models import CheckVoid, SocialCheck
from consent.services import consent_record
from incidents.models import Incident
from t4c_socialcheck.dates import add_calendar_months
from tests.conftest import ALL_DECLARATIONS
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory

from .helpers import assert_error

pytestmark = pytest.mark.django_db


def consent_of(worker, applicant):
    consent_record(
        user=worker,
        applicant=applicant,
        given=True,
        signed_on=timezone.localdate() - datetime.timedelta(days=1),
        form_reference=f"ROI-{applicant.pk}",
    )


def body_for(applicant, profile_id, account):
    return {
        "applicant": applicant.pk,
        "profile": profile_id,
        "viewing_account": account.pk,
        "declarations": dict(ALL_DECLARATIONS),
        "purpose": "Social media check for the assessment",
    }


def completed(client, applicant, profile_id, account, outcome):
    started = client.post("/api/v1/checks/", body_for(applicant, profile_id, account), format="json")
    assert started.status_code == 201, started.json()
    findings = {"findings_summary": "Briefly.", "outcome": outcome, "no_third_party_details": True}
    done = client.patch(f"/api/v1/checks/{started.json()['id']}/", findings, format="json")
    assert done.status_code == 200, done.json()
    return started.json()["id"]


@pytest.fixture
def partner(household):
    return ApplicantFactory(household=household, first_name="Sam", last_name="Morgan")


def test_a_joint_profile_through_the_api_needs_both_consents_and_shows_on_both(
    api_as, worker, applicant, partner, platforms, logged_out_view
):
    client = api_as(worker)
    created = client.post(
        f"/api/v1/applicants/{applicant.pk}/profiles/",
        {"platform": platforms["facebook"].pk, "handle": "the.morgans", "joint_with": partner.pk},
        format="json",
    )
    assert created.status_code == 201 and created.json()["joint_with"] == partner.pk
    profile_id = created.json()["id"]
    consent_of(worker, applicant)
    body = assert_error(
        client.post("/api/v1/checks/", body_for(applicant, profile_id, logged_out_view), format="json"),
        403,
        "NO_CONSENT",
    )
    assert "Sam Morgan has not" in body["detail"]
    consent_of(worker, partner)
    check_id = completed(client, partner, profile_id, logged_out_view, "no_concerns")
    assert client.get(f"/api/v1/checks/{check_id}/").json()["joint_applicant"] == applicant.pk
    for person in (applicant, partner):
        detail = client.get(f"/api/v1/applicants/{person.pk}/").json()
        assert [p["id"] for p in detail["profiles"]] == [profile_id]
        assert detail["check_status"] == "completed" and detail["one_off_check"]["state"] == "used"


@pytest.mark.parametrize("joint_with", ["other-household", 10**9, "x"])
def test_joint_with_must_be_the_other_applicant_of_the_household(api_as, worker, applicant, platforms, joint_with):
    if joint_with == "other-household":
        joint_with = ApplicantFactory(household=HouseholdFactory(team=applicant.household.team)).pk
    response = api_as(worker).post(
        f"/api/v1/applicants/{applicant.pk}/profiles/",
        {"platform": platforms["facebook"].pk, "handle": "shared", "joint_with": joint_with},
        format="json",
    )
    assert response.status_code in (400, 404)
    assert response.json()["code"] in ("INVALID", "NOT_FOUND")
    assert not applicant.profiles.exists()


def test_wrong_person_through_the_api_opens_an_incident(api_as, worker, applicant, consent, profile, logged_out_view):
    completed(api_as(worker), applicant, profile.pk, logged_out_view, "wrong_person")
    assert Incident.objects.get().local_authority == applicant.household.local_authority


def test_void_through_the_api(api_as, worker, manager, applicant, consent, profile, logged_out_view):
    check_id = completed(api_as(worker), applicant, profile.pk, logged_out_view, "profile_not_found")
    assert_error(api_as(worker).post(f"/api/v1/checks/{check_id}/void/", {"reason": "x"}, format="json"), 403,
                 "NOT_PERMITTED")  # fmt: skip
    assert_error(api_as(manager).post(f"/api/v1/checks/{check_id}/void/", {}, format="json"), 400, "INVALID")
    response = api_as(manager).post(f"/api/v1/checks/{check_id}/void/", {"reason": "Deleted account"}, format="json")
    assert response.status_code == 200
    assert response.json()["void"]["reason"] == "Deleted account"
    assert response.json()["void"]["voided_by"]["id"] == manager.pk
    again = api_as(manager).post(f"/api/v1/checks/{check_id}/void/", {"reason": "Again"}, format="json")
    assert_error(again, 409, "NOT_VOIDABLE")
    assert CheckVoid.objects.count() == 1
    assert api_as(worker).get(f"/api/v1/applicants/{applicant.pk}/").json()["check_status"] == "not_checked"


@pytest.mark.parametrize("outcome", ["profile_private", "no_concerns", "concerns_to_discuss"])
def test_other_outcomes_are_not_voidable(
    api_as, worker, manager, applicant, consent, profile, logged_out_view, outcome
):
    check_id = completed(api_as(worker), applicant, profile.pk, logged_out_view, outcome)
    response = api_as(manager).post(f"/api/v1/checks/{check_id}/void/", {"reason": "Try"}, format="json")
    assert_error(response, 409, "NOT_VOIDABLE")


def test_an_unfinished_check_is_not_voidable_and_outsiders_get_404(
    api_as, worker, manager, team_b, applicant, consent, profile, logged_out_view
):
    started = api_as(worker).post("/api/v1/checks/", body_for(applicant, profile.pk, logged_out_view), format="json")
    check_id = started.json()["id"]
    assert_error(api_as(manager).post(f"/api/v1/checks/{check_id}/void/", {"reason": "Try"}, format="json"), 409,
                 "NOT_VOIDABLE")  # fmt: skip
    elsewhere = UserFactory(role=Role.MANAGER)
    team_b.managers.add(elsewhere)
    assert_error(api_as(elsewhere).post(f"/api/v1/checks/{check_id}/void/", {"reason": "x"}, format="json"), 404,
                 "NOT_FOUND")  # fmt: skip
    assert not SocialCheck.objects.filter(void__isnull=False).exists()


def test_a_returning_applicant_is_linked_and_refused_409_recently_checked_with_possible_from(
    api_as, worker, manager, household, team_a, platforms, logged_out_view
):
    client = api_as(worker)
    then = add_calendar_months(timezone.localdate(), -3)
    moment = timezone.make_aware(datetime.datetime.combine(then, datetime.time(10)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        old_household = HouseholdFactory(team=team_a)
        earlier = ApplicantFactory(household=old_household, first_name="Alex", last_name="Morgan")
        consent_of(worker, earlier)
        old = client.post(
            f"/api/v1/applicants/{earlier.pk}/profiles/",
            {"platform": platforms["facebook"].pk, "handle": "alex.then"},
            format="json",
        ).json()["id"]
        completed(client, earlier, old, logged_out_view, "no_concerns")
        household_close(user=manager, household_id=old_household.pk, outcome="withdrawn", on=then, reason="Withdrew")
    added = client.post(
        f"/api/v1/households/{household.pk}/applicants/",
        {"first_name": "Alex", "last_name": "Morgan", "earlier_applicant": earlier.pk},
        format="json",
    )
    assert added.status_code == 201 and added.json()["earlier_applicant"] == earlier.pk
    returning_id = added.json()["id"]
    returning = household.applicants.get(pk=returning_id)
    consent_of(worker, returning)
    new = client.post(
        f"/api/v1/applicants/{returning_id}/profiles/",
        {"platform": platforms["facebook"].pk, "handle": "alex.now"},
        format="json",
    ).json()["id"]
    body = assert_error(
        client.post("/api/v1/checks/", body_for(returning, new, logged_out_view), format="json"),
        409,
        "RECENTLY_CHECKED",
    )
    assert body["possible_from"] == add_calendar_months(then, 12).isoformat()
    detail = client.get(f"/api/v1/applicants/{returning_id}/").json()
    assert detail["one_off_check"]["state"] == "possible_from"
    assert detail["one_off_check"]["possible_from"] == body["possible_from"]


def test_earlier_applicant_must_be_closed_visible_and_elsewhere(api_as, worker, outsider, household, applicant):
    open_elsewhere = ApplicantFactory(household=HouseholdFactory(team=household.team))
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/applicants/",
        {"first_name": "Sam", "last_name": "Lee", "earlier_applicant": open_elsewhere.pk},
        format="json",
    )
    assert_error(response, 400, "INVALID")
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/applicants/",
        {"first_name": "Sam", "last_name": "Lee", "earlier_applicant": "abc"},
        format="json",
    )
    assert_error(response, 400, "INVALID")
    hidden = ApplicantFactory(household=HouseholdFactory(team=outsider.teams.first()))
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/applicants/",
        {"first_name": "Sam", "last_name": "Lee", "earlier_applicant": hidden.pk},
        format="json",
    )
    assert_error(response, 404, "NOT_FOUND")
    assert household.applicants.count() == 1
