"""A security review of authorisation and scope on the page forms and API writes: ids of
other records sent in a form or a body, role checks, `next=` redirects and downloads.

domain.md: a user sees nothing outside their scope (404 for a guessed id, the same answer
as for an id that does not exist), auditors change nothing, admins do no case editing."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from checks.models import Refusal, SocialCheck
from consent.services import consent_record
from platforms.services import profile_add
from tests.api.conftest import integration_key
from tests.api.helpers import assert_error, token_client
from tests.conftest import ALL_DECLARATIONS
from tests.factories import ApplicantFactory, HouseholdFactory
from tests.support.ripa import authorisation_in_force

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _api(user):
    return token_client(integration_key(user))


@pytest.fixture
def team_b_case(team_b, outsider, manager_b, platforms):
    """Team B's household: an applicant with consent, a profile, and a RIPA authorisation in force."""
    household = HouseholdFactory(team=team_b, allocated_worker=outsider)
    applicant = ApplicantFactory(household=household, first_name="Bea", last_name="Other")
    consent_record(user=outsider, applicant=applicant, given=True, signed_on=YESTERDAY, form_reference="ROI-B")
    profile = profile_add(user=outsider, applicant=applicant, platform=platforms["facebook"], handle="bea.other")
    ripa = authorisation_in_force(manager_b, applicant, [profile])
    return household, applicant, profile, ripa


# --- 1. Ids of other records in a body ------------------------------------------------------------


def _check_body(applicant, profile, viewing_account, **extra):
    return {
        "applicant": applicant.pk,
        "profile": profile.pk,
        "viewing_account": viewing_account.pk,
        "declarations": dict(ALL_DECLARATIONS),
        "purpose": "Social media check for the adoption assessment",
        **extra,
    }


def test_citing_another_teams_ripa_authorisation_answers_as_an_unknown_one(
    worker, applicant, consent, profile, logged_out_view, team_b_case
):
    """A repeat view citing a RIPA authorisation outside the worker's scope: the same 404 as an id
    that does not exist (before, 403 RIPA_AUTHORISATION_REQUIRED confirmed it existed, and the
    refusal on record linked team A's manager to team B's authorisation and its reference)."""
    *_, other_ripa = team_b_case
    client = _api(worker)
    first = client.post("/api/v1/checks/", _check_body(applicant, profile, logged_out_view), format="json")
    assert first.status_code == 201, first.content
    refusals_before = Refusal.objects.count()

    unknown = client.post(
        "/api/v1/checks/",
        _check_body(applicant, profile, logged_out_view, ripa_authorisation=other_ripa.pk + 1000),
        format="json",
    )
    theirs = client.post(
        "/api/v1/checks/",
        _check_body(applicant, profile, logged_out_view, ripa_authorisation=other_ripa.pk),
        format="json",
    )
    assert_error(unknown, 404, "NOT_FOUND")
    assert_error(theirs, 404, "NOT_FOUND")
    assert theirs.json() == unknown.json()
    assert not Refusal.objects.filter(ripa_authorisation=other_ripa).exists()
    assert Refusal.objects.count() == refusals_before
    assert SocialCheck.objects.filter(ripa_authorisation=other_ripa).count() == 0


def test_citing_another_teams_ripa_authorisation_is_on_the_audit_trail(
    worker, applicant, consent, profile, logged_out_view, team_b_case
):
    from audit.models import Action, AuditEvent

    *_, other_ripa = team_b_case
    client = _api(worker)
    client.post("/api/v1/checks/", _check_body(applicant, profile, logged_out_view), format="json")
    client.post(
        "/api/v1/checks/",
        _check_body(applicant, profile, logged_out_view, ripa_authorisation=other_ripa.pk),
        format="json",
    )
    assert AuditEvent.objects.filter(
        action=Action.ACCESS_DENIED, actor=worker, record_type="ripaapplication", record_id=str(other_ripa.pk)
    ).exists()


