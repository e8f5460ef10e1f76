"""The policy story through POST /checks/ and PATCH /checks/{id}/: the same rules as the pages."""

import datetime

import pytest
from django.utils import timezone
from rest_framework import serializers

from api import serializers as api_serializers
from audit.models import Action, AuditEvent
from cases.models import CaseOutcome
from checks.models import Refusal, SocialCheck
from consent.services import consent_record, consent_withdraw
from platforms.models import ViewingAccount, ViewingAccountKind
from platforms.services import profile_add
from ripa.services import authorisation_cancel
from tests.conftest import ALL_DECLARATIONS
from tests.factories import PolicyVersionFactory
from tests.support.ripa import authorisation_in_force

from .helpers import assert_error

pytestmark = pytest.mark.django_db

FINDINGS = {
    "findings_summary": "Nothing relevant to the assessment.",
    "outcome": "no_concerns",
    "no_third_party_details": True,
}


def refused(response, status, code) -> dict:
    """A refusal answer: the first rule's code and message, every code, and the refusal on record."""
    body = assert_error(response, status, code)
    refusal = Refusal.objects.get(pk=body["refusal"])
    assert body["codes"][0] == code
    assert refusal.codes == body["codes"]
    assert body["fields"] == {}
    return body


def start_check(client, body, **changes):
    return client.post("/api/v1/checks/", {**body, **changes}, format="json")


# --- Refused for permission or consent (403) ---------------------------------------------------------


def test_no_consent_is_refused_403_no_consent(api_as, worker, check_body):
    body = refused(start_check(api_as(worker), check_body), 403, "NO_CONSENT")
    assert body["detail"] == "The applicant has not given consent to a social media check."
    assert not SocialCheck.objects.exists()


def test_a_declaration_not_made_is_refused_403_declaration_missing(api_as, worker, consent, check_body):
    declarations = {**check_body["declarations"], "no_interaction": False}
    refused(start_check(api_as(worker), check_body, declarations=declarations), 403, "DECLARATION_MISSING")


def test_a_declaration_left_out_is_refused_403_declaration_missing(api_as, worker, consent, check_body):
    declarations = dict(check_body["declarations"])
    del declarations["this_profile_only"]
    refused(start_check(api_as(worker), check_body, declarations=declarations), 403, "DECLARATION_MISSING")


def test_no_declarations_at_all_is_refused_403_declaration_missing(api_as, worker, consent, check_body):
    body = dict(check_body)
    del body["declarations"]
    refused(start_check(api_as(worker), body), 403, "DECLARATION_MISSING")


def test_declarations_that_are_not_an_object_are_400_invalid(api_as, worker, consent, check_body):
    response = start_check(api_as(worker), check_body, declarations="all of them")
    assert "declarations" in assert_error(response, 400, "INVALID")["fields"]


class NestedDeclarations(serializers.Serializer):
    """The declarations as they were first checked, by a nested serializer."""

    declarations = api_serializers.DeclarationsSerializer(required=False)


class Declarations(serializers.Serializer):
    declarations = api_serializers.CheckStartSerializer._declared_fields["declarations"]


@pytest.mark.parametrize(
    "declarations",
    [
        "all of them",
        ["no_interaction"],
        None,
        {},
        {"no_interaction": "true"},
        {"no_interaction": 1, "this_profile_only": None, "no_personal_connection": True},
        {"no_interaction": False, "something_else": "ignored"},
        dict(ALL_DECLARATIONS),
    ],
)
def test_declarations_are_checked_exactly_as_the_nested_serializer_checked_them(declarations):
    ours = Declarations(data={"declarations": declarations})
    nested = NestedDeclarations(data={"declarations": declarations})
    ours.is_valid()
    nested.is_valid()
    assert ours.errors.get("declarations") == nested.errors.get("declarations")
    if not nested.errors:
        assert ours.validated_data == nested.validated_data


def test_the_started_check_is_shown_exactly_as_its_declared_fields_would_show_it(
    worker, applicant, consent, profile, start
):
    social_check = start(worker, applicant, profile).social_check
    shown = api_serializers.CheckStartedSerializer(social_check)
    assert shown.data == serializers.Serializer.to_representation(shown, social_check)
    assert list(shown.data) == list(shown.fields)


def test_an_account_not_approved_for_the_platform_is_refused_403(api_as, worker, consent, check_body, platforms):
    instagram_view = ViewingAccount.objects.get(platform=platforms["instagram"], kind=ViewingAccountKind.LOGGED_OUT)
    response = start_check(api_as(worker), check_body, viewing_account=instagram_view.pk)
    refused(response, 403, "ACCOUNT_NOT_APPROVED")


