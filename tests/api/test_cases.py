"""Me, policy, platforms, households, applicants, consent and profiles through the API."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from audit.models import Action, AuditEvent
from cases.models import Applicant, Household
from consent.models import Consent
from platforms.models import SocialProfile, ViewingAccount
from tests.factories import (
    ApplicantFactory,
    HouseholdFactory,
    LocalAuthorityFactory,
    PolicyVersionFactory,
    UserFactory,
)

from .helpers import assert_error

pytestmark = pytest.mark.django_db


def denied_events(obj):
    return AuditEvent.objects.filter(
        action=Action.ACCESS_DENIED, record_type=obj._meta.model_name, record_id=str(obj.pk)
    )


# --- Me, policy and platforms ------------------------------------------------------------------


def test_me_says_who_the_user_is(api_as, worker, team_a):
    body = api_as(worker).get("/api/v1/me/").json()
    assert body["username"] == "worker"
    assert body["role"] == "worker"
    assert body["teams"] == [{"id": team_a.pk, "name": "Team A"}]
    assert body["policy_acknowledged"] is True


def test_acknowledging_the_policy_makes_the_user_ready_for_a_new_version(api_as, worker):
    PolicyVersionFactory(version="2.0")
    client = api_as(worker)
    assert client.get("/api/v1/me/").json()["policy_acknowledged"] is False
    response = client.post("/api/v1/policy/acknowledge/")
    assert response.status_code == 200
    assert response.json()["policy_version"] == "2.0"
    assert client.get("/api/v1/me/").json()["policy_acknowledged"] is True


def test_acknowledging_when_no_policy_is_published_is_404(api_as, team_a):
    user = UserFactory()
    assert_error(api_as(user).post("/api/v1/policy/acknowledge/"), 404, "NOT_FOUND")


def test_platforms_list_says_which_are_checkable_and_their_approved_accounts(api_as, worker, platforms):
    retired = ViewingAccount.objects.filter(platform=platforms["facebook"]).first()
    retired.active = False
    retired.save()
    body = api_as(worker).get("/api/v1/platforms/?page_size=100").json()
    assert set(body) >= {"results", "next"}
    by_slug = {p["slug"]: p for p in body["results"]}
    assert by_slug["facebook"]["checkable"] is True
    assert by_slug["linkedin"]["checkable"] is False
    assert retired.pk not in [a["id"] for a in by_slug["facebook"]["viewing_accounts"]]
    assert {"id", "name", "checkable", "viewing_accounts"} <= set(by_slug["x"])


# --- Households ------------------------------------------------------------------------------------


def test_a_worker_records_a_household_in_their_team(api_as, worker, team_a):
    council = LocalAuthorityFactory()
    response = api_as(worker).post("/api/v1/households/", {"reference": "ROI-NEW-1"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    household = Household.objects.get(pk=body["id"])
    assert household.team == team_a and household.local_authority == council
    assert household.created_by == worker
    assert body["reference"] == "ROI-NEW-1" and body["applicants"] == []


def test_a_household_can_name_its_team_worker_council_and_date(api_as, manager, worker, team_a):
    LocalAuthorityFactory()
    council = LocalAuthorityFactory()
    received = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    body = {
        "reference": "ROI-NEW-2",
        "team": team_a.pk,
        "allocated_worker": worker.pk,
        "local_authority": council.pk,
        "received_on": received,
    }
    response = api_as(manager).post("/api/v1/households/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["allocated_worker"] == {"id": worker.pk, "username": "worker"}
    assert response.json()["local_authority"]["id"] == council.pk
    assert response.json()["received_on"] == received


def test_the_council_must_be_named_when_there_are_several(api_as, worker):
    LocalAuthorityFactory()
    LocalAuthorityFactory()
    response = api_as(worker).post("/api/v1/households/", {"reference": "ROI-NEW-3"}, format="json")
    assert "local_authority" in assert_error(response, 400, "INVALID")["fields"]


def test_the_same_reference_again_in_any_case_is_409_duplicate(api_as, worker, household):
    response = api_as(worker).post("/api/v1/households/", {"reference": household.reference.lower()}, format="json")
    assert_error(response, 409, "DUPLICATE")


def test_a_household_received_in_the_future_is_400_invalid(api_as, worker, household):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api_as(worker).post("/api/v1/households/", {"reference": "R-F", "received_on": tomorrow}, format="json")
    assert "received_on" in assert_error(response, 400, "INVALID")["fields"]


def test_another_teams_id_is_404(api_as, worker, team_b, household):
    response = api_as(worker).post("/api/v1/households/", {"reference": "R-B", "team": team_b.pk}, format="json")
    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize("role_user", ["admin_user", "auditor"])
def test_admins_and_auditors_cannot_record_households(api_as, request, role_user, household):
    user = request.getfixturevalue(role_user)
    response = api_as(user).post("/api/v1/households/", {"reference": "ROI-X"}, format="json")
    assert_error(response, 403, "NOT_PERMITTED")


def test_the_household_list_holds_only_the_users_scope(api_as, worker, outsider, auditor, admin_user, household):
    other = HouseholdFactory(team=outsider.teams.get())

    def ids(user):
        return {h["id"] for h in api_as(user).get("/api/v1/households/").json()["results"]}

    assert ids(worker) == {household.pk}
    assert ids(outsider) == {other.pk}
    assert ids(auditor) == {household.pk, other.pk}
    assert ids(admin_user) == set()


def test_a_household_detail_has_its_applicants_and_the_view_is_audited(api_as, worker, household, applicant, consent):
    body = api_as(worker).get(f"/api/v1/households/{household.pk}/").json()
    assert body["applicants"] == [
        {
            "id": applicant.pk,
            "position": 1,
            "first_name": "Alex",
            "last_name": "Morgan",
            "has_communication_needs": False,
            "needs_status": "not_asked",
            "consent_status": "given",
            "check_status": "not_checked",
        }
    ]
    assert AuditEvent.objects.filter(action=Action.VIEW, record_type="household", actor=worker).exists()


def test_outsider_gets_404_for_a_household_and_the_denial_is_recorded(api_as, outsider, household):
    assert_error(api_as(outsider).get(f"/api/v1/households/{household.pk}/"), 404, "NOT_FOUND")
    event = denied_events(household).get()
    assert event.actor == outsider


def test_an_unknown_household_is_404_with_nothing_to_record(api_as, worker):
    assert_error(api_as(worker).get("/api/v1/households/424242/"), 404, "NOT_FOUND")
    assert not AuditEvent.objects.filter(action=Action.ACCESS_DENIED).exists()


# --- Applicants -------------------------------------------------------------------------------------


def test_a_worker_adds_an_applicant_with_communication_needs(api_as, worker, household):
    body = {
        "first_name": "Sam",
        "last_name": "Lee",
        "date_of_birth": "1985-04-01",
        "communication_needs": {"information_formats": ["easy_read", "translated"], "translation_language": "Polish"},
    }
    response = api_as(worker).post(f"/api/v1/households/{household.pk}/applicants/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    applicant = Applicant.objects.get(pk=created["id"])
    assert applicant.information_formats == ["easy_read", "translated"]
    assert created["has_communication_needs"] is True
    assert created["consent_status"] == "none" and created["check_status"] == "not_checked"


def test_a_third_applicant_is_400_invalid(api_as, worker, household):
    ApplicantFactory(household=household)
    ApplicantFactory(household=household)
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/applicants/", {"first_name": "A", "last_name": "B"}, format="json"
    )
    assert_error(response, 400, "INVALID")
    assert household.applicants.count() == 2


def test_communication_needs_that_do_not_fit_together_are_400(api_as, worker, household):
    body = {"first_name": "A", "last_name": "B", "communication_needs": {"information_formats": ["translated"]}}
    response = api_as(worker).post(f"/api/v1/households/{household.pk}/applicants/", body, format="json")
    assert "translation_language" in assert_error(response, 400, "INVALID")["fields"]


def test_communication_needs_of_the_wrong_type_are_400(api_as, worker, household):
    body = {"first_name": "A", "last_name": "B", "communication_needs": "large print please"}
    response = api_as(worker).post(f"/api/v1/households/{household.pk}/applicants/", body, format="json")
    assert "communication_needs" in assert_error(response, 400, "INVALID")["fields"]


def test_outsider_gets_404_adding_an_applicant_to_another_teams_household(api_as, outsider, household):
    response = api_as(outsider).post(
        f"/api/v1/households/{household.pk}/applicants/", {"first_name": "A", "last_name": "B"}, format="json"
    )
    assert_error(response, 404, "NOT_FOUND")
    assert denied_events(household).filter(actor=outsider).exists()


def test_an_auditor_sees_the_household_but_cannot_add_to_it(api_as, auditor, household):
    response = api_as(auditor).post(
        f"/api/v1/households/{household.pk}/applicants/", {"first_name": "A", "last_name": "B"}, format="json"
    )
    assert_error(response, 403, "NOT_PERMITTED")
    assert denied_events(household).filter(actor=auditor).exists()


def test_the_applicant_record_shows_consent_and_check_status_as_they_change(
    api_as, worker, applicant, profile, logged_out_view, check_body, yesterday
):
    client = api_as(worker)
    url = f"/api/v1/applicants/{applicant.pk}/"

    def statuses():
        body = client.get(url).json()
        return body["consent_status"], body["check_status"]

    assert statuses() == ("none", "not_checked")
    client.post(url + "consent/", {"given": True, "signed_on": yesterday, "form_reference": "F-1"}, format="json")
    assert statuses() == ("given", "not_checked")
    check_id = client.post("/api/v1/checks/", check_body, format="json").json()["id"]
    assert statuses() == ("given", "in_progress")
    client.patch(
        f"/api/v1/checks/{check_id}/",
        {"findings_summary": "Nothing of concern.", "outcome": "no_concerns", "no_third_party_details": True},
        format="json",
    )
    assert statuses() == ("given", "completed")
    client.post(url + "consent/withdraw/", {"reason": "Changed their mind"}, format="json")
    assert statuses() == ("withdrawn", "completed")


def test_a_refused_consent_shows_as_refused(api_as, worker, applicant, yesterday):
    client = api_as(worker)
    client.post(
        f"/api/v1/applicants/{applicant.pk}/consent/",
        {"given": False, "signed_on": yesterday, "form_reference": "F-1"},
        format="json",
    )
    assert client.get(f"/api/v1/applicants/{applicant.pk}/").json()["consent_status"] == "refused"


def test_viewing_an_applicant_record_is_audited(api_as, worker, applicant, profile):
    body = api_as(worker).get(f"/api/v1/applicants/{applicant.pk}/").json()
    assert body["profiles"][0]["normalised"] == "facebook.com/alex.morgan"
    event = AuditEvent.objects.get(action=Action.VIEW, record_type="applicant", record_id=str(applicant.pk))
    assert event.actor == worker
    assert event.applicant_id == applicant.pk


def test_outsider_gets_404_for_an_applicant_and_the_denial_is_recorded(api_as, outsider, applicant):
    assert_error(api_as(outsider).get(f"/api/v1/applicants/{applicant.pk}/"), 404, "NOT_FOUND")
    assert denied_events(applicant).filter(actor=outsider).exists()
    assert not AuditEvent.objects.filter(action=Action.VIEW, record_type="applicant").exists()


# --- Consent -------------------------------------------------------------------------------------------


def test_a_worker_records_consent(api_as, worker, applicant, yesterday):
    body = {"given": True, "signed_on": yesterday, "form_reference": "ROI-F-9", "information_format": "standard"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/consent/", body, format="json")
    assert response.status_code == 201, response.json()
    consent = Consent.objects.get(pk=response.json()["id"])
    assert consent.recorded_by == worker and consent.given
    assert response.json()["consent_status"] == "given"


def test_consent_signed_in_the_future_is_400_invalid(api_as, worker, applicant):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = {"given": True, "signed_on": tomorrow, "form_reference": "F"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/consent/", body, format="json")
    assert "signed_on" in assert_error(response, 400, "INVALID")["fields"]


def test_consent_given_twice_is_409_duplicate(api_as, worker, applicant, consent, yesterday):
    body = {"given": True, "signed_on": yesterday, "form_reference": "F-2"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/consent/", body, format="json")
    assert_error(response, 409, "DUPLICATE")


def test_consent_in_a_format_the_applicant_cannot_use_is_400(api_as, worker, applicant, yesterday):
    applicant.information_formats = ["large_print"]
    applicant.save()
    body = {"given": True, "signed_on": yesterday, "form_reference": "F-2", "information_format": "standard"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/consent/", body, format="json")
    assert "information_format" in assert_error(response, 400, "INVALID")["fields"]


def test_outsider_gets_404_recording_consent(api_as, outsider, applicant, yesterday):
    body = {"given": True, "signed_on": yesterday, "form_reference": "F"}
    assert_error(
        api_as(outsider).post(f"/api/v1/applicants/{applicant.pk}/consent/", body, format="json"), 404, "NOT_FOUND"
    )
    assert not Consent.objects.exists()


def test_withdrawing_consent_records_who_and_why(api_as, worker, applicant, consent):
    response = api_as(worker).post(
        f"/api/v1/applicants/{applicant.pk}/consent/withdraw/", {"reason": "Changed their mind"}, format="json"
    )
    assert response.status_code == 200, response.json()
    consent.refresh_from_db()
    assert consent.withdrawn_by == worker and consent.withdrawal_reason == "Changed their mind"
    assert response.json()["consent_status"] == "withdrawn"


def test_withdrawing_when_there_is_no_consent_is_400(api_as, worker, applicant):
    response = api_as(worker).post(
        f"/api/v1/applicants/{applicant.pk}/consent/withdraw/", {"reason": "x"}, format="json"
    )
    assert_error(response, 400, "INVALID")


# --- Profiles --------------------------------------------------------------------------------------------


def test_a_profile_is_recorded_in_its_normalised_form(api_as, worker, applicant, platforms):
    body = {"platform": platforms["instagram"].pk, "handle": "https://www.instagram.com/Alex_Morgan/"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/profiles/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["normalised"] == "instagram.com/alex_morgan"
    assert SocialProfile.objects.get(pk=response.json()["id"]).applicant == applicant


def test_the_same_profile_under_another_spelling_is_409_duplicate(api_as, worker, applicant, profile, platforms):
    body = {"platform": platforms["facebook"].pk, "handle": "https://m.facebook.com/Alex.Morgan/?ref=x"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/profiles/", body, format="json")
    assert_error(response, 409, "DUPLICATE")
    assert SocialProfile.objects.count() == 1


def test_the_same_profile_for_the_other_applicant_is_409_duplicate(api_as, worker, household, profile, platforms):
    partner = ApplicantFactory(household=household)
    body = {"platform": platforms["facebook"].pk, "handle": "@alex.morgan"}
    response = api_as(worker).post(f"/api/v1/applicants/{partner.pk}/profiles/", body, format="json")
    assert_error(response, 409, "DUPLICATE")


def test_a_handle_that_cannot_be_a_profile_is_400(api_as, worker, applicant, platforms):
    body = {"platform": platforms["facebook"].pk, "handle": "https://x.com/alex"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/profiles/", body, format="json")
    assert "handle" in assert_error(response, 400, "INVALID")["fields"]


def test_an_unknown_platform_is_404(api_as, worker, applicant, platforms):
    body = {"platform": 987654, "handle": "alex"}
    assert_error(
        api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/profiles/", body, format="json"), 404, "NOT_FOUND"
    )


def test_a_platform_given_by_name_is_400(api_as, worker, applicant, platforms):
    body = {"platform": "facebook", "handle": "alex"}
    response = api_as(worker).post(f"/api/v1/applicants/{applicant.pk}/profiles/", body, format="json")
    assert "platform" in assert_error(response, 400, "INVALID")["fields"]


def test_outsider_gets_404_adding_a_profile(api_as, outsider, applicant, platforms):
    body = {"platform": platforms["facebook"].pk, "handle": "alex"}
    assert_error(
        api_as(outsider).post(f"/api/v1/applicants/{applicant.pk}/profiles/", body, format="json"), 404, "NOT_FOUND"
    )


def test_a_manager_of_another_team_gets_404(api_as, team_b, applicant, policy):
    other_manager = UserFactory(role=Role.MANAGER)
    team_b.managers.add(other_manager)
    assert_error(api_as(other_manager).get(f"/api/v1/applicants/{applicant.pk}/"), 404, "NOT_FOUND")
