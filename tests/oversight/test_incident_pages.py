"""Incidents: the list, one incident with its ICO clock and history, and a manager's update."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from incidents.models import IcoDecision, Incident, IncidentStatus
from tests.factories import ApplicantFactory, HouseholdFactory

from .html import AUDIT_APPEND, assert_good_page

pytestmark = pytest.mark.django_db


def detail(incident):
    return reverse("incident-detail", args=[incident.pk])


def breach_form(**overrides):
    data = {
        "status": "investigating",
        "ico_decision": "pending",
        "ico_decision_reason": "",
        "ico_notified_at_day": "",
        "ico_notified_at_month": "",
        "ico_notified_at_year": "",
        "ico_notified_at_hour": "",
        "ico_notified_at_minute": "",
        "dpo_informed_at_day": "",
        "dpo_informed_at_month": "",
        "dpo_informed_at_year": "",
        "dpo_informed_at_hour": "",
        "dpo_informed_at_minute": "",
    }
    data.update(overrides)
    return data


def when(prefix, moment):
    moment = timezone.localtime(moment)
    return {
        f"{prefix}_day": str(moment.day),
        f"{prefix}_month": str(moment.month),
        f"{prefix}_year": str(moment.year),
        f"{prefix}_hour": str(moment.hour),
        f"{prefix}_minute": str(moment.minute),
    }


def test_a_manager_sees_their_teams_incidents(client, manager, breach, trolling):
    client.force_login(manager)
    response = client.get(reverse("incident-list"))
    assert response.status_code == 200
    assert_good_page(response, title="Incidents")
    assert {incident for incident, _ in response.context["rows"]} == {breach, trolling}
    html = response.content.decode()
    assert "Personal data breach" in html and "Due" in html and "Does not apply" in html


def test_another_teams_manager_never_sees_them(client, other_manager, breach):
    client.force_login(other_manager)
    assert client.get(reverse("incident-list")).context["rows"] == []
    assert client.get(detail(breach)).status_code == 404
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, record_type="incident").exists()


def test_workers_get_403_even_on_their_own_report(client, worker, trolling):
    client.force_login(worker)
    assert client.get(reverse("incident-list")).status_code == 403
    assert client.get(detail(trolling)).status_code == 403
    assert client.post(detail(trolling), {"status": "closed"}).status_code == 403
    assert Incident.objects.get().status == IncidentStatus.OPEN


def test_filters(client, manager, breach, trolling):
    Incident.objects.filter(pk=trolling.pk).update(status=IncidentStatus.CLOSED)
    client.force_login(manager)
    rows = lambda params: [i for i, _ in client.get(reverse("incident-list"), params).context["rows"]]  # noqa: E731
    assert rows({"status": "active"}) == [breach]
    assert rows({"status": "closed"}) == [trolling]
    assert rows({"kind": "trolling"}) == [trolling]
    response = client.get(reverse("incident-list"), {"status": "nonsense"})
    assert response.context["rows"] == []
    assert_good_page(response, error=True)


def test_a_data_breach_shows_the_72_hour_clock(client, manager, breach):
    client.force_login(manager)
    response = client.get(detail(breach))
    assert response.status_code == 200
    assert_good_page(response, title=f"Incident {breach.pk}")
    html = response.content.decode()
    assert "72-hour deadline" in html and "left, by" in html
    assert response.context["clock"].state == "due"


def test_an_overdue_breach_says_overdue_in_words(client, manager, breach):
    Incident.objects.filter(pk=breach.pk).update(aware_at=timezone.now() - datetime.timedelta(hours=75))
    client.force_login(manager)
    response = client.get(detail(breach))
    assert response.context["clock"].state == "overdue"
    assert "Overdue</strong> by 3 hours" in response.content.decode()
    listing = client.get(reverse("incident-list")).content.decode()
    assert "Overdue" in listing


def test_trolling_shows_police_and_risk_assessment(client, manager, trolling):
    client.force_login(manager)
    html = client.get(detail(trolling)).content.decode()
    assert "Police reference" in html and "Risk assessment updated" in html
    assert "72-hour" not in html


def test_viewing_an_incident_is_audited_and_the_timeline_shows_its_story(client, manager, breach):
    client.force_login(manager)
    client.post(detail(breach), breach_form(status="investigating"))
    response = client.get(detail(breach))
    viewed = AuditEvent.objects.filter(action=Action.VIEW, record_type="incident", record_id=str(breach.pk))
    assert viewed.filter(actor=manager).exists()
    timeline = response.context["timeline"]
    assert [item["event"].action for item in timeline] == [Action.UPDATE, Action.CREATE]
    assert [(c.field, c.old, c.new) for c in timeline[0]["changes"]] == [("Status", "Open", "Investigating")]
    html = response.content.decode()
    assert "moj-timeline__item" in html and "Status: Open to Investigating" in html


def test_an_auditor_reads_without_a_form_and_cannot_post(client, auditor, breach):
    client.force_login(auditor)
    response = client.get(detail(breach))
    assert response.status_code == 200 and response.context["update_form"] is None
    assert client.post(detail(breach), breach_form(status="closed")).status_code == 403
    assert Incident.objects.get().status == IncidentStatus.OPEN


def test_a_manager_records_that_the_ico_was_told(client, manager, breach):
    client.force_login(manager)
    told = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    data = breach_form(
        ico_decision="reported",
        ico_decision_reason="Bank details went to the wrong family: a risk to them.",
        ico_reference="ICO-00123",
        **when("ico_notified_at", told),
        **when("dpo_informed_at", told),
    )
    response = client.post(detail(breach), data)
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.ico_decision == IcoDecision.REPORTED and breach.ico_notified_at == told
    assert breach.dpo_informed_at == told and breach.status == IncidentStatus.INVESTIGATING
    assert "ICO told" in client.get(detail(breach)).content.decode()


def test_not_reportable_needs_a_reason(client, manager, breach):
    client.force_login(manager)
    response = client.post(detail(breach), breach_form(ico_decision="not_reportable"))
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert "Record why the breach is not reportable" in response.content.decode()
    assert Incident.objects.get().ico_decision == IcoDecision.PENDING
    response = client.post(
        detail(breach), breach_form(ico_decision="not_reportable", ico_decision_reason="No risk to anyone.")
    )
    assert response.status_code == 302
    assert Incident.objects.get().ico_decision_reason == "No risk to anyone."


def test_reported_needs_when_the_ico_was_told(client, manager, breach):
    client.force_login(manager)
    response = client.post(detail(breach), breach_form(ico_decision="reported"))
    assert "Enter when the ICO was told" in response.content.decode()
    assert 'href="#id_ico_notified_at_day"' in response.content.decode()


def test_a_breach_cannot_be_closed_without_an_ico_decision(client, manager, breach):
    client.force_login(manager)
    response = client.post(detail(breach), breach_form(status="closed"))
    assert_good_page(response, error=True)
    assert "before you close" in response.content.decode()
    assert Incident.objects.get().status == IncidentStatus.OPEN


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"day": "31", "month": "2", "year": "2026", "hour": "10", "minute": "00"}, "must be a real date"),
        ({"day": "1", "month": "2", "year": "26", "hour": "10", "minute": "00"}, "Year must include 4 numbers"),
        ({"day": "1", "month": "2", "year": "2026", "hour": "", "minute": ""}, "must include an hour and a minute"),
        ({"day": "1", "month": "2", "year": "2026", "hour": "25", "minute": "00"}, "must be a real date"),
        ({"day": "x", "month": "2", "year": "2026", "hour": "1", "minute": "00"}, "must be a real date"),
    ],
)
def test_impossible_or_incomplete_dates_are_explained(client, manager, breach, parts, message):
    client.force_login(manager)
    data = breach_form(**{f"dpo_informed_at_{k}": v for k, v in parts.items()})
    response = client.post(detail(breach), data)
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert message in response.content.decode()
    assert Incident.objects.get().dpo_informed_at is None


def test_a_future_date_is_refused(client, manager, breach):
    client.force_login(manager)
    data = breach_form(**when("dpo_informed_at", timezone.now() + datetime.timedelta(days=2)))
    response = client.post(detail(breach), data)
    assert_good_page(response, error=True)
    assert "today or in the past" in response.content.decode()
    assert Incident.objects.get().dpo_informed_at is None


def test_a_manager_records_the_police_reference_and_risk_assessment(client, manager, trolling):
    client.force_login(manager)
    today = timezone.localdate()
    data = {
        "status": "investigating",
        "police_reference": "CAD-1234",
        "risk_assessment_updated_on_day": str(today.day),
        "risk_assessment_updated_on_month": str(today.month),
        "risk_assessment_updated_on_year": str(today.year),
    }
    assert client.post(detail(trolling), data).status_code == 302
    trolling.refresh_from_db()
    assert trolling.police_reference == "CAD-1234" and trolling.risk_assessment_updated_on == today
    # The same form twice changes nothing more and adds no history.
    updates = AuditEvent.objects.filter(action=Action.UPDATE, record_type="incident").count()
    assert client.post(detail(trolling), data).status_code == 302
    assert AuditEvent.objects.filter(action=Action.UPDATE, record_type="incident").count() == updates


def test_the_risk_assessment_date_cannot_be_in_the_future(client, manager, trolling):
    client.force_login(manager)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "status": "open",
        "police_reference": "",
        "risk_assessment_updated_on_day": str(tomorrow.day),
        "risk_assessment_updated_on_month": str(tomorrow.month),
        "risk_assessment_updated_on_year": str(tomorrow.year),
    }
    response = client.post(detail(trolling), data)
    assert_good_page(response, error=True)
    assert Incident.objects.get().risk_assessment_updated_on is None


def test_a_missing_status_is_explained(client, manager, trolling):
    client.force_login(manager)
    response = client.post(detail(trolling), {})
    assert_good_page(response, error=True)
    assert "Choose the status" in response.content.decode()


def test_the_list_costs_the_same_queries_for_one_or_many(client, manager, report, applicant, django_assert_num_queries):
    report("data_breach", applicant_id=applicant.pk)
    client.force_login(manager)
    client.get(reverse("incident-list"))
    with django_assert_num_queries(3):
        client.get(reverse("incident-list"))
    for kind in ("trolling", "threat", "policy_breach", "data_breach"):
        other = ApplicantFactory(household=HouseholdFactory(team=applicant.household.team))
        report(kind, applicant_id=other.pk)
    with django_assert_num_queries(3):
        response = client.get(reverse("incident-list"))
    assert len(response.context["rows"]) == 5


def test_a_policy_breach_form_asks_only_for_status_and_when_the_dpo_was_told(client, manager, refusal):
    from incidents.services import incident_open_from_refusal

    incident = incident_open_from_refusal(user=manager, refusal_id=refusal.pk, description="Repeated attempts.")
    client.force_login(manager)
    response = client.get(detail(incident))
    # Besides the token every recording form carries (sent twice, it records once).
    assert set(response.context["update_form"].fields) == {"submission", "status", "dpo_informed_at"}
    assert "Opened from" in response.content.decode()
    assert client.post(detail(incident), {"status": "closed"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.closed_at is not None


def test_the_detail_costs_the_same_queries_however_long_its_history(client, manager, breach, django_assert_num_queries):
    client.force_login(manager)
    client.get(detail(breach))
    # session, user, the incident, its history, its corrections, and the audit entry for this view (head, insert)
    with django_assert_num_queries(5 + AUDIT_APPEND):
        client.get(detail(breach))
    for status in ("investigating", "open", "investigating"):
        client.post(detail(breach), breach_form(status=status))
    with django_assert_num_queries(5 + AUDIT_APPEND):
        response = client.get(detail(breach))
    # Views of the incident stay in the audit trail, out of its story.
    assert [item["event"].action for item in response.context["timeline"]] == [Action.UPDATE] * 3 + [Action.CREATE]
