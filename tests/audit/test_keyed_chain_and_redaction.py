"""Issue #14 point 3: redaction cannot hide tampering, the chain is keyed, checkpoints
name their database, and verification can start at the last good checkpoint."""

import hashlib
import hmac
import json
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit import chain
from audit.checkpoint import write_checkpoint
from audit.models import AuditEvent
from audit.redaction import redact_events
from audit.verify import verify_audit
from tests.audit.test_tamper_evidence import make_trail, raw
from tests.conftest import postgres_only

pytestmark = pytest.mark.django_db
BLANK = "summary = %s, data = '{}', remote_addr = NULL, actor_username = ''"


def redaction_flag_by_hand():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('socialcheck.redaction', 'on', true)")


def problems(**kwargs):
    return verify_audit(**kwargs).problems


@postgres_only
def test_the_redaction_flag_set_by_hand_cannot_change_the_actor(worker):
    make_trail(3)
    with pytest.raises(DatabaseError), transaction.atomic():
        redaction_flag_by_hand()
        AuditEvent.objects.filter(seq=2).update(**chain.REDACTED_VALUES, actor_id=worker.pk, redacted_at=timezone.now())


@postgres_only
def test_the_redaction_flag_set_by_hand_can_only_blank_content():
    make_trail(3)
    with pytest.raises(DatabaseError), transaction.atomic():
        redaction_flag_by_hand()
        AuditEvent.objects.filter(seq=2).update(summary="nothing happened here", redacted_at=timezone.now())


def test_blanking_an_entry_without_a_redaction_entry_fails_verification_even_from_a_checkpoint():
    make_trail(5)
    write_checkpoint()
    with transaction.atomic():
        redaction_flag_by_hand()  # what the trigger allows: blanks, with the flag on PostgreSQL
        AuditEvent.objects.filter(seq=3).update(**chain.REDACTED_VALUES, redacted_at=timezone.now())
    assert "entry 3 is redacted, but no redaction entry records it" in problems(full=True)
    assert any("run verify_audit --full to name them" in p for p in problems())


def test_redaction_writes_a_chained_entry_per_row_naming_the_rule(worker):
    make_trail(4)
    ids = list(AuditEvent.objects.filter(seq__in=[2, 4]).values_list("pk", flat=True))
    assert redact_events(ids, rule="retention: checks of households withdrawn, 24 months", actor=worker) == 2
    entries = AuditEvent.objects.filter(action="redact").order_by("seq")
    assert [e.record_id for e in entries] == ["2", "4"]
    assert entries[0].data["rule"] == "retention: checks of households withdrawn, 24 months"
    assert entries[0].data["columns"] == list(chain.REDACTABLE_FIELDS) and entries[0].actor == worker
    assert redact_events(ids, rule="again") == 0  # already redacted: nothing more recorded
    assert verify_audit(full=True).ok
    write_checkpoint()
    assert verify_audit().ok


def test_a_redacted_rows_hash_still_covers_its_actor_time_and_object(worker):
    make_trail(4)
    redact_events(AuditEvent.objects.filter(seq=3).values_list("pk", flat=True), rule="test")
    raw("UPDATE audit_auditevent SET actor_id = %s WHERE seq = 3", [worker.pk])
    assert problems(full=True)[0] == "first broken link: entry 3: its hash does not match its content, link and frame"


def test_a_hash_recomputed_without_the_key_does_not_verify():
    make_trail(3)
    head = AuditEvent.objects.order_by("-seq").first()
    head.summary = "nothing to see"
    plain = chain.content_hash(head)  # plain SHA-256, as anyone with the table can compute
    raw(
        "UPDATE audit_auditevent SET summary = %s, content_hash = %s, row_hash = %s WHERE seq = %s",
        [head.summary, plain, chain.link_hash(head.prev_hash, plain), head.seq],
    )
    assert problems(full=True)[0].startswith(f"first broken link: entry {head.seq}: ")
    guessed = hmac.new(b"a guessed key", head.summary.encode(), hashlib.sha256).hexdigest()
    raw("UPDATE audit_auditevent SET content_hash = %s WHERE seq = %s", [guessed, head.seq])
    assert not verify_audit(full=True).ok


