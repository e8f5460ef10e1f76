"""Issue #23 point 5: `verify_audit(jobs=N)` walks a long chain in N processes at once, a stretch
each, and joins their walks; the report is the one walk's, and a broken chain is reported exactly
as one walk finds it (a part that breaks, or does not join the one before, means one walk)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from audit import verify
from audit.checkpoint import write_checkpoint
from audit.models import AuditEvent
from audit.redaction import redact_events
from audit.verify import verify_audit
from tests.audit.test_tamper_evidence import make_trail, raw
from tests.conftest import postgres_only

# Other processes read the chain on connections of their own: it must be committed.
pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def tamper(sql, params=()):
    """As raw() does, in one transaction: through a transaction-mode pooler its session setting holds only there."""
    with transaction.atomic():
        raw(sql, params)


def summary(report):
    return (report.ok, report.problems, report.entries, report.rows_read, report.head_hash, report.started_after)


@pytest.mark.parametrize("jobs", [2, 3])
def test_a_chain_walked_in_parts_gives_the_report_of_one_walk(joined, jobs):
    make_trail(13)  # with the switch-over entry: 14 entries
    one = verify_audit(full=True)
    parts = verify_audit(full=True, jobs=jobs)
    assert parts.ok, parts.problems
    assert summary(parts) == summary(one)
    assert joined[-1] is not None and joined[-1].count == 14


# Three parts of 14 entries: 1-5, 6-10, 11-14. Within the first, the last of the first, the first of
# the second and of the third, and the head.
@pytest.mark.parametrize("seq", [3, 5, 6, 11, 14])
def test_an_edit_in_any_part_is_reported_as_one_walk_finds_it(joined, seq):
    make_trail(13)
    tamper("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = %s", [seq])
    one = verify_audit(full=True)
    parts = verify_audit(full=True, jobs=3)
    assert parts.problems[0] == f"first broken link: entry {seq}: its content was changed after it was written"
    assert summary(parts) == summary(one)
    assert joined[-1] is None  # the parts found a break: walked again in one


def test_an_entry_deleted_at_a_parts_boundary_is_reported_as_one_walk_finds_it(joined):
    make_trail(13)
    tamper("DELETE FROM audit_auditevent WHERE seq = 7")  # the last entry of the first of two parts
    parts = verify_audit(full=True, jobs=2)
    assert parts.problems[0] == "first broken link: entry 8: expected entry 7 next, found 8"
    assert summary(parts) == summary(verify_audit(full=True))


def test_a_redaction_recorded_in_a_later_part_joins_the_redacted_entry_of_an_earlier_one(joined, worker):
    make_trail(6)
    redact_events(list(AuditEvent.objects.filter(seq=2).values_list("pk", flat=True)), rule="test", actor=worker)
    make_trail(6)  # the redaction entry is entry 8, in the second of two parts
    parts = verify_audit(full=True, jobs=2)
    assert parts.ok, parts.problems
    assert joined[-1] is not None and not joined[-1].awaiting and not joined[-1].unmatched_entries
    # A redaction entry whose digest no longer matches the frame of the entry it redacted, across parts.
    tamper("UPDATE audit_auditevent SET record_type = 'other' WHERE seq = 2")
    assert summary(verify_audit(full=True, jobs=2)) == summary(verify_audit(full=True))
    assert not verify_audit(full=True, jobs=2).ok


def test_from_a_checkpoint_the_entries_after_it_are_walked_in_parts(joined):
    make_trail(5)
    checkpoint = write_checkpoint()
    make_trail(12)
    report = verify_audit(jobs=2)
    assert report.ok, report.problems
    assert (report.started_after, report.rows_read, report.entries) == (checkpoint.seq, 12, checkpoint.seq + 12)
    assert joined[-1] is not None


def test_a_short_chain_is_walked_in_one(monkeypatch):
    make_trail(5)
    monkeypatch.setattr(verify, "ProcessPoolExecutor", lambda **kw: pytest.fail("split a chain shorter than MIN_PART"))
    monkeypatch.setattr(verify, "MIN_PART", 4)
    assert verify_audit(full=True, jobs=2).ok


def test_the_command_takes_jobs_and_refuses_fewer_than_one(joined, capsys):
    make_trail(9)
    call_command("verify_audit", "--full", "--jobs", "2")
    assert "Audit trail verified in full: 10 entries (10 read)" in capsys.readouterr().out
    assert joined[-1] is not None
    with pytest.raises(CommandError, match="--jobs must be 1 or more"):
        call_command("verify_audit", "--jobs", "0")
