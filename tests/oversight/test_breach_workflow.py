"""The breach workflow: reclassifying, correcting awareness, the 72-hour clock, the ICO
decision and its late-reason rule, telling the people affected, and routing an
incident with no household to the council of the reporter's team."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import IcoDecision, Incident, IncidentCorrection, IncidentKind, SubjectsDecision
from incidents.services import incident_correct_awareness, incident_reclassify, incident_update
from notifications.models import Notification
from t4c_socialcheck.errors import Invalid
from tests.factories import LocalAuthorityFactory

from .test_incident_pages import breach_form, when

pytestmark = pytest.mark.django_db


def _dpo_told(incident, email) -> bool:
    return any(email in n.recipients for n in Notification.objects.filter(about__startswith=f"incident:{incident.pk}"))


def test_a_kind_is_reclassified_with_its_reason_and_a_breach_then_tells_the_dpo(client, manager, trolling):
    council = trolling.local_authority
    client.force_login(manager)
    url = reverse("incident-correct", args=[trolling.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "data_breach", "reason": ""})
    assert response.status_code == 200 and "Enter the reason for the correction" in response.content.decode()
    response = client.post(url, {"kind": "data_breach", "reason": "The messages quoted the applicant's file."})
    assert response.status_code == 302
    trolling.refresh_from_db()
    assert trolling.kind == IncidentKind.DATA_BREACH and trolling.aware_at is not None
    correction = IncidentCorrection.objects.get(incident=trolling)
    assert (correction.old_value, correction.new_value) == ("trolling", "data_breach")
    assert correction.reason == "The messages quoted the applicant's file." and correction.by == manager
    assert _dpo_told(trolling, council.dpo_email)
    assert (
        "The messages quoted the applicant&#x27;s file."
        in client.get(reverse("incident-detail", args=[trolling.pk])).content.decode()
    )


def test_became_aware_is_corrected_with_a_reason_and_the_clock_runs_from_it(client, manager, breach):
    aware = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=30)
    breach.occurred_at = aware - datetime.timedelta(hours=5)
    breach.save()
    client.force_login(manager)
    response = client.post(
        reverse("incident-correct", args=[breach.pk]),
        {"kind": "data_breach", "reason": "The worker noticed it yesterday, not today.", **when("aware_at", aware)},
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.aware_at == aware and breach.ico_deadline == aware + datetime.timedelta(hours=72)
    left = breach.ico_time_left
    assert datetime.timedelta(hours=71) < left < datetime.timedelta(hours=72)
    page = client.get(reverse("incident-detail", args=[breach.pk])).content.decode()
    assert "Time left to tell the ICO" in page and "2 days 23 hours" in page
    with pytest.raises(Invalid, match="before the breach happened"):
        incident_correct_awareness(
            user=manager, incident_id=breach.pk, aware_at=breach.occurred_at - datetime.timedelta(hours=1), reason="x"
        )
    with pytest.raises(Invalid, match="reason"):
        incident_correct_awareness(user=manager, incident_id=breach.pk, aware_at=aware, reason=" ")


def test_a_report_after_72_hours_needs_its_reason(client, manager, breach):
    aware = timezone.now() - datetime.timedelta(hours=100)
    Incident.objects.filter(pk=breach.pk).update(aware_at=aware, occurred_at=aware - datetime.timedelta(hours=1))
    told = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    client.force_login(manager)
    data = breach_form(
        ico_decision="reported",
        ico_decision_reason="A risk to the family.",
        ico_reference="ICO-1",
        **when("ico_notified_at", told),
    )
    response = client.post(reverse("incident-detail", args=[breach.pk]), data)
    assert response.status_code == 200
    assert "more than 72 hours after the agency became aware" in response.content.decode()
    assert Incident.objects.get(pk=breach.pk).ico_decision == IcoDecision.PENDING
    data["late_reason"] = "The breach was found over a bank holiday weekend."
    assert client.post(reverse("incident-detail", args=[breach.pk]), data).status_code == 302
    breach.refresh_from_db()
    assert breach.ico_decision == IcoDecision.REPORTED and breach.ico_reference == "ICO-1"
    assert breach.late_reason.startswith("The breach was found")


def test_a_report_within_72_hours_needs_no_late_reason_but_its_reason_and_the_ico_reference(manager, breach):
    told = timezone.now() - datetime.timedelta(minutes=5)
    with pytest.raises(Invalid) as refused:
        incident_update(user=manager, incident_id=breach.pk, ico_decision="reported", ico_notified_at=told)
    assert set(refused.value.fields) == {"ico_reference", "ico_decision_reason"}
    incident = incident_update(
        user=manager,
        incident_id=breach.pk,
        ico_decision="reported",
        ico_decision_reason="A risk to the family.",
        ico_notified_at=told,
        ico_reference="ICO-2",
    )
    assert incident.ico_decision == IcoDecision.REPORTED and incident.late_reason == ""


def test_telling_the_people_affected_records_when_and_how_or_why_not(manager, breach):
    with pytest.raises(Invalid) as refused:
        incident_update(user=manager, incident_id=breach.pk, subjects_decision="told")
    assert set(refused.value.fields) == {"subjects_told_on", "subjects_told_how"}
    with pytest.raises(Invalid) as refused:
        incident_update(user=manager, incident_id=breach.pk, subjects_decision="not_told")
    assert set(refused.value.fields) == {"subjects_not_told_reason"}
    incident = incident_update(
        user=manager,
        incident_id=breach.pk,
        subjects_decision="told",
        subjects_told_on=timezone.localdate(),
        subjects_told_how="By letter and a phone call",
    )
    assert incident.subjects_decision == SubjectsDecision.TOLD


def test_the_people_affected_decision_through_the_page(client, manager, breach):
    client.force_login(manager)
    data = breach_form(
        subjects_decision="not_told", subjects_not_told_reason="The letter was returned unopened: low risk."
    )
    assert client.post(reverse("incident-detail", args=[breach.pk]), data).status_code == 302
    page = client.get(reverse("incident-detail", args=[breach.pk])).content.decode()
    assert "The people affected are not being told" in page and "returned unopened" in page


def test_an_incident_with_no_household_goes_to_the_council_of_the_reporters_team(report, worker, team_a):
    council = LocalAuthorityFactory(name="Northshire Council", dpo_email="dpo@northshire.example.org")
    team_a.local_authority = council
    team_a.save()
    breach = report("data_breach", user=worker)
    assert breach.household is None and breach.local_authority == council
    assert _dpo_told(breach, "dpo@northshire.example.org")
    trolling = report("trolling", user=worker)
    assert trolling.local_authority == council and not _dpo_told(trolling, "dpo@northshire.example.org")


def test_without_a_team_council_a_household_less_incident_has_no_council(report, worker):
    assert report("data_breach", user=worker).local_authority is None


def test_reclassifying_needs_a_manager_and_a_different_kind(worker, manager, breach):
    from t4c_socialcheck.errors import NotPermitted

    with pytest.raises(NotPermitted):
        incident_reclassify(user=worker, incident_id=breach.pk, kind="policy_breach", reason="x")
    with pytest.raises(Invalid, match="already recorded"):
        incident_reclassify(user=manager, incident_id=breach.pk, kind="data_breach", reason="x")
