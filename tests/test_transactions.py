"""Starting a check opens its transaction in its first statement and commits it in
its last (PostgreSQL): two round trips, never a transaction left open."""

import psycopg2.extensions
import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from audit import services as audit_services
from audit.models import Action, AuditEvent
from checks.models import Refusal, SocialCheck
from notifications import services as notification_services
from notifications.models import Notification
from t4c_socialcheck.transactions import atomic_in_statements
from tests.conftest import in_another_session, postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def sent_statements(queries) -> list[str]:
    """What reached the server: Django also logs the BEGIN and COMMIT it would have sent."""
    return [q["sql"] for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT", "ROLLBACK")]


def idle() -> bool:
    return connection.connection.info.transaction_status == psycopg2.extensions.TRANSACTION_STATUS_IDLE


def test_a_check_is_two_statements_that_carry_their_begin_and_commit(
    worker, applicant, consent, profile, logged_out_view, start
):
    with CaptureQueriesContext(connection) as queries:
        check = start(worker, applicant, profile).social_check
    read, write = sent_statements(queries)[-2:]
    assert read.startswith("BEGIN;") and "FOR UPDATE" in read
    assert write.startswith("INSERT INTO") and "audit_append(" in write and write.endswith("COMMIT")
    assert idle()
    # Committed: another session sees the check and its audit entry at once.
    assert in_another_session(f"SELECT count(*) FROM checks_socialcheck WHERE id = {check.pk}") == 1
    assert in_another_session(f"SELECT count(*) FROM audit_auditevent WHERE action = '{Action.CHECK_STARTED}'") == 1


def test_a_refusal_commits_with_its_notification_which_is_handed_on_after_the_commit(
    worker, teammate, manager, applicant, consent, profile, logged_out_view, start, monkeypatch
):
    start(worker, applicant, profile)
    handed_on = []  # (notification, refusals another session could see at that moment)

    def enqueue(notification_id):
        handed_on.append((notification_id, in_another_session("SELECT count(*) FROM checks_refusal")))

    monkeypatch.setattr(notification_services, "enqueue_delivery", enqueue)
    outcome = start(teammate, applicant, profile)
    assert not outcome.allowed
    assert idle()
    notification = Notification.objects.get(about=f"refusal:{outcome.refusal.pk}")
    assert handed_on == [(notification.pk, 1)]


def test_a_write_that_fails_leaves_nothing_and_no_open_transaction(
    worker, applicant, consent, profile, logged_out_view, start, monkeypatch
):
    real_append = audit_services.chain.append

    def append_that_fails(event, before=None):
        # The check's INSERT and a failing entry, in the one statement that carries the COMMIT.
        real_append(event, (before[0] + "; SELECT 1 / 0", before[1]))

    events = AuditEvent.objects.count()
    monkeypatch.setattr(audit_services.chain, "append", append_that_fails)
    with pytest.raises(DataError, match="division by zero"):
        start(worker, applicant, profile)
    monkeypatch.undo()
    assert idle()
    assert SocialCheck.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert start(worker, applicant, profile).allowed


def test_nothing_may_follow_the_statement_that_committed(worker):
    with (
        pytest.raises(TransactionManagementError),
        atomic_in_statements() as statements,
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE accounts_user SET first_name = 'Committed' WHERE id = %s", [worker.pk])
        statements.commit_with_next_statement()
        cursor.execute("SELECT 1")
        cursor.execute("UPDATE accounts_user SET first_name = 'Never' WHERE id = %s", [worker.pk])
    assert idle()
    worker.refresh_from_db()
    assert worker.first_name == "Committed"


@pytest.mark.parametrize("when", ["at once", "at the commit"])
def test_an_error_rolls_back_everything_before_it(worker, applicant, when):
    household = applicant.household
    with pytest.raises(IntegrityError), atomic_in_statements():
        household.reference = "CHANGED"
        household.save()
        if when == "at once":
            applicant.first_name = None  # NOT NULL
            applicant.save()
        else:
            with connection.cursor() as cursor:  # a foreign key, checked at the commit
                cursor.execute("UPDATE cases_applicant SET household_id = %s WHERE id = %s", [10**9, applicant.pk])
    assert idle()
    household.refresh_from_db()
    assert household.reference != "CHANGED"


def test_inside_a_transaction_it_is_a_savepoint_of_that_transaction(
    worker, applicant, consent, profile, logged_out_view, start
):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert start(worker, applicant, profile).allowed
        transaction.set_rollback(True)
    assert not any(sql.startswith("BEGIN;") or sql.endswith("COMMIT") for sql in sent_statements(queries))
    assert SocialCheck.objects.count() == 0
    assert not Refusal.objects.exists()
