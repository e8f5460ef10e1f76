"""Managers' services: reviews of refusals, incidents and their reminders (RIPA: tests/ripa)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from checks.selectors import refusals_visible_to
from checks.services import refusal_review
from incidents.models import IcoDecision, Incident, IncidentKind, IncidentStatus
from incidents.selectors import incidents_visible_to
from incidents.services import incident_open_from_refusal, incident_report, incident_update
from incidents.tasks import remind_ico_deadlines
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusal(worker, applicant, profile, start):
    return start(worker, applicant, profile).refusal  # no consent


def test_a_manager_reviews_a_refusal_once(manager, refusal):
    review = refusal_review(user=manager, refusal_id=refusal.pk, comment="Spoke to the worker.")
    assert review.reviewed_by == manager
    with pytest.raises(Conflict):
        refusal_review(user=manager, refusal_id=refusal.pk, comment="Again")


def test_workers_cannot_review_and_other_managers_cannot_see(worker, refusal, team_b):
    with pytest.raises(NotPermitted):
        refusal_review(user=worker, refusal_id=refusal.pk, comment="x")
    other_manager = UserFactory(role="manager")
    team_b.managers.add(other_manager)
    with pytest.raises(NotFound):
        refusal_review(user=other_manager, refusal_id=refusal.pk, comment="x")
    assert not refusals_visible_to(other_manager).exists()


def test_a_manager_opens_an_incident_from_a_refusal(manager, refusal):
    incident = incident_open_from_refusal(user=manager, refusal_id=refusal.pk, description="Repeated attempts.")
    assert incident.kind == IncidentKind.POLICY_BREACH and incident.refusal == refusal
    assert incident.household == refusal.applicant.household


def test_reporting_trolling_tells_the_line_manager_at_once(worker, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident_report(user=worker, kind="trolling", description="Abusive posts.", occurred_at=timezone.now())
    assert [m.to for m in mail.outbox] == [[manager.email]]


def test_a_data_breach_starts_the_72_hour_clock_and_tells_the_dpo(
    worker, manager, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        incident = incident_report(
            user=worker,
            kind="data_breach",
            description="Email sent to the wrong person.",
            occurred_at=timezone.now(),
            applicant_id=applicant.pk,
        )
    assert incident.ico_deadline == incident.aware_at + datetime.timedelta(hours=72)
    assert set(mail.outbox[0].to) == {manager.email, applicant.household.local_authority.dpo_email}


def test_a_decision_not_to_report_needs_a_reason(manager, worker):
    incident = incident_report(user=worker, kind="data_breach", description="x", occurred_at=timezone.now())
    with pytest.raises(Invalid) as error:
        incident_update(user=manager, incident_id=incident.pk, ico_decision=IcoDecision.NOT_REPORTABLE)
    assert "ico_decision_reason" in error.value.fields
    incident_update(
        user=manager,
        incident_id=incident.pk,
        ico_decision=IcoDecision.NOT_REPORTABLE,
        ico_decision_reason="No risk to anyone's rights.",
    )
    incident.refresh_from_db()
    assert incident.ico_decision == IcoDecision.NOT_REPORTABLE


def test_closing_an_incident_records_when(manager, worker):
    incident = incident_report(user=worker, kind="threat", description="x", occurred_at=timezone.now())
    incident_update(
        user=manager,
        incident_id=incident.pk,
        status=IncidentStatus.CLOSED,
        police_reference="PR-1",
        risk_assessment_updated_on=timezone.localdate(),
    )
    incident.refresh_from_db()
    assert incident.closed_at is not None and incident.police_reference == "PR-1"


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "lost"},
        {"police_reference": "x" * 65},
        {"risk_assessment_updated_on": datetime.date(2999, 1, 1)},
        {"reported_by": None},
    ],
)
def test_bad_incident_updates_are_refused(manager, worker, changes):
    incident = incident_report(user=worker, kind="threat", description="x", occurred_at=timezone.now())
    with pytest.raises(Invalid):
        incident_update(user=manager, incident_id=incident.pk, **changes)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.OPEN and incident.police_reference == ""


def test_incident_visibility(worker, teammate, outsider, manager, auditor):
    mine = incident_report(user=worker, kind="threat", description="x", occurred_at=timezone.now())
    assert list(incidents_visible_to(worker)) == [mine]
    assert list(incidents_visible_to(teammate)) == []
    assert list(incidents_visible_to(outsider)) == []
    assert list(incidents_visible_to(manager)) == [mine]
    assert list(incidents_visible_to(auditor)) == [mine]


def test_ico_reminders_are_sent_once_before_the_deadline_and_once_when_it_passes(
    worker, manager, django_capture_on_commit_callbacks
):
    incident = incident_report(user=worker, kind="data_breach", description="x", occurred_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_ico_deadlines() == 0  # 72 hours left
    Incident.objects.filter(pk=incident.pk).update(aware_at=timezone.now() - datetime.timedelta(hours=50))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_ico_deadlines() == 1
        assert remind_ico_deadlines() == 0
    Incident.objects.filter(pk=incident.pk).update(aware_at=timezone.now() - datetime.timedelta(hours=73))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_ico_deadlines() == 1
    subjects = [m.subject for m in mail.outbox if "72-hour" in m.subject]
    assert len(subjects) == 2 and "has passed" in subjects[-1]
    incident_update(
        user=manager,
        incident_id=incident.pk,
        ico_decision=IcoDecision.REPORTED,
        ico_notified_at=timezone.now(),
        ico_reference="ICO-9",
        ico_decision_reason="A risk to the family.",
        late_reason="Found late on a Friday.",  # reported after 72 hours: the reason is required
    )
    assert remind_ico_deadlines() == 0