def test_a_retired_viewing_account_is_refused_403(api_as, worker, consent, check_body, logged_out_view):
    logged_out_view.active = False
    logged_out_view.save()
    refused(start_check(api_as(worker), check_body), 403, "ACCOUNT_NOT_APPROVED")


def test_a_worker_who_has_not_accepted_the_policy_is_refused_403(api_as, worker, consent, check_body):
    PolicyVersionFactory(version="2.0")
    refused(start_check(api_as(worker), check_body), 403, "POLICY_NOT_ACKNOWLEDGED")


def test_a_platform_that_is_not_checkable_is_refused_403(api_as, worker, applicant, consent, check_body, platforms):
    linkedin = profile_add(user=worker, applicant=applicant, platform=platforms["linkedin"], handle="alex-morgan")
    linkedin_view = ViewingAccount.objects.get(platform=platforms["linkedin"])
    response = start_check(api_as(worker), check_body, profile=linkedin.pk, viewing_account=linkedin_view.pk)
    refused(response, 403, "PLATFORM_NOT_CHECKABLE")


def test_a_closed_case_is_refused_403(api_as, worker, household, consent, check_body):
    household.outcome = CaseOutcome.WITHDRAWN
    household.closed_on = timezone.localdate()
    household.save()
    refused(start_check(api_as(worker), check_body), 403, "CASE_CLOSED")


def test_when_several_rules_fail_the_first_answers_and_all_are_recorded(api_as, worker, check_body):
    PolicyVersionFactory(version="2.0")
    declarations = {**check_body["declarations"], "no_interaction": False}
    body = refused(start_check(api_as(worker), check_body, declarations=declarations), 403, "POLICY_NOT_ACKNOWLEDGED")
    assert body["codes"] == ["POLICY_NOT_ACKNOWLEDGED", "NO_CONSENT", "DECLARATION_MISSING"]


def test_an_auditor_is_refused_403_not_permitted_and_the_denial_recorded(
    api_as, auditor, applicant, consent, check_body
):
    refused(start_check(api_as(auditor), check_body), 403, "NOT_PERMITTED")
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, actor=auditor, applicant_id=applicant.pk).exists()


def test_outsider_gets_404_and_learns_nothing_about_the_applicant(api_as, outsider, applicant, check_body):
    body = assert_error(start_check(api_as(outsider), check_body), 404, "NOT_FOUND")
    assert "codes" not in body and "refusal" not in body
    # The attempt is still evidence, as an access-denied entry; no refusal (which a
    # manager of the outsider's team would read, with the applicant's name) is recorded.
    assert not Refusal.objects.exists()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, actor=outsider, applicant_id=applicant.pk).exists()


def test_every_not_found_is_one_message(api_as, worker, outsider, household, applicant, consent, check_body, platforms):
    """Security review #14.1: which id was wrong, or that the applicant exists, is not said."""
    from tests.factories import ApplicantFactory

    partner = ApplicantFactory(household=household)
    partners = profile_add(user=worker, applicant=partner, platform=platforms["x"], handle="@partner.two")
    answers = [
        start_check(api_as(worker), check_body, applicant=10**9),
        start_check(api_as(worker), check_body, profile=partners.pk),
        start_check(api_as(worker), check_body, viewing_account=10**9),
        start_check(api_as(outsider), check_body),
    ]
    assert {(a.status_code, a.json()["code"], a.json()["detail"]) for a in answers} == {
        (404, "NOT_FOUND", "The applicant, profile or viewing account was not found.")
    }


def test_a_profile_of_another_applicant_is_404(api_as, worker, household, consent, check_body, platforms):
    from tests.factories import ApplicantFactory

    partner = ApplicantFactory(household=household)
    partners = profile_add(user=worker, applicant=partner, platform=platforms["x"], handle="@partner")
    assert_error(start_check(api_as(worker), check_body, profile=partners.pk), 404, "NOT_FOUND")


def test_a_purpose_left_blank_is_400(api_as, worker, consent, check_body):
    response = start_check(api_as(worker), check_body, purpose="   ")
    assert "purpose" in assert_error(response, 400, "INVALID")["fields"]


# --- The one-off check, and what comes after it -----------------------------------------------------------


def test_the_one_off_check_is_allowed_and_shows_the_profile_link(api_as, worker, applicant, consent, check_body):
    response = start_check(api_as(worker), check_body)
    assert response.status_code == 201, response.json()
    body = response.json()
    social_check = SocialCheck.objects.get(pk=body["id"])
    assert body["profile_url"] == "https://www.facebook.com/alex.morgan"
    assert body["started_at"]
    assert social_check.worker == worker and social_check.consent == consent
    event = AuditEvent.objects.get(action=Action.CHECK_STARTED)
    assert event.actor == worker


