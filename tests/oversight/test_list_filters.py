"""The refusal and incident lists (issue #22 point 9): filtered by household, worker, rule or
kind and dates, keyset-paginated newest first with the filters kept, at a fixed cost per page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from checks.models import Refusal
from incidents.models import Incident
from oversight import pagination
from tests.factories import ApplicantFactory, HouseholdFactory

from .html import assert_good_page

DAY = datetime.timedelta(days=1)


@pytest.fixture
def refusals(refusal, worker, teammate, applicant):
    """Six more refusals, a day apart: two by the teammate about a second household."""
    worker.first_name, worker.last_name = "Sam", "Okafor"
    worker.save()
    teammate.first_name, teammate.last_name = "Priya", "Shah"
    teammate.save()
    other = ApplicantFactory(household=HouseholdFactory(team=applicant.household.team, reference="HH-2026-0420"))
    now = timezone.now()
    Refusal.objects.bulk_create(
        Refusal(
            user=teammate if n >= 4 else worker,
            at=now - n * DAY,
            applicant=other if n >= 4 else applicant,
            code="TRAINING_REQUIRED" if n == 2 else refusal.code,
            codes=["TRAINING_REQUIRED" if n == 2 else refusal.code],
            messages=["Refused."],
        )
        for n in range(1, 7)
    )
    return list(Refusal.objects.order_by("-at", "-pk"))


def shown(response):
    return [row.pk for row in response.context["page"].rows]


def test_refusals_filter_by_household_worker_rule_and_dates(client, manager, refusals):
    client.force_login(manager)
    url = reverse("refusal-list")
    assert shown(client.get(url, {"household": "hh-2026-0420"})) == [r.pk for r in refusals[4:]]
    assert shown(client.get(url, {"worker": "Priya Shah"})) == [r.pk for r in refusals[4:]]
    assert shown(client.get(url, {"worker": "okafor"})) == [r.pk for r in refusals[:4]]
    assert shown(client.get(url, {"code": "TRAINING_REQUIRED"})) == [refusals[2].pk]
    first = timezone.localdate(refusals[3].at)
    last = timezone.localdate(refusals[1].at)
    dates = {
        "since_day": first.day,
        "since_month": first.month,
        "since_year": first.year,
        "until_day": last.day,
        "until_month": last.month,
        "until_year": last.year,
    }
    assert shown(client.get(url, dates)) == [r.pk for r in refusals[1:4]]


def test_refusals_page_by_keyset_and_keep_the_filters(client, manager, refusals, monkeypatch):
    monkeypatch.setattr(pagination, "LIST_PAGE", 2)
    client.force_login(manager)
    url = reverse("refusal-list")
    mine = [r.pk for r in refusals[:4]]
    first = client.get(url, {"worker": "okafor"})
    assert shown(first) == mine[:2]
    page = first.context["page"]
    assert page.previous_cursor is None and page.next_cursor
    html = first.content.decode()
    assert "worker=okafor&amp;after=" in html and "Older refusals" in html and "Newer refusals" not in html
    second = client.get(url, {"worker": "okafor", "after": page.next_cursor})
    assert shown(second) == mine[2:]
    assert second.context["page"].next_cursor is None
    back = client.get(url, {"worker": "okafor", "before": second.context["page"].previous_cursor})
    assert shown(back) == mine[:2]
    assert back.context["page"].previous_cursor is None


@pytest.mark.parametrize("size", [2, 10])
def test_a_refusal_page_costs_the_same_queries_at_any_size(
    client, manager, refusals, monkeypatch, size, django_assert_num_queries
):
    monkeypatch.setattr(pagination, "LIST_PAGE", size)
    client.force_login(manager)
    client.get(reverse("refusal-list"))
    with django_assert_num_queries(3):
        response = client.get(reverse("refusal-list"), {"worker": "a", "after": "2099-01-01T00:00:00+00:00~99"})
    assert len(response.context["page"].rows) == min(size, len(refusals))


@pytest.mark.parametrize(
    "query, message",
    [
        ({"since_day": "31", "since_month": "2", "since_year": "2026"}, "The first day must be a real date"),
        ({"until_day": "1", "until_month": "", "until_year": "2026"}, "The last day must include a month"),
        (
            {
                "since_day": "2",
                "since_month": "3",
                "since_year": "2026",
                "until_day": "1",
                "until_month": "3",
                "until_year": "2026",
            },
            "The last day must be the same as or after the first day",
        ),
        ({"household": "x" * 500}, "The household reference must be"),
        ({"kind": "nonsense"}, "Choose a kind of incident from the list"),
    ],
)
@pytest.mark.parametrize("list_name", ["refusal-list", "incident-list"])
def test_bad_filter_input_is_an_error_summary_not_a_500(client, manager, refusals, query, message, list_name):
    if "kind" in query and list_name == "refusal-list":
        query, message = {"code": "nonsense"}, "Choose a rule from the list"
    client.force_login(manager)
    response = client.get(reverse(list_name), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not response.context["page"].rows
    assert_good_page(response, error=True)


def test_a_bad_cursor_is_the_first_page(client, manager, refusals):
    client.force_login(manager)
    for cursor in ("junk", "not-a-date~3", "2026-01-01T00:00:00~-1", "~"):
        response = client.get(reverse("refusal-list"), {"after": cursor, "before": cursor})
        assert response.status_code == 200
        assert shown(response) == [r.pk for r in refusals]


@pytest.fixture
def incidents(report, worker, teammate, applicant):
    other = ApplicantFactory(household=HouseholdFactory(team=applicant.household.team, reference="HH-2026-0420"))
    teammate.first_name, teammate.last_name = "Priya", "Shah"
    teammate.save()
    made = [
        report("trolling", applicant_id=applicant.pk),
        report("threat", applicant_id=applicant.pk),
        report("trolling", user=teammate, applicant_id=other.pk),
        report("data_breach", user=teammate, applicant_id=other.pk),
    ]
    now = timezone.now()
    for n, incident in enumerate(made):
        Incident.objects.filter(pk=incident.pk).update(reported_at=now - n * DAY)
    return made


def test_incidents_filter_by_household_worker_kind_and_dates(client, manager, incidents):
    client.force_login(manager)
    url = reverse("incident-list")
    rows = lambda response: [incident.pk for incident, _ in response.context["rows"]]  # noqa: E731
    assert rows(client.get(url, {"household": "HH-2026-0420"})) == [incidents[2].pk, incidents[3].pk]
    assert rows(client.get(url, {"worker": "shah"})) == [incidents[2].pk, incidents[3].pk]
    assert rows(client.get(url, {"kind": "trolling"})) == [incidents[0].pk, incidents[2].pk]
    day = timezone.localdate(Incident.objects.get(pk=incidents[1].pk).reported_at)
    query = {"since_day": day.day, "since_month": day.month, "since_year": day.year}
    query |= {"until_day": day.day, "until_month": day.month, "until_year": day.year}
    assert rows(client.get(url, query)) == [incidents[1].pk]


@pytest.mark.parametrize("size", [1, 10])
def test_an_incident_page_costs_the_same_queries_at_any_size(
    client, manager, incidents, monkeypatch, size, django_assert_num_queries
):
    monkeypatch.setattr(pagination, "LIST_PAGE", size)
    client.force_login(manager)
    client.get(reverse("incident-list"))
    with django_assert_num_queries(3):
        response = client.get(reverse("incident-list"), {"kind": "trolling"})
    assert len(response.context["rows"]) == min(size, 2)
    if size == 1:
        following = client.get(
            reverse("incident-list"), {"kind": "trolling", "after": response.context["page"].next_cursor}
        )
        assert [i.pk for i, _ in following.context["rows"]] == [incidents[2].pk]
        assert "kind=trolling&amp;before=" in following.content.decode()
