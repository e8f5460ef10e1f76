"""Security review #14.1 and #14.2: what the audit trail shows of case records.

Admins configure the service and read no case records: of an entry about one
they see who did what kind of thing to what kind of record, and when. Managers
never see a household reference, or a name, outside their scope."""

import json

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from checks.services import check_complete
from tests.factories import ApplicantFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

FINDINGS = "Posts about a holiday; nothing of concern."


@pytest.fixture
def completed(worker, applicant, consent, profile, start):
    social_check = start(worker, applicant, profile).social_check
    check_complete(
        user=worker,
        social_check_id=social_check.pk,
        findings_summary=FINDINGS,
        outcome="no_concerns",
        no_third_party_details=True,
    )
    return social_check


def case_words(applicant):
    return (applicant.last_name, applicant.household.reference, FINDINGS, "alex.morgan")


def test_the_audit_api_gives_admins_metadata_only(client, admin_user, manager, applicant, completed):
    from tests.api.conftest import integration_key

    def entries(user):
        response = client.get("/api/v1/audit/", HTTP_AUTHORIZATION=f"Token {integration_key(user)}")
        assert response.status_code == 200
        return response.json()["results"]

    as_admin = json.dumps(entries(admin_user))
    assert not [word for word in case_words(applicant) if word in as_admin]
    started = next(e for e in entries(admin_user) if e["action"] == Action.CHECK_STARTED)
    assert started["summary"] == f"Check started: socialcheck {completed.pk}" and started["data"] == {}
    assert started["actor_username"] == "worker" and started["at"]
    # Managers in scope read the entries in full.
    as_manager = json.dumps(entries(manager))
    assert FINDINGS in as_manager and applicant.household.reference in as_manager


def test_the_audit_page_and_export_give_admins_metadata_only(client, admin_user, auditor, applicant, completed):
    client.force_login(admin_user)
    page = client.get(reverse("audit-trail")).content.decode()
    export = b"".join(client.get(reverse("audit-export")).streaming_content).decode()
    for body in (page, export):
        assert not [word for word in case_words(applicant) if word in body]
    assert f"socialcheck {completed.pk}" in page
    client.force_login(auditor)
    assert applicant.household.reference in client.get(reverse("audit-trail")).content.decode()


def test_configuration_changes_stay_readable_by_admins(client, admin_user, platforms):
    platform = platforms["tiktok"]
    platform.handle_hint = "Your TikTok name"
    platform.save()
    client.force_login(admin_user)
    assert "TikTok" in client.get(reverse("audit-trail")).content.decode()


def test_django_auditlog_admin_pages_are_not_registered(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/auditlog/logentry/").status_code == 404


def test_a_managers_own_denied_attempt_shows_no_reference_outside_their_scope(
    client, manager, outsider, team_b, platforms, logged_out_view, start
):
    from platforms.services import profile_add

    elsewhere = HouseholdFactory(team=team_b, reference="ROI-ELSEWHERE-77")
    other = ApplicantFactory(household=elsewhere, last_name="Faraway")
    other_profile = profile_add(user=outsider, applicant=other, platform=platforms["facebook"], handle="far.away")
    outcome = start(manager, other, other_profile)
    assert outcome.hidden
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, actor=manager).exists()
    client.force_login(manager)
    page = client.get(reverse("audit-trail")).content.decode()
    assert "ROI-ELSEWHERE-77" not in page and "Faraway" not in page
    assert f"Household {elsewhere.pk}" in page