def test_a_second_check_is_refused_409_already_checked(api_as, worker, teammate, consent, check_body):
    start_check(api_as(worker), check_body)
    body = refused(start_check(api_as(teammate), check_body), 409, "APPLICANT_ALREADY_CHECKED")
    assert body["codes"] == ["APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED"]
    assert SocialCheck.objects.count() == 1


def test_another_profile_of_a_checked_applicant_is_refused_409(
    api_as, worker, applicant, consent, check_body, platforms
):
    start_check(api_as(worker), check_body)
    instagram = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="@alexm")
    view = ViewingAccount.objects.get(platform=platforms["instagram"], kind=ViewingAccountKind.LOGGED_OUT)
    response = start_check(api_as(worker), check_body, profile=instagram.pk, viewing_account=view.pk)
    assert refused(response, 409, "APPLICANT_ALREADY_CHECKED")["codes"] == ["APPLICANT_ALREADY_CHECKED"]


def test_a_withdrawn_consent_is_refused_403_consent_withdrawn(api_as, worker, applicant, consent, check_body):
    consent_withdraw(user=worker, applicant=applicant, reason="Changed their mind")
    refused(start_check(api_as(worker), check_body), 403, "CONSENT_WITHDRAWN")


def test_a_new_consent_after_withdrawal_does_not_reset_the_one_off_check(
    api_as, worker, applicant, consent, check_body
):
    client = api_as(worker)
    start_check(client, check_body)
    consent_withdraw(user=worker, applicant=applicant, reason="Changed their mind")
    consent_record(user=worker, applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference="F2")
    refused(start_check(client, check_body), 409, "APPLICANT_ALREADY_CHECKED")


def test_the_refusal_reaches_the_managers_list(api_as, worker, manager, check_body):
    body = refused(start_check(api_as(worker), check_body), 403, "NO_CONSENT")
    listed = api_as(manager).get("/api/v1/refusals/").json()["results"]
    assert [r["id"] for r in listed] == [body["refusal"]]


# --- Completing a check ------------------------------------------------------------------------------------


@pytest.fixture
def started(worker, applicant, consent, profile, start):
    return start(worker, applicant, profile).social_check


def test_the_checks_worker_completes_it_once(api_as, worker, started):
    client = api_as(worker)
    response = client.patch(f"/api/v1/checks/{started.pk}/", FINDINGS, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "completed"
    assert response.json()["outcome"] == "no_concerns"
    started.refresh_from_db()
    assert started.completed_by == worker and started.findings_summary == FINDINGS["findings_summary"]
    assert AuditEvent.objects.filter(action=Action.CHECK_COMPLETED, actor=worker).exists()
    again = client.patch(f"/api/v1/checks/{started.pk}/", {**FINDINGS, "outcome": "concerns_to_discuss"}, format="json")
    assert_error(again, 409, "ALREADY_COMPLETED")
    started.refresh_from_db()
    assert started.outcome == "no_concerns"


def test_completion_without_confirming_no_third_party_details_is_400(api_as, worker, started):
    response = api_as(worker).patch(
        f"/api/v1/checks/{started.pk}/", {**FINDINGS, "no_third_party_details": False}, format="json"
    )
    assert "no_third_party_details" in assert_error(response, 400, "INVALID")["fields"]


def test_completion_with_an_unknown_outcome_is_400(api_as, worker, started):
    response = api_as(worker).patch(f"/api/v1/checks/{started.pk}/", {**FINDINGS, "outcome": "fine"}, format="json")
    assert "outcome" in assert_error(response, 400, "INVALID")["fields"]


def test_completion_without_findings_is_400(api_as, worker, started):
    response = api_as(worker).patch(
        f"/api/v1/checks/{started.pk}/", {**FINDINGS, "findings_summary": ""}, format="json"
    )
    assert "findings_summary" in assert_error(response, 400, "INVALID")["fields"]


def test_a_teammate_cannot_complete_someone_elses_check(api_as, teammate, started):
    assert_error(api_as(teammate).patch(f"/api/v1/checks/{started.pk}/", FINDINGS, format="json"), 403, "NOT_PERMITTED")
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, actor=teammate, record_type="socialcheck").exists()


def test_the_manager_may_complete_a_check(api_as, manager, started):
    assert api_as(manager).patch(f"/api/v1/checks/{started.pk}/", FINDINGS, format="json").status_code == 200


def test_outsider_gets_404_for_a_check(api_as, outsider, started):
    client = api_as(outsider)
    assert_error(client.get(f"/api/v1/checks/{started.pk}/"), 404, "NOT_FOUND")
    assert_error(client.patch(f"/api/v1/checks/{started.pk}/", FINDINGS, format="json"), 404, "NOT_FOUND")
    assert client.get("/api/v1/checks/").json()["results"] == []
    started.refresh_from_db()
    assert not started.is_completed