def test_a_check_cannot_borrow_another_teams_profile_or_applicant(
    worker, applicant, consent, profile, logged_out_view, team_b_case
):
    """Team B's profile with team A's applicant, or team B's applicant: the one 404 of an unknown id."""
    _, other_applicant, other_profile, _ = team_b_case
    client = _api(worker)
    unknown = client.post(
        "/api/v1/checks/", {**_check_body(applicant, profile, logged_out_view), "profile": 999_999}, format="json"
    )
    borrowed_profile = client.post(
        "/api/v1/checks/", _check_body(applicant, other_profile, logged_out_view), format="json"
    )
    their_applicant = client.post(
        "/api/v1/checks/", _check_body(other_applicant, other_profile, logged_out_view), format="json"
    )
    for response in (unknown, borrowed_profile, their_applicant):
        assert_error(response, 404, "NOT_FOUND")
        assert response.json()["detail"] == unknown.json()["detail"]
    assert not SocialCheck.objects.exists() and not Refusal.objects.exists()


def test_a_viewing_account_of_another_platform_is_refused_not_approved(worker, applicant, consent, profile, platforms):
    from platforms.models import ViewingAccount, ViewingAccountKind

    instagram_view = ViewingAccount.objects.get(platform=platforms["instagram"], kind=ViewingAccountKind.LOGGED_OUT)
    response = _api(worker).post("/api/v1/checks/", _check_body(applicant, profile, instagram_view), format="json")
    assert_error(response, 403, "ACCOUNT_NOT_APPROVED")
    assert not SocialCheck.objects.exists()


