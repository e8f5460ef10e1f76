import json

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_manager_exports_everything_held_about_an_applicant(
    client, manager, worker, applicant, consent, profile, start
):
    start(worker, applicant, profile)
    start(worker, applicant, profile)
    client.force_login(manager)
    response = client.get(reverse("subject-access-json", args=[applicant.pk]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["applicant"]["last_name"] == "Morgan"
    assert [c["form_reference"] for c in data["consents"]] == ["ROI-FORM-1"]
    assert data["social_media_profiles"][0]["profile"] == "facebook.com/alex.morgan"
    assert len(data["checks"]) == 1 and len(data["refused_attempts"]) == 1
    assert AuditEvent.objects.filter(action=Action.EXPORT, applicant_id=applicant.pk, actor=manager).exists()


def test_the_printable_page_lists_the_same_sections(client, auditor, applicant, consent):
    client.force_login(auditor)
    response = client.get(reverse("subject-access-html", args=[applicant.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Everything held about Alex Morgan" in body and "Social media profiles" in body


def test_who_viewed_the_record_is_included(client, manager, applicant):
    from audit.services import audit_access

    audit_access(user=manager, obj=applicant)
    client.force_login(manager)
    data = json.loads(client.get(reverse("subject-access-json", args=[applicant.pk])).content)
    assert data["who_viewed_or_exported_the_record"][0]["who"] == "manager"


@pytest.mark.parametrize("role", ["worker", "admin"])
def test_workers_and_admins_cannot_export(client, applicant, role):
    """Security review #14.2: the export is for the data protection officer and managers in scope."""
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("subject-access-json", args=[applicant.pk])).status_code == 403


def test_a_manager_of_another_team_gets_404(client, applicant, team_b):
    other = UserFactory(role="manager")
    team_b.managers.add(other)
    client.force_login(other)
    assert client.get(reverse("subject-access-json", args=[applicant.pk])).status_code == 404
    assert client.get(reverse("subject-access-json", args=[999999])).status_code == 404


def test_an_admin_logs_a_request_and_its_one_month_deadline_is_tracked(client, admin_user, applicant):
    import datetime

    from dataprotection.models import SubjectAccessRequest

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:dataprotection_subjectaccessrequest_add"),
        {"applicant": applicant.pk, "received_on": "2026-01-31"},
    )
    assert response.status_code == 302, response.content[:500]
    request_record = SubjectAccessRequest.objects.get()
    assert request_record.due_on == datetime.date(2026, 2, 28)
    assert request_record.recorded_by == admin_user
    assert request_record.overdue
    listing = client.get(reverse("admin:dataprotection_subjectaccessrequest_changelist"))
    assert reverse("subject-access-html", args=[applicant.pk]) in listing.content.decode()
