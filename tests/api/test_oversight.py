"""Refusals, the audit trail and incidents through the API: who reads what."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from audit.models import Action, AuditEvent
from incidents.models import Incident
from platforms.models import ViewingAccount, ViewingAccountKind
from platforms.services import profile_add
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory

from .helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusal(worker, applicant, profile, start):
    """A refused attempt (no consent) in team A."""
    return start(worker, applicant, profile).refusal


@pytest.fixture
def other_manager(team_b, policy):
    user = UserFactory(username="manager_b", role=Role.MANAGER)
    team_b.managers.add(user)
    return user


# --- Refusals ------------------------------------------------------------------------------------------


def test_a_manager_reads_their_teams_refusals(api_as, manager, refusal, applicant, profile):
    body = api_as(manager).get("/api/v1/refusals/").json()
    assert body["next"] is None
    [listed] = body["results"]
    assert listed["id"] == refusal.pk
    assert listed["user"]["username"] == "worker"
    assert listed["applicant"] == applicant.pk and listed["profile"] == profile.pk
    assert listed["codes"] == ["NO_CONSENT"]
    assert listed["at"]


@pytest.mark.parametrize("reader", ["admin_user", "auditor"])
def test_admins_and_auditors_read_every_refusal(api_as, request, reader, refusal):
    user = request.getfixturevalue(reader)
    assert [r["id"] for r in api_as(user).get("/api/v1/refusals/").json()["results"]] == [refusal.pk]


def test_a_manager_of_another_team_does_not_see_the_refusal(api_as, other_manager, refusal):
    assert api_as(other_manager).get("/api/v1/refusals/").json()["results"] == []


@pytest.mark.parametrize("reader", ["worker", "teammate", "outsider"])
def test_workers_may_not_read_refusals(api_as, request, reader, refusal):
    assert_error(api_as(request.getfixturevalue(reader)).get("/api/v1/refusals/"), 403, "NOT_PERMITTED")


def test_refusals_filter_by_applicant_code_and_since(
    api_as, worker, manager, household, applicant, refusal, start, platforms
):
    partner = ApplicantFactory(household=household)
    partner_profile = profile_add(user=worker, applicant=partner, platform=platforms["x"], handle="@partner")
    x_view = ViewingAccount.objects.get(platform=platforms["x"], kind=ViewingAccountKind.LOGGED_OUT)
    other = start(worker, partner, partner_profile, viewing_account_id=x_view.pk, declarations={}).refusal
    assert other.codes == ["NO_CONSENT", "DECLARATION_MISSING"]
    client = api_as(manager)

    def ids(query):
        return [r["id"] for r in client.get(f"/api/v1/refusals/?{query}").json()["results"]]

    assert ids("") == [other.pk, refusal.pk]
    assert ids(f"applicant={applicant.pk}") == [refusal.pk]
    assert ids("code=DECLARATION_MISSING") == [other.pk]
    assert ids("code=NO_CONSENT") == [other.pk, refusal.pk]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert ids(f"since={tomorrow.isoformat()}") == []
    assert ids(f"since={timezone.localdate().isoformat()}") == [other.pk, refusal.pk]


# --- The audit trail -----------------------------------------------------------------------------------


def test_a_manager_reads_the_audit_trail_of_their_team(api_as, manager, worker, household, applicant):
    api_as(worker).get(f"/api/v1/applicants/{applicant.pk}/")
    body = api_as(manager).get(f"/api/v1/audit/?applicant={applicant.pk}&action=view").json()
    [entry] = body["results"]
    assert entry["actor_username"] == "worker" and entry["actor"] == worker.pk
    assert entry["record_type"] == "applicant" and entry["applicant"] == applicant.pk
    assert entry["household"] == household.pk


def test_a_manager_does_not_see_another_teams_trail(api_as, other_manager, worker, applicant):
    api_as(worker).get(f"/api/v1/applicants/{applicant.pk}/")
    entries = api_as(other_manager).get("/api/v1/audit/").json()["results"]
    assert all(e["applicant"] != applicant.pk for e in entries)


@pytest.mark.parametrize("reader", ["worker", "outsider"])
def test_workers_may_not_read_the_audit_trail(api_as, request, reader):
    assert_error(api_as(request.getfixturevalue(reader)).get("/api/v1/audit/"), 403, "NOT_PERMITTED")


@pytest.mark.parametrize("reader", ["admin_user", "auditor"])
def test_admins_and_auditors_read_the_whole_trail(api_as, request, reader, worker, applicant, outsider):
    HouseholdFactory(team=outsider.teams.get())
    api_as(worker).get(f"/api/v1/applicants/{applicant.pk}/")
    entries = api_as(request.getfixturevalue(reader)).get("/api/v1/audit/?page_size=100").json()["results"]
    assert {"household", "applicant"} <= {e["record_type"] for e in entries}


def test_the_audit_trail_filters_by_actor_and_dates(api_as, manager, worker, teammate, applicant):
    api_as(worker).get(f"/api/v1/applicants/{applicant.pk}/")
    api_as(teammate).get(f"/api/v1/applicants/{applicant.pk}/")
    client = api_as(manager)

    def actors(query):
        return {
            e["actor_username"]
            for e in client.get(f"/api/v1/audit/?action=view&applicant={applicant.pk}&{query}").json()["results"]
        }

    assert actors("actor=worker") == {"worker"}
    assert actors(f"actor={teammate.pk}") == {"teammate"}
    today = timezone.localdate().isoformat()
    assert actors(f"since={today}&until={today}") == {"worker", "teammate"}
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert actors(f"until={yesterday}") == set()


def test_reading_the_audit_trail_is_itself_audited(api_as, manager):
    api_as(manager).get("/api/v1/audit/?action=export")
    event = AuditEvent.objects.get(record_type="auditevent", action=Action.VIEW)
    assert event.actor == manager
    assert event.data == {"filters": {"action": "export"}}


# --- Incidents ------------------------------------------------------------------------------------------


def test_a_worker_reports_trolling_and_the_manager_is_told(
    api_as, worker, manager, applicant, django_capture_on_commit_callbacks
):
    body = {
        "kind": "trolling",
        "description": "Abusive comments on the agency's page naming me.",
        "applicant": applicant.pk,
        "occurred_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(worker).post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.json()
    incident = Incident.objects.get(pk=response.json()["id"])
    assert incident.reported_by == worker and incident.applicant == applicant
    assert manager.email in mail.outbox[0].to


@pytest.mark.parametrize("reporter", ["admin_user", "manager"])
def test_staff_may_report_an_incident(api_as, request, reporter):
    body = {
        "kind": "data_breach",
        "description": "A list was emailed to the wrong council.",
        "occurred_at": timezone.now().isoformat(),
    }
    response = api_as(request.getfixturevalue(reporter)).post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["ico_deadline"] is not None


def test_an_incident_about_an_applicant_outside_scope_is_404(api_as, outsider, applicant):
    body = {
        "kind": "threat",
        "description": "A threat.",
        "applicant": applicant.pk,
        "occurred_at": timezone.now().isoformat(),
    }
    assert_error(api_as(outsider).post("/api/v1/incidents/", body, format="json"), 404, "NOT_FOUND")
    assert not Incident.objects.exists()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, actor=outsider, applicant_id=applicant.pk).exists()


def test_an_incident_of_an_unknown_kind_is_400(api_as, worker):
    body = {"kind": "gossip", "description": "x", "occurred_at": timezone.now().isoformat()}
    assert (
        "kind" in assert_error(api_as(worker).post("/api/v1/incidents/", body, format="json"), 400, "INVALID")["fields"]
    )


def test_an_incident_in_the_future_is_400(api_as, worker):
    body = {
        "kind": "threat",
        "description": "x",
        "occurred_at": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
    }
    assert (
        "occurred_at"
        in assert_error(api_as(worker).post("/api/v1/incidents/", body, format="json"), 400, "INVALID")["fields"]
    )


def test_the_auditor_changes_nothing_not_even_an_incident(api_as, auditor):
    """Security review #14.9: the auditor role has no write anywhere."""
    from incidents.models import Incident

    body = {"kind": "data_breach", "description": "A list went astray.", "occurred_at": timezone.now().isoformat()}
    response = api_as(auditor).post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 403 and response.json()["code"] == "NOT_PERMITTED"
    assert api_as(auditor).post("/api/v1/policy/acknowledge/", {}, format="json").status_code == 403
    assert not Incident.objects.exists()
