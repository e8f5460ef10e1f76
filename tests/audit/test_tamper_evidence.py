"""Tamper with the trail directly in SQL and see verify_audit name each break."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.checkpoint import write_checkpoint
from audit.models import AuditEvent
from audit.redaction import redact_events
from audit.services import audit_record
from audit.verify import verify_audit
from checks.models import Refusal, SocialCheck
from tests.conftest import postgres_only

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.AUDIT_CHECKPOINT_KEY = "test-checkpoint-key"


def make_trail(n=5):
    for i in range(n):
        audit_record(actor=None, action="other", record_type="test", record_id=i, summary=f"entry {i}")


def raw(sql, params=()):
    """Tamper as someone with database access would: around the app, past the triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As a database superuser would: with triggers (and foreign keys) not firing.
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_append_only")
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete")
            cursor.execute("DROP TRIGGER IF EXISTS checks_refusal_append_only")
            cursor.execute("DROP TRIGGER IF EXISTS checks_socialcheck_guard")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def test_an_untouched_trail_verifies(worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    start(worker, applicant, profile)
    write_checkpoint()
    report = verify_audit()
    assert report.ok, report.problems
    assert report.entries == AuditEvent.objects.count()
    call_command("verify_audit")


def test_an_edited_entry_is_named(db):
    make_trail()
    raw("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = 3")
    report = verify_audit()
    assert report.problems[0] == "first broken link: entry 3: its content was changed after it was written"
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_a_deleted_entry_in_the_middle_is_named(db):
    make_trail()
    raw("DELETE FROM audit_auditevent WHERE seq = 2")
    assert verify_audit().problems[0].startswith("first broken link: entry 3: expected entry 2 next")


def test_reordered_entries_are_named(db):
    make_trail()
    raw("UPDATE audit_auditevent SET seq = -1 WHERE seq = 2")
    raw("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
    raw("UPDATE audit_auditevent SET seq = 3 WHERE seq = -1")
    assert verify_audit().problems[0] == "first broken link: entry 2: does not link to the entry before it"


def test_a_truncated_tail_is_caught_by_the_checkpoint(db):
    make_trail()
    write_checkpoint()
    raw("DELETE FROM audit_auditevent WHERE seq >= 4")
    problems = verify_audit().problems
    assert any("its newest entries were deleted" in p for p in problems), problems


def test_a_rewritten_chain_is_caught_by_the_checkpoint(db):
    make_trail()
    write_checkpoint()
    raw("DELETE FROM audit_auditevent")
    make_trail()  # a complete, self-consistent, but different chain
    problems = verify_audit().problems
    assert any("the chain was rewritten" in p for p in problems), problems


def test_empty_periods_still_write_checkpoints(settings, tmp_path):
    first = write_checkpoint()
    second = write_checkpoint()
    assert first.seq == second.seq == 0
    lines = (tmp_path / "checkpoints" / "checkpoints.jsonl").read_text().splitlines()
    assert len(lines) == 2


def test_a_forged_checkpoint_is_refused(tmp_path):
    make_trail()
    write_checkpoint()
    path = tmp_path / "checkpoints" / "checkpoints.jsonl"
    count = AuditEvent.objects.count()
    path.write_text(path.read_text().replace(f'"count": {count}', f'"count": {count - 1}'))
    assert any("bad signature" in p for p in verify_audit().problems)


def test_a_refusal_changed_behind_the_apps_back_is_named(worker, applicant, profile, start):
    start(worker, applicant, profile)  # refused: no consent
    refusal = Refusal.objects.get()
    raw("UPDATE checks_refusal SET code = 'NOT_PERMITTED' WHERE id = %s", [refusal.pk])
    assert f"refusal {refusal.pk} was changed outside the application" in verify_audit().problems


def test_a_deleted_check_is_named(worker, applicant, consent, profile, start):
    check = start(worker, applicant, profile).social_check
    raw("DELETE FROM checks_socialcheck WHERE id = %s", [check.pk])
    assert f"socialcheck {check.pk} is in the audit trail but was deleted" in verify_audit().problems


def test_redaction_removes_personal_content_and_keeps_the_chain_verifiable(worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    write_checkpoint()
    events = AuditEvent.objects.filter(applicant_id=applicant.pk)
    ids = list(events.values_list("pk", flat=True))
    assert redact_events(ids, rule="retention period ended") == len(ids)
    assert not AuditEvent.objects.filter(pk__in=ids, redacted_at__isnull=True).exists()
    assert AuditEvent.objects.filter(pk__in=ids).first().data == {}
    report = verify_audit()
    # Checks vouched for by redacted entries are no longer compared (their content is gone).
    assert [p for p in report.problems if "broken" in p or "checkpoint" in p] == []


def test_the_database_refuses_to_edit_or_delete_the_trail(db):
    make_trail(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(summary="x")


@postgres_only
def test_postgres_refuses_deleting_audit_entries_refusals_and_checks(worker, applicant, consent, profile, start):
    check = start(worker, applicant, profile).social_check
    start(worker, applicant, profile)
    for queryset in (AuditEvent.objects.all(), Refusal.objects.all(), SocialCheck.objects.filter(pk=check.pk)):
        with pytest.raises(DatabaseError), transaction.atomic():
            queryset.delete()


@postgres_only
def test_postgres_refuses_a_redaction_without_the_documented_path(db):
    make_trail(1)
    from django.utils import timezone

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(summary="", redacted_at=timezone.now())
