import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Action, AuditEvent
from audit.services import audit_record
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def entries(n, **keys):
    for i in range(n):
        audit_record(actor=None, action=Action.OTHER, record_type="test", record_id=i, summary=f"entry {i}", **keys)


def test_workers_cannot_read_the_trail(client, worker):
    client.force_login(worker)
    assert client.get(reverse("audit-trail")).status_code == 403
    assert client.get(reverse("audit-export")).status_code == 403


def test_a_manager_sees_their_teams_entries_only(client, manager, worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    other = HouseholdFactory()
    audit_record(
        actor=None, action=Action.OTHER, record_type="household", record_id=other.pk, summary="elsewhere", obj=other
    )
    client.force_login(manager)
    response = client.get(reverse("audit-trail"))
    assert response.status_code == 200
    seqs = {e.seq for e in response.context["page"].rows}
    assert AuditEvent.objects.get(action=Action.CHECK_STARTED).seq in seqs
    assert AuditEvent.objects.get(summary="elsewhere").seq not in seqs


def test_reading_the_trail_is_itself_audited(client, admin_user):
    client.force_login(admin_user)
    client.get(reverse("audit-trail"), {"action": "sign_in"})
    event = AuditEvent.objects.filter(record_type="audit_trail", action=Action.VIEW).get()
    assert event.actor == admin_user and event.data["filters"] == {"action": "sign_in"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "check_started"}, {Action.CHECK_STARTED}),
        ({"record_type": "refusal"}, {Action.CHECK_REFUSED}),
        ({"actor": "worker"}, None),
    ],
)
def test_filters(client, admin_user, worker, applicant, consent, profile, start, params, expected):
    start(worker, applicant, profile)
    start(worker, applicant, profile)
    client.force_login(admin_user)
    rows = client.get(reverse("audit-trail"), params).context["page"].rows
    assert rows
    if expected is not None:
        assert {r.action for r in rows} == expected
    else:
        assert {r.actor_username for r in rows} == {"worker"}


def test_filter_by_household_reference_and_dates(client, admin_user, household, applicant):
    client.force_login(admin_user)
    rows = client.get(reverse("audit-trail"), {"household": household.reference.lower()}).context["page"].rows
    assert rows and {r.household_id for r in rows} == {household.pk}
    assert client.get(reverse("audit-trail"), {"household": "NO-SUCH"}).context["page"].rows == []
    assert (
        client.get(reverse("audit-trail"), {"since_day": "1", "since_month": "1", "since_year": "2999"})
        .context["page"]
        .rows
        == []
    )


def test_bad_filter_values_get_a_message_not_a_500(client, admin_user):
    client.force_login(admin_user)
    response = client.get(
        reverse("audit-trail"),
        {"since_day": "31", "since_month": "2", "since_year": "2026", "applicant": "abc", "before": "x' OR 1=1"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert response.context["page"].rows == []
    assert (
        client.get(reverse("audit-export"), {"since_day": "31", "since_month": "2", "since_year": "2026"}).status_code
        == 400
    )


def test_keyset_pages_walk_back_and_forth_without_gaps(client, admin_user):
    entries(120)
    client.force_login(admin_user)
    first = client.get(reverse("audit-trail"), {"action": "other"}).context["page"]
    second = client.get(reverse("audit-trail"), {"action": "other", "before": first.older}).context["page"]
    third = client.get(reverse("audit-trail"), {"action": "other", "before": second.older}).context["page"]
    seqs = [r.seq for r in first.rows + second.rows + third.rows]
    assert len(seqs) == 120 and seqs == sorted(seqs, reverse=True) and third.older is None
    back = client.get(reverse("audit-trail"), {"action": "other", "after": second.newer}).context["page"]
    assert [r.seq for r in back.rows] == [r.seq for r in first.rows]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"action": "other"},
        {"actor": "admin"},
        {"household": "ROI-X"},
        {"applicant": "1"},
        {"since_day": "1", "since_month": "1", "since_year": "2020"},
        {"action": "other"},
    ],
)
def test_the_page_costs_at_most_8_queries_with_any_one_filter(client, admin_user, params):
    HouseholdFactory(reference="ROI-X")
    entries(60)
    client.force_login(admin_user)
    client.get(reverse("audit-trail"))  # the session's first page notes its policy status once (policy.gate)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("audit-trail"), params).status_code == 200
    # Transaction control (BEGIN, COMMIT, savepoints) is not counted as a query.
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(control)]
    assert len(statements) <= 8, "\n".join(statements)


def test_export_streams_the_filtered_trail_as_csv_and_is_audited(
    client, manager, worker, applicant, consent, profile, start
):
    start(worker, applicant, profile)
    start(worker, applicant, profile)
    client.force_login(manager)
    response = client.get(reverse("audit-export"), {"applicant": applicant.pk})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["seq", "at", "actor_username", "action"]
    assert {row[7] for row in rows[1:]} == {str(applicant.pk)}
    assert {"check_started", "check_refused"} <= {row[3] for row in rows[1:]}
    export = AuditEvent.objects.get(action=Action.EXPORT)
    assert export.actor == manager and export.data["filters"] == {"applicant": str(applicant.pk)}


def test_export_neutralises_spreadsheet_formulas(client, auditor):
    audit_record(actor=None, action=Action.OTHER, record_type="test", summary='=HYPERLINK("http://x")')
    client.force_login(auditor)
    body = b"".join(client.get(reverse("audit-export")).streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_date_filters_select_entries_by_when_they_were_written(client, admin_user):
    import datetime

    from django.utils import timezone

    entries(3)
    client.force_login(admin_user)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    yesterday = today - datetime.timedelta(days=1)

    def boxes(name, day):  # the GOV.UK date input's three boxes
        return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}

    trail = reverse("audit-trail")
    seqs = {r.seq for r in client.get(trail, {**boxes("since", today), **boxes("until", today)}).context["page"].rows}
    assert {1, 2, 3} <= seqs
    assert client.get(trail, boxes("since", tomorrow)).context["page"].rows == []
    assert client.get(trail, boxes("until", yesterday)).context["page"].rows == []


def test_the_household_filter_asks_no_query_of_its_own(client, admin_user):
    """The reference is looked up inside the page's query, not by a query before it."""
    household = HouseholdFactory(reference="ROI-X")
    entries(5, obj=household)
    client.force_login(admin_user)
    client.get(reverse("audit-trail"))  # the session's first page notes its policy status once (policy.gate)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("audit-trail"), {"household": "roi-x"})
    assert response.status_code == 200
    assert {r.household_id for r in response.context["page"].rows} == {household.pk}
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in selects if sql.partition(" FROM ")[2].startswith('"cases_household"')]
