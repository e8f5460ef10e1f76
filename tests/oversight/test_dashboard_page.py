"""The managers' dashboard: summary cards and charts over the user's scope, each chart with its table."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from consent.services import consent_record, consent_withdraw
from incidents.models import Incident, IncidentStatus
from platforms.services import profile_add
from t4c_socialcheck.dates import add_calendar_months
from tests.factories import ApplicantFactory, HouseholdFactory

from .html import assert_good_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_applicant(worker, platforms):
    """An applicant in the worker's team with a profile, and consent as asked."""
    counter = iter(range(1000))

    def _make(consent="given", team=None, user=None):
        user = user or worker
        n = next(counter)
        household = HouseholdFactory(team=team or worker.teams.get(), allocated_worker=user)
        applicant = ApplicantFactory(household=household)
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        if consent in ("given", "withdrawn", "refused"):
            consent_record(
                user=user, applicant=applicant, given=consent != "refused", signed_on=yesterday, form_reference=f"F{n}"
            )
        if consent == "withdrawn":
            consent_withdraw(user=user, applicant=applicant, withdrawn_on=timezone.localdate(), reason="Changed mind")
        profile = profile_add(user=user, applicant=applicant, platform=platforms["facebook"], handle=f"person.{n}")
        return applicant, profile

    return _make


def started_at(moment):
    """Start a check as if at `moment` (the service stamps it with the time now)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_workers_get_403(client, worker):
    client.force_login(worker)
    assert client.get(reverse("oversight-dashboard")).status_code == 403


def test_an_empty_dashboard_is_a_good_page(client, manager):
    client.force_login(manager)
    response = client.get(reverse("oversight-dashboard"))
    assert response.status_code == 200
    assert_good_page(response, title="Oversight dashboard")


def test_a_manager_sees_their_teams_figures_and_not_another_teams(
    client, manager, worker, outsider, team_b, make_applicant, start, report
):
    now = timezone.now()
    two_months_ago = add_calendar_months(timezone.localdate().replace(day=1), -2)
    # Team A: checks in two months (one still in progress after 30 hours), refusals, consents, incidents.
    moments = [now, timezone.make_aware(datetime.datetime.combine(two_months_ago, datetime.time(12)))]
    for moment in moments:
        applicant, profile = make_applicant()
        with started_at(moment):
            start(worker, applicant, profile)
    applicant, profile = make_applicant()
    with started_at(now - datetime.timedelta(hours=30)):
        late = start(worker, applicant, profile).social_check
    moments.append(late.started_at)
    expected_months = {}
    for moment in moments:
        month = timezone.localtime(moment).date().replace(day=1)
        expected_months[month] = expected_months.get(month, 0) + 1
    refused_applicant, refused_profile = make_applicant("refused")
    start(worker, refused_applicant, refused_profile)
    start(worker, refused_applicant, refused_profile)
    withdrawn, withdrawn_profile = make_applicant("withdrawn")
    start(worker, withdrawn, withdrawn_profile)
    make_applicant("none")
    report("trolling")
    report("data_breach", applicant_id=applicant.pk)
    Incident.objects.filter(pk=report("threat").pk).update(status=IncidentStatus.CLOSED)
    # Team B: none of this may show.
    other, other_profile = make_applicant("refused", team=team_b, user=outsider)
    start(outsider, other, other_profile)
    report("trolling", user=outsider)

    client.force_login(manager)
    response = client.get(reverse("oversight-dashboard"))
    assert response.status_code == 200
    assert_good_page(response)
    figures = response.context["figures"]
    months = dict(figures.checks_by_month)
    assert len(months) == 12 and {m: n for m, n in months.items() if n} == expected_months
    assert figures.refusals_by_code == [("NO_CONSENT", 2, 2), ("CONSENT_WITHDRAWN", 1, 1)]
    assert {kind: n for kind, _, n in figures.open_incidents_by_kind} == {
        "policy_breach": 0,
        "data_breach": 1,
        "trolling": 1,
        "threat": 0,
    }
    assert {state: n for state, _, n in figures.consents} == {"given": 3, "refused": 1, "withdrawn": 1, "none": 1}
    # Oldest first: the one from two months ago was never completed either.
    assert figures.late_checks[1:] == [late] and figures.late_checks_count == 2
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="chart-checks-title">' in html
    assert f"{reverse('refusal-list')}?review=not_reviewed" in html


def test_an_auditor_sees_the_whole_organisation(client, auditor, worker, outsider, team_b, make_applicant, start):
    mine, my_profile = make_applicant("refused")
    start(worker, mine, my_profile)
    theirs, their_profile = make_applicant("refused", team=team_b, user=outsider)
    start(outsider, theirs, their_profile)
    client.force_login(auditor)
    figures = client.get(reverse("oversight-dashboard")).context["figures"]
    assert figures.refusals_by_code == [("NO_CONSENT", 2, 2)]
    assert {state: n for state, _, n in figures.consents}["refused"] == 2


def test_an_admin_sees_refusals_and_incidents_but_no_case_figures(client, admin_user, refusal, report):
    report("trolling")
    client.force_login(admin_user)
    response = client.get(reverse("oversight-dashboard"))
    assert response.status_code == 200
    assert_good_page(response)
    figures = response.context["figures"]
    assert figures.refusals_total == 1 and figures.open_incidents == 1
    assert figures.checks_by_month == [] and figures.consents == []
    assert "Admins do not see case records" in response.content.decode()


def test_the_ico_overdue_count_is_on_its_card(client, manager, report, applicant):
    breach = report("data_breach", applicant_id=applicant.pk)
    Incident.objects.filter(pk=breach.pk).update(aware_at=timezone.now() - datetime.timedelta(hours=80))
    client.force_login(manager)
    response = client.get(reverse("oversight-dashboard"))
    assert response.context["figures"].ico_overdue == 1
    assert "1 past the 72-hour deadline to report to the ICO" in response.content.decode()


def test_the_dashboard_costs_the_same_queries_for_a_little_or_a_lot(
    client, manager, worker, make_applicant, start, report, authorise, applicant, profile, django_assert_num_queries
):
    client.force_login(manager)
    client.get(reverse("oversight-dashboard"))
    # session, user, then one query each: checks by month, refusals by rule, incidents by kind,
    # consents by state, late checks and their count, RIPA expiring, voided checks
    with django_assert_num_queries(10):
        client.get(reverse("oversight-dashboard"))
    authorise(last_valid_day=timezone.localdate() + datetime.timedelta(days=2))
    for consent in ("given", "refused", "withdrawn", "none", "given"):
        someone, their_profile = make_applicant(consent)
        with started_at(timezone.now() - datetime.timedelta(days=2)):
            start(worker, someone, their_profile)
    for kind in ("trolling", "threat", "data_breach", "policy_breach"):
        report(kind)
    with django_assert_num_queries(10):
        response = client.get(reverse("oversight-dashboard"))
    figures = response.context["figures"]
    assert figures.late_checks_count == 2 and figures.ripa_expiring == 1 and figures.open_incidents == 4
