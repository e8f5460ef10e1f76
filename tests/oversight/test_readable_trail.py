"""Issue 22, point 5: a readable audit trail. People by full name (username on hover and in
the CSV), records by what they are, the applicant filter by name, GOV.UK date inputs, a note on
why numbers skip, and repeated views by one person within a minute folded into one row (every
entry stays in the chain and the CSV)."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.factories import ApplicantFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


def _rows(client, **params):
    return client.get(reverse("audit-trail"), params).context["rows"]


def test_people_by_full_name_and_records_by_what_they_are(client, manager, worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    client.force_login(manager)
    html = client.get(reverse("audit-trail")).content.decode()
    assert f'<span title="{worker.username}">{worker.get_full_name()}</span>' in html
    assert "Check of Alex Morgan&#x27;s Facebook profile" in html
    assert "Consent of Alex Morgan" in html
    assert "object (" not in html and "socialcheck 1" not in html
    export = client.get(reverse("audit-export")).getvalue().decode()
    usernames = {row["actor_username"] for row in csv.DictReader(io.StringIO(export))}
    assert worker.username in usernames and worker.get_full_name() not in export


def test_an_admin_reads_the_kind_of_case_record_not_its_names(client, admin_user, worker, applicant, profile, start):
    start(worker, applicant, profile)  # refused: no consent
    client.force_login(admin_user)
    html = client.get(reverse("audit-trail")).content.decode()
    assert "Alex Morgan" not in html and "Refused check " in html


def test_the_applicant_filter_takes_a_name(client, manager, worker, applicant, household, profile, start):
    other = ApplicantFactory(household=household, first_name="Sam", last_name="Lee")
    start(worker, applicant, profile)
    client.force_login(manager)
    rows = _rows(client, applicant="alex morgan")
    assert rows and {row.event.applicant_id for row in rows} == {applicant.pk}
    assert other.pk not in {row.event.applicant_id for row in _rows(client, applicant="Morgan")}
    assert _rows(client, applicant="Nobody Here") == []


def test_the_dates_are_govuk_date_inputs_and_the_page_says_why_numbers_skip(client, manager):
    client.force_login(manager)
    html = client.get(reverse("audit-trail")).content.decode()
    for name in ("since_day", "since_month", "since_year", "until_day", "until_month", "until_year"):
        assert f'name="{name}"' in html
    assert 'type="date"' not in html
    assert "Why entry numbers can skip" in html and "rolled back" in html


def test_repeated_views_within_a_minute_are_one_row_but_every_entry_stays(client, manager, household, applicant):
    client.force_login(manager)
    for _ in range(3):
        client.get(reverse("household", args=[household.pk]))  # the household and its applicant, each time
    views = AuditEvent.objects.filter(action=Action.VIEW, actor=manager, household_id=household.pk)
    assert views.count() == 6
    rows = [row for row in _rows(client, household=household.reference) if row.event.action == Action.VIEW]
    assert len(rows) == 1 and rows[0].count == 6
    assert rows[0].record_labels == ["Alex Morgan", f"Household {household.reference}"]
    html = client.get(reverse("audit-trail"), {"household": household.reference}).content.decode()
    assert "6 times within a minute" in html
    export = client.get(reverse("audit-export"), {"household": household.reference}).getvalue().decode()
    assert sum(1 for row in csv.DictReader(io.StringIO(export)) if row["action"] == "view") == 6


def test_views_by_another_person_or_of_another_household_are_not_folded(client, manager, worker, household):
    second = HouseholdFactory(team=household.team)
    for user, home in ((manager, household), (worker, household), (manager, household), (manager, second)):
        client.force_login(user)
        client.get(reverse("household", args=[home.pk]))
    client.force_login(manager)
    views = [row for row in _rows(client) if row.event.action == Action.VIEW and row.event.record_type == "household"]
    assert [row.count for row in views] == [1, 1, 1, 1]


def test_the_filters_sit_in_the_moj_filter_panel_each_chosen_one_a_tag_that_removes_it(client, manager, household):
    client.force_login(manager)
    html = client.get(reverse("audit-trail")).content.decode()
    assert 'class="moj-filter-layout"' in html and '<h2 class="govuk-heading-m">Filter</h2>' in html
    assert "Apply filters" in html and "moj-filter__selected" not in html  # nothing chosen, no tags
    params = {"action": "view", "household": household.reference, "since_day": "1", "since_month": "2"}
    params |= {"since_year": "2026", "before": "999"}
    response = client.get(reverse("audit-trail"), params)
    chosen = {c.label: c for c in response.context["selected"]}
    assert {label: c.text for label, c in chosen.items()} == {
        "Household reference": household.reference,
        "Action": "Viewed",
        "From": "1 February 2026",
    }
    # Each tag's link keeps the other filters and starts again at the newest entries.
    assert chosen["Action"].remove_query == (
        f"household={household.reference}&since_day=1&since_month=2&since_year=2026"
    )
    assert chosen["From"].remove_query == f"action=view&household={household.reference}"
    html = response.content.decode()
    assert f'href="/manage/audit/?household={household.reference}&amp;since_day=1' in html
    assert '<span class="govuk-visually-hidden">Remove this filter: Action,</span> Viewed</a>' in html
    assert '<a class="govuk-link govuk-link--no-visited-state" href="/manage/audit/">Clear filters</a>' in html


def test_an_invalid_filter_shows_its_error_and_no_tags(client, manager):
    client.force_login(manager)
    response = client.get(reverse("audit-trail"), {"action": "view", "since_day": "31", "since_month": "2"})
    assert response.status_code == 200 and response.context["selected"] == []
    assert "govuk-error-summary" in response.content.decode()


def test_the_person_filter_takes_a_full_name_or_a_username(client, manager, worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    client.force_login(manager)
    by_name = {row.event.actor_id for row in _rows(client, actor=worker.get_full_name().lower())}
    assert by_name == {worker.pk}
    assert {row.event.actor_id for row in _rows(client, actor=worker.username.upper())} == {worker.pk}
    assert _rows(client, actor="Nobody Here") == []
