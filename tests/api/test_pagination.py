"""Lists are {"results", "next"} pages in a stable order, each page a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import CaseOutcome
from consent.services import consent_record
from platforms.services import profile_add
from tests.factories import ApplicantFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

ROWS = 12


@pytest.fixture
def caseload(team_a, worker, platforms, start):
    """ROWS households in team A, each with a consenting applicant, a profile and a started check;
    and ROWS refusals (a second attempt on each)."""
    households = []
    for n in range(ROWS):
        household = HouseholdFactory(team=team_a, allocated_worker=worker)
        applicant = ApplicantFactory(household=household)
        consent_record(
            user=worker, applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference=f"F-{n}"
        )
        profile = profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle=f"person.{n}")
        assert start(worker, applicant, profile).allowed
        assert not start(worker, applicant, profile).allowed
        households.append(household)
    return households


def test_a_list_pages_through_everything_once_in_a_stable_order(api_as, worker, caseload, team_a):
    client = api_as(worker)
    response = client.get("/api/v1/households/?page_size=5")
    seen = []
    while True:
        body = response.json()
        assert set(body) >= {"results", "next"}
        seen += [h["id"] for h in body["results"]]
        if not seen or body["next"] is None:
            break
        # Rows added while someone pages through do not shift the pages still to come.
        HouseholdFactory(team=team_a)
        response = client.get(body["next"])
    assert seen == sorted((h.pk for h in caseload), reverse=True)


def test_the_last_page_has_no_next(api_as, worker, household):
    body = api_as(worker).get("/api/v1/households/").json()
    assert body["next"] is None and len(body["results"]) == 1


@pytest.mark.parametrize(
    ("url", "reader"),
    [
        ("/api/v1/households/", "worker"),
        ("/api/v1/checks/", "worker"),
        ("/api/v1/platforms/", "worker"),
        ("/api/v1/refusals/", "manager"),
        ("/api/v1/audit/", "manager"),
        ("/api/v1/refusals/", "auditor"),
        ("/api/v1/audit/", "admin_user"),
    ],
)
def test_a_page_costs_the_same_queries_whatever_its_size(
    api_as, request, caseload, url, reader, django_assert_num_queries
):
    client = api_as(request.getfixturevalue(reader))
    client.get("/api/v1/me/")  # the token's first use records it (api.tokens.LAST_USED_RESOLUTION)
    with CaptureQueriesContext(connection) as small_page:
        small = client.get(f"{url}?page_size=2")
    assert len(small.json()["results"]) == 2
    with django_assert_num_queries(len(small_page.captured_queries)):
        large = client.get(f"{url}?page_size=10")
    assert len(large.json()["results"]) == 10


def test_the_page_size_is_capped(api_as, worker, caseload):
    body = api_as(worker).get("/api/v1/households/?page_size=100000").json()
    assert len(body["results"]) == ROWS


def test_closed_households_cost_no_query_each_and_keep_their_retention_dates(
    api_as, worker, team_a, django_assert_num_queries
):
    for n in range(6):
        HouseholdFactory(
            team=team_a, allocated_worker=worker, outcome=CaseOutcome.WITHDRAWN, closed_on=datetime.date(2026, 1, n + 1)
        )
    client = api_as(worker)
    client.get("/api/v1/me/")  # the token's first use records it
    with CaptureQueriesContext(connection) as small_page:
        client.get("/api/v1/households/?page_size=2")
    with django_assert_num_queries(len(small_page.captured_queries)):
        large = client.get("/api/v1/households/?page_size=6")
    listed = {h["id"]: h["retention_until"] for h in large.json()["results"]}
    assert len(listed) == 6 and None not in listed.values()
    for pk, until in listed.items():  # a household read alone works its date out by itself
        assert client.get(f"/api/v1/households/{pk}/").json()["retention_until"] == until