def test_entries_written_before_the_switch_over_verify_as_they_are():
    """An old (unkeyed) chain, one entry of it redacted the old way; then the first keyed append."""
    prev, rows = chain.GENESIS, []
    for seq in (1, 2, 3):
        event = AuditEvent(seq=seq, at=timezone.now(), action="other", record_type="old", summary=f"old {seq}")
        event.prev_hash, event.content_hash = prev, chain.content_hash(event)
        event.row_hash = prev = chain.link_hash(prev, event.content_hash)
        rows.append(event)
    rows[1].redacted_at = timezone.now()
    for name, value in chain.REDACTED_VALUES.items():
        setattr(rows[1], name, value)
    AuditEvent.objects.bulk_create(rows)
    make_trail(2)
    switch = AuditEvent.objects.get(action=chain.SWITCH_OVER_ACTION)
    assert switch.seq == 4 and switch.data["legacy_redacted"]["count"] == 1
    assert verify_audit(full=True).ok
    write_checkpoint()
    assert verify_audit().ok
    # An old entry blanked by hand afterwards is not one the switch-over recorded.
    raw(
        f"UPDATE audit_auditevent SET {BLANK}, redacted_at = %s WHERE seq = 3", [chain.REDACTED_SUMMARY, timezone.now()]
    )
    assert any("redacted without a redaction entry" in p for p in problems(full=True))


def test_sqlite_and_postgres_refuse_deleting_an_entry():
    make_trail(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()


def test_a_checkpoint_of_another_database_is_foreign_not_a_bad_signature(settings):
    make_trail(3)
    path = Path(settings.AUDIT_CHECKPOINT_DIR) / "checkpoints.jsonl"
    path.parent.mkdir(parents=True)
    body = {"seq": 9, "head_hash": "f" * 64, "count": 9, "at": "2026-01-01T00:00:00+00:00"}
    other = {**body, "database": "postgresql:1234/a_copy", "keyed_from": 1}
    signature = hmac.new(b"another deployment's key", chain.canonical_json(other).encode(), hashlib.sha256)
    path.write_text(json.dumps({**other, "signature": signature.hexdigest()}) + "\n")
    with path.open("a") as handle:  # written before checkpoints named their database
        handle.write(json.dumps({**body, "signature": "0" * 64}) + "\n")
    report = verify_audit()
    assert report.ok, report.problems
    assert any("another database (postgresql:1234/a_copy)" in note for note in report.notes)
    assert any("another database (no database named)" in note for note in report.notes)
    write_checkpoint()  # this database's own checkpoint is used
    assert verify_audit().started_after == AuditEvent.objects.count()


def test_the_suite_never_reads_the_checkouts_checkpoint_directory(settings):
    assert not Path(settings.AUDIT_CHECKPOINT_DIR).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())


def test_verification_starts_at_the_last_good_checkpoint():
    make_trail(20)
    checkpoint = write_checkpoint()
    make_trail(5)
    report = verify_audit()
    assert report.ok, report.problems
    assert (report.started_after, report.rows_read, report.entries) == (checkpoint.seq, 5, checkpoint.seq + 5)
    assert verify_audit(full=True).rows_read == checkpoint.seq + 5
    # Before the checkpoint: not read again; the full walk finds it.
    raw("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = 3")
    assert verify_audit().ok
    assert problems(full=True)[0] == "first broken link: entry 3: its content was changed after it was written"
    # At the checkpoint: its head hash catches it.
    raw("UPDATE audit_auditevent SET row_hash = %s WHERE seq = %s", ["e" * 64, checkpoint.seq])
    assert any("the chain was rewritten" in p for p in problems())
    raw("UPDATE audit_auditevent SET row_hash = %s WHERE seq = %s", [checkpoint.head_hash, checkpoint.seq])
    # After it: the incremental walk catches it.
    raw("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = %s", [checkpoint.seq + 2])
    assert problems()[0].startswith(f"first broken link: entry {checkpoint.seq + 2}: its content was changed")