def test_the_start_page_refuses_a_viewing_account_of_another_platform(
    client, worker, applicant, consent, profile, platforms
):
    from platforms.models import ViewingAccount, ViewingAccountKind

    instagram_view = ViewingAccount.objects.get(platform=platforms["instagram"], kind=ViewingAccountKind.LOGGED_OUT)
    client.force_login(worker)
    response = client.post(
        f"/applicants/{applicant.pk}/checks/start/",
        {
            "profile": profile.pk,
            "viewing_account": instagram_view.pk,
            "declarations": list(ALL_DECLARATIONS),
            "purpose": "Social media check",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors.get("viewing_account"), response.context["form"].errors
    assert not SocialCheck.objects.exists() and not Refusal.objects.exists()


def test_the_start_page_refuses_another_teams_profile(client, worker, applicant, consent, logged_out_view, team_b_case):
    _, _, other_profile, _ = team_b_case
    client.force_login(worker)
    response = client.post(
        f"/applicants/{applicant.pk}/checks/start/",
        {
            "profile": other_profile.pk,
            "viewing_account": logged_out_view.pk,
            "declarations": list(ALL_DECLARATIONS),
            "purpose": "Social media check",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("profile"), response.context["form"].errors
    assert not SocialCheck.objects.exists()


def test_a_household_cannot_be_put_in_another_team_or_given_another_teams_worker(worker, outsider, team_b, platforms):
    from cases.models import Household, LocalAuthority

    council = LocalAuthority.objects.create(name="Only council")
    client = _api(worker)
    body = {"reference": "ROI-SCOPE-1", "local_authority": council.pk}
    other_team = client.post("/api/v1/households/", {**body, "team": team_b.pk}, format="json")
    no_team = client.post("/api/v1/households/", {**body, "team": 999_999}, format="json")
    assert_error(other_team, 404, "NOT_FOUND")
    assert other_team.json() == no_team.json()
    other_worker = client.post("/api/v1/households/", {**body, "allocated_worker": outsider.pk}, format="json")
    assert other_worker.status_code in (400, 404), other_worker.content
    assert not Household.objects.filter(reference="ROI-SCOPE-1").exists()


def test_the_add_household_page_refuses_another_teams_id(client, worker, team_a, team_b):
    """A worker in two teams chooses between them; a third team's id is not one of the choices."""
    from cases.models import Household, LocalAuthority

    team_c = type(team_a).objects.create(name="Team C")
    team_c.members.add(worker)
    council = LocalAuthority.objects.create(name="Only council")
    client.force_login(worker)
    response = client.post(
        "/households/add/",
        {
            "reference": "ROI-SCOPE-2",
            "local_authority": council.pk,
            "received_on_0": YESTERDAY.day,
            "received_on_1": YESTERDAY.month,
            "received_on_2": YESTERDAY.year,
            "team": team_b.pk,
        },
    )
    assert response.status_code == 200 and "Choose one of your teams" in response.content.decode()
    assert not Household.objects.filter(reference="ROI-SCOPE-2").exists()


def test_allocating_a_worker_of_another_team_is_refused(client, manager, household, outsider):
    client.force_login(manager)
    response = client.post(f"/households/{household.pk}/allocate/", {"worker": outsider.pk})
    assert response.status_code == 200 and "Select a worker from the list" in response.content.decode()
    household.refresh_from_db()
    assert household.allocated_worker_id != outsider.pk


def test_a_shared_account_cannot_name_an_applicant_of_another_household(worker, household, applicant, team_b_case):
    """joint_with: another household the worker can see is refused (422/400, it is theirs to see);
    one outside their scope answers as an id that does not exist."""
    from platforms.models import SocialProfile

    _, other_applicant, _, _ = team_b_case
    own_other = ApplicantFactory(household=HouseholdFactory(team=household.team), first_name="Cy")
    client = _api(worker)
    url = f"/api/v1/applicants/{applicant.pk}/profiles/"
    body = {"platform": SocialProfile.objects.first().platform_id, "handle": "@shared.one"}
    outside = client.post(url, {**body, "joint_with": other_applicant.pk}, format="json")
    unknown = client.post(url, {**body, "joint_with": 999_999}, format="json")
    assert_error(outside, 404, "NOT_FOUND")
    assert outside.json() == unknown.json()
    visible = client.post(url, {**body, "joint_with": own_other.pk}, format="json")
    assert visible.status_code == 400 and visible.json()["fields"].get("joint_with"), visible.content
    assert not SocialProfile.objects.filter(entered="@shared.one").exists()


def test_an_earlier_applicant_outside_scope_answers_as_unknown(worker, household, team_b_case, manager_b):
    from cases.models import Applicant
    from cases.services import household_close

    other_household, other_applicant, _, _ = team_b_case
    household_close(
        user=manager_b, household_id=other_household.pk, outcome="withdrawn", on=timezone.localdate(), reason="Gone."
    )
    client = _api(worker)
    url = f"/api/v1/households/{household.pk}/applicants/"
    body = {"first_name": "Bea", "last_name": "Other"}
    theirs = client.post(url, {**body, "earlier_applicant": other_applicant.pk}, format="json")
    unknown = client.post(url, {**body, "earlier_applicant": 999_999}, format="json")
    assert_error(theirs, 404, "NOT_FOUND")
    assert theirs.json() == unknown.json()
    assert not Applicant.objects.filter(household=household, earlier_applicant=other_applicant).exists()


def test_an_incident_about_an_applicant_outside_scope_answers_as_unknown(worker, team_b_case):
    from incidents.models import Incident

    _, other_applicant, _, _ = team_b_case
    client = _api(worker)
    body = {
        "kind": "trolling",
        "description": "Messages after a visit.",
        "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
    }
    theirs = client.post("/api/v1/incidents/", {**body, "applicant": other_applicant.pk}, format="json")
    unknown = client.post("/api/v1/incidents/", {**body, "applicant": 999_999}, format="json")
    assert_error(theirs, 404, "NOT_FOUND")
    assert theirs.json() == unknown.json()
    assert not Incident.objects.filter(applicant=other_applicant).exists()


def test_the_incident_page_refuses_an_applicant_outside_scope(client, worker, team_b_case):
    from incidents.models import Incident

    _, other_applicant, _, _ = team_b_case
    client.force_login(worker)
    day = timezone.localdate()
    response = client.post(
        "/incidents/report/",
        {
            "kind": "trolling",
            "description": "Messages after a visit.",
            "occurred_on_0": day.day,
            "occurred_on_1": day.month,
            "occurred_on_2": day.year,
            "occurred_time": "00:01",
            "applicant": other_applicant.pk,
        },
    )
    assert response.status_code == 200 and "Choose an applicant from the list" in response.content.decode()
    assert not Incident.objects.exists()


# --- 2. Roles -------------------------------------------------------------------------------------


def test_an_auditor_changes_nothing_through_the_api(auditor, household, applicant, consent, profile, logged_out_view):
    from cases.models import Household

    client = _api(auditor)
    writes = [
        ("/api/v1/households/", {"reference": "ROI-AUD", "local_authority": household.local_authority_id}),
        (f"/api/v1/households/{household.pk}/applicants/", {"first_name": "A", "last_name": "B"}),
        (f"/api/v1/applicants/{applicant.pk}/profiles/", {"platform": profile.platform_id, "handle": "@aud.it"}),
        (f"/api/v1/applicants/{applicant.pk}/consent/withdraw/", {"reason": "Asked to."}),
        ("/api/v1/checks/", _check_body(applicant, profile, logged_out_view)),
        (f"/api/v1/households/{household.pk}/close/", {"outcome": "withdrawn", "on": str(YESTERDAY), "reason": "x"}),
        (f"/api/v1/households/{household.pk}/legal-hold/", {"reason": "A complaint."}),
    ]
    for url, body in writes:
        response = client.post(url, body, format="json")
        assert response.status_code == 403, (url, response.status_code, response.content[:300])
    household.refresh_from_db()
    assert not household.legal_hold and not household.is_closed
    assert not Household.objects.filter(reference="ROI-AUD").exists()
    assert not SocialCheck.objects.exists()


def test_an_admin_edits_no_case_through_the_api(admin_user, household, applicant, consent, profile, logged_out_view):
    client = _api(admin_user)
    writes = [
        (f"/api/v1/households/{household.pk}/applicants/", {"first_name": "A", "last_name": "B"}),
        (f"/api/v1/applicants/{applicant.pk}/profiles/", {"platform": profile.platform_id, "handle": "@adm.in"}),
        (f"/api/v1/applicants/{applicant.pk}/consent/withdraw/", {"reason": "Asked to."}),
        (f"/api/v1/households/{household.pk}/stage/", {"stage": "stage_1", "on": str(YESTERDAY)}),
        (f"/api/v1/households/{household.pk}/close/", {"outcome": "withdrawn", "on": str(YESTERDAY), "reason": "x"}),
    ]
    for url, body in writes:
        response = client.post(url, body, format="json")
        assert response.status_code == 404, (url, response.status_code, response.content[:300])
    response = client.post("/api/v1/checks/", _check_body(applicant, profile, logged_out_view), format="json")
    assert response.status_code == 404
    assert not SocialCheck.objects.exists()


def test_a_worker_cannot_do_the_managers_page_actions(client, worker, household):
    client.force_login(worker)
    for url, body in [
        (f"/households/{household.pk}/close/", {"outcome": "withdrawn", "reason": "x"}),
        (f"/households/{household.pk}/legal-hold/", {"reason": "A complaint."}),
        (f"/households/{household.pk}/allocate/", {"worker": worker.pk}),
        (f"/governance/households/{household.pk}/restriction/", {"staff": [worker.pk], "reason": "x"}),
    ]:
        assert client.post(url, body).status_code == 403, url
    household.refresh_from_db()
    assert not household.is_closed and not household.legal_hold


def test_the_django_admin_offers_no_append_only_record(admin_user):
    """Refusals, checks, consents, the audit trail, incidents and the RIPA register are not in the
    admin at all; the histories that are, are read-only even for a superuser."""
    from django.contrib import admin
    from django.test import RequestFactory

    from audit.models import AuditEvent
    from cases.models import ClosingCorrection, LegalHoldChange, StageMove
    from checks.models import CheckVoid
    from consent.models import Consent
    from governance.models import TrainingRecord
    from incidents.models import Incident
    from ripa.models import RipaApplication

    for model in (Refusal, SocialCheck, CheckVoid, Consent, AuditEvent, Incident, RipaApplication):
        assert not admin.site.is_registered(model), model
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model in (StageMove, LegalHoldChange, ClosingCorrection, TrainingRecord):
        model_admin = admin.site.get_model_admin(model)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert not model_admin.has_add_permission(request)


def test_a_staff_user_who_is_not_a_superuser_cannot_reach_the_technical_sections(db):
    from accounts.models import Role
    from tests.factories import UserFactory

    staff = UserFactory(username="staffer", role=Role.ADMIN, is_staff=True, is_superuser=False)
    client = Client()
    client.force_login(staff)
    for url in ("/admin/auth/group/", "/admin/otp_totp/totpdevice/", "/admin/axes/accessattempt/"):
        assert client.get(url).status_code == 403, url


# --- 3. next= addresses -------------------------------------------------------------------------------

OFF_SITE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example", " //evil.example"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_goes_off_site(worker, target):
    client = Client()
    response = client.post(
        "/sign-in/", {"username": "worker", "password": "correct horse battery staple", "next": target}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"], response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_out_never_goes_off_site(client, worker, target):
    client.force_login(worker)
    response = client.post("/sign-out/", {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"], response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_two_step_pages_never_go_off_site(client, worker, target):
    client.force_login(worker)
    for url in ("/two-factor/", "/two-factor/authenticator-app/", "/two-factor/passkey/", "/two-factor/verify/"):
        response = client.get(url, {"next": target})
        assert "evil.example" not in response.get("Location", ""), url
        assert f'value="{target}"' not in response.content.decode(), url


# --- 4. Downloads ------------------------------------------------------------------------------------


def _no_store(response) -> bool:
    return "no-store" in {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_the_consent_information_file_is_scoped_and_never_cached(client, worker, outsider, admin_user, applicant):
    from consent.models import ConsentText

    ConsentText.objects.create(
        version="1",
        body="We may look once at one profile.",
        easy_read_body="We look once.",
        published_at=timezone.now(),
    )
    client.force_login(worker)
    response = client.get(f"/applicants/{applicant.pk}/consent-information.brf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert _no_store(response)
    for other in (outsider, admin_user):
        client.force_login(other)
        refused = client.get(f"/applicants/{applicant.pk}/consent-information.brf")
        assert refused.status_code == 404 and _no_store(refused)
        assert refused.status_code == client.get("/applicants/999999/consent-information.brf").status_code


@pytest.mark.parametrize("language", ["\x00", "x" * 5000, "<script>", "../../etc/passwd"])
def test_an_odd_language_for_the_consent_information_is_a_page_not_a_500(client, worker, applicant, language):
    from consent.models import ConsentText

    ConsentText.objects.create(
        version="1",
        body="We may look once at one profile.",
        easy_read_body="We look once.",
        published_at=timezone.now(),
    )
    client.force_login(worker)
    response = client.get(f"/applicants/{applicant.pk}/consent-information.pdf", {"language": language})
    assert response.status_code == 404, response.status_code
    assert "<script>" not in response.content.decode()


def test_exports_are_never_cached(client, manager, auditor, applicant):
    client.force_login(auditor)
    for url in ("/manage/audit/export.csv", "/api/v1/ripa-register.csv", "/manage/ripa/print/"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert _no_store(response), url