def test_a_check_detail_is_in_scope_and_its_view_audited(api_as, teammate, started):
    body = api_as(teammate).get(f"/api/v1/checks/{started.pk}/").json()
    assert body["status"] == "in_progress"
    assert body["worker"]["username"] == "worker"
    assert body["profile"]["normalised"] == "facebook.com/alex.morgan"
    assert AuditEvent.objects.filter(action=Action.VIEW, record_type="socialcheck", actor=teammate).exists()


# --- RIPA authorisations and repeat views -------------------------------------------------------------------


def test_the_old_direct_entry_path_answers_410_gone(api_as, manager):
    response = api_as(manager).post("/api/v1/ripa-authorisations/", {"reference": "RIPA-1"}, format="json")
    assert_error(response, 410, "GONE")
    assert "/api/v1/ripa-applications/" in response.json()["detail"]


def record_ripa(manager, applicant, profile, *, valid_from, **ignored):
    """An authorisation approved by a justice, in force from `valid_from` (tests/support/ripa.py)."""
    return authorisation_in_force(manager, applicant, [profile], took_effect=valid_from)


def test_a_repeat_view_under_a_valid_authorisation_is_allowed_and_linked(
    api_as, worker, manager, applicant, consent, profile, check_body
):
    client = api_as(worker)
    start_check(client, check_body)
    authorisation = record_ripa(
        manager, applicant, profile, valid_from=timezone.localdate() - datetime.timedelta(days=7)
    )
    response = start_check(client, check_body, ripa_authorisation=authorisation.pk)
    assert response.status_code == 201, response.json()
    assert response.json()["ripa_authorisation"] == authorisation.pk
    assert SocialCheck.objects.get(pk=response.json()["id"]).ripa_authorisation == authorisation


def test_a_repeat_view_outside_the_authorisations_dates_is_refused_403(
    api_as, worker, manager, applicant, consent, profile, check_body
):
    client = api_as(worker)
    start_check(client, check_body)
    expired = record_ripa(manager, applicant, profile, valid_from=timezone.localdate() - datetime.timedelta(days=200))
    refused(start_check(client, check_body, ripa_authorisation=expired.pk), 403, "RIPA_AUTHORISATION_REQUIRED")
    future = record_ripa(manager, applicant, profile, valid_from=timezone.localdate() + datetime.timedelta(days=10))
    refused(start_check(client, check_body, ripa_authorisation=future.pk), 403, "RIPA_AUTHORISATION_REQUIRED")
    assert SocialCheck.objects.count() == 1


def test_a_repeat_view_under_a_cancelled_authorisation_is_refused_403(
    api_as, worker, manager, applicant, consent, profile, check_body
):
    client = api_as(worker)
    start_check(client, check_body)
    authorisation = record_ripa(manager, applicant, profile, valid_from=timezone.localdate())
    authorisation_cancel(
        user=authorisation.decided_by,
        application_id=authorisation.pk,
        reasons="No longer necessary.",
        ceased_at=timezone.now(),
        product_handling="Destroyed.",
    )
    refused(start_check(client, check_body, ripa_authorisation=authorisation.pk), 403, "RIPA_AUTHORISATION_REQUIRED")


def test_a_repeat_view_of_a_profile_the_authorisation_does_not_cover_is_refused_403(
    api_as, worker, manager, applicant, consent, profile, check_body, platforms
):
    client = api_as(worker)
    start_check(client, check_body)
    authorisation = record_ripa(manager, applicant, profile, valid_from=timezone.localdate())
    instagram = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="@alexm")
    view = ViewingAccount.objects.get(platform=platforms["instagram"], kind=ViewingAccountKind.LOGGED_OUT)
    response = start_check(
        client, check_body, profile=instagram.pk, viewing_account=view.pk, ripa_authorisation=authorisation.pk
    )
    refused(response, 403, "RIPA_AUTHORISATION_REQUIRED")


def test_a_repeat_view_citing_an_unknown_authorisation_is_404(api_as, worker, consent, check_body):
    client = api_as(worker)
    start_check(client, check_body)
    assert_error(start_check(client, check_body, ripa_authorisation=424242), 404, "NOT_FOUND")


def test_the_started_check_is_in_the_audit_trail_with_the_client_address(api_as, worker, consent, check_body):
    client = api_as(worker)
    response = client.post("/api/v1/checks/", check_body, format="json", REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 201, response.json()
    entry = AuditEvent.objects.get(action=Action.CHECK_STARTED)
    assert entry.record_id == str(response.json()["id"])
    assert entry.actor == worker
    assert entry.remote_addr == "192.0.2.44"
