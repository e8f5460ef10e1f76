"""Tamper with the trail, its checkpoints and the records it vouches for as someone with database access
would, and see verify_audit (the command, the service, the daily task) name each problem, fail, and tell
the admins."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from audit import chain, verify
from audit.checkpoint import write_checkpoint
from audit.models import AuditEvent
from audit.redaction import redact_events
from audit.tasks import verify_audit_chain
from audit.verify import verify_and_alert, verify_audit
from checks.models import Refusal
from governance.annual import annual_report
from notifications.models import Notification
from tests.audit.test_tamper_evidence import make_trail, raw
from tests.audit.test_verify_in_parts import summary, tamper
from tests.conftest import postgres_only
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def command_fails(capsys, *args):
    """Run the command as an operator would: it must fail; returns what it wrote to stderr."""
    with pytest.raises(CommandError, match=r"Audit trail verification failed \(\d+ problem\(s\)\)"):
        call_command("verify_audit", *args)
    return capsys.readouterr().err.splitlines()


def legacy_chain(n):
    """A chain written before the switch-over (format 1, unkeyed), as an old deployment left it."""
    prev, rows = chain.GENESIS, []
    for seq in range(1, n + 1):
        event = AuditEvent(seq=seq, at=timezone.now(), action="other", record_type="old", summary=f"old {seq}")
        event.prev_hash, event.content_hash = prev, chain.content_hash(event)
        event.row_hash = prev = chain.link_hash(prev, event.content_hash)
        rows.append(event)
    AuditEvent.objects.bulk_create(rows)


def redact(seq, worker=None):
    redact_events(AuditEvent.objects.filter(seq=seq).values_list("pk", flat=True), rule="test", actor=worker)
    return AuditEvent.objects.get(action="redact", record_id=str(seq)).seq


def restore(original):
    """Put back an entry's content from a copy taken before its redaction (a backup) and clear the mark."""
    raw(
        "UPDATE audit_auditevent SET summary = %s, data = %s, actor_username = %s, remote_addr = %s,"
        " redacted_at = NULL WHERE seq = %s",
        [original.summary, json.dumps(original.data), original.actor_username, original.remote_addr, original.seq],
    )


def checkpoint_file(settings):
    return Path(settings.AUDIT_CHECKPOINT_DIR) / "checkpoints.jsonl"


# --- Records the trail vouches for ------------------------------------------------------------------


def forge_refusal_like(refusal):
    columns = ", ".join(f.column for f in Refusal._meta.concrete_fields if not f.primary_key)
    raw(f"INSERT INTO checks_refusal ({columns}) SELECT {columns} FROM checks_refusal WHERE id = %s", [refusal.pk])
    return Refusal.objects.exclude(pk=refusal.pk).get()


def test_a_refusal_inserted_behind_the_apps_back_has_no_entry_in_the_trail(worker, applicant, profile, start, capsys):
    start(worker, applicant, profile)  # refused: no consent
    forged = forge_refusal_like(Refusal.objects.get())
    problems = verify_audit(full=True).problems
    assert problems == [f"refusal {forged.pk} has no entry in the audit trail"]
    assert f"refusal {forged.pk} has no entry in the audit trail" in command_fails(capsys, "--full")


def test_after_a_broken_link_the_records_are_still_compared(worker, applicant, profile, start):
    make_trail(3)
    start(worker, applicant, profile)  # its entry comes after the break: the walk never reaches it
    refusal = Refusal.objects.get()
    raw("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = 2")
    raw("UPDATE checks_refusal SET code = 'NOT_PERMITTED' WHERE id = %s", [refusal.pk])
    for full in (True, False):
        problems = verify_audit(full=full).problems
        assert problems[0] == "first broken link: entry 2: its content was changed after it was written"
        assert f"refusal {refusal.pk} was changed outside the application" in problems


def test_a_refusals_entry_renamed_to_no_number_is_reported_not_a_crash(worker, applicant, profile, start, capsys):
    make_trail(2)
    write_checkpoint()
    start(worker, applicant, profile)
    entry = AuditEvent.objects.get(record_type="refusal")
    refusal = Refusal.objects.get()
    raw("UPDATE audit_auditevent SET record_id = 'x' WHERE seq = %s", [entry.seq])
    expected = f"first broken link: entry {entry.seq}: its hash does not match its content, link and frame"
    assert verify_audit(full=True).problems == [
        expected,
        f"refusal {refusal.pk} has no entry in the audit trail",
        "refusal x is in the audit trail but was deleted",
    ]
    assert verify_audit().problems == [expected, "refusal x is in the audit trail but was deleted"]
    assert expected in command_fails(capsys)


def test_a_refusals_entry_whose_data_is_not_an_object_is_reported_not_a_crash(worker, applicant, profile, start):
    make_trail(2)
    write_checkpoint()
    start(worker, applicant, profile)
    entry = AuditEvent.objects.get(record_type="refusal")
    raw("UPDATE audit_auditevent SET data = '[1]' WHERE seq = %s", [entry.seq])
    expected = f"first broken link: entry {entry.seq}: its content was changed after it was written"
    for full in (True, False):
        assert expected in verify_audit(full=full).problems


# --- The checkpoint ---------------------------------------------------------------------------------


def test_an_entry_deleted_before_the_checkpoint_changes_its_count(capsys):
    make_trail(5)
    checkpoint = write_checkpoint()
    raw("DELETE FROM audit_auditevent WHERE seq = 2")
    problems = verify_audit().problems
    assert problems[0] == f"the number of entries up to {checkpoint.seq} differs from the checkpoint"
    assert problems[1] == "first broken link: entry 3: expected entry 2 next, found 3"  # then walked in full
    err = command_fails(capsys)
    assert f"the number of entries up to {checkpoint.seq} differs from the checkpoint" in err


def test_a_switch_over_entry_relabelled_is_not_where_the_checkpoint_says_the_keyed_chain_starts(capsys):
    make_trail(4)
    checkpoint = write_checkpoint()
    assert checkpoint.keyed_from == 1
    raw("UPDATE audit_auditevent SET action = 'other' WHERE seq = 1")
    problems = verify_audit().problems
    assert problems[0] == ("entry 1, where the checkpoint says the keyed chain starts, is not the switch-over entry")
    assert problems[1].startswith("first broken link: entry 1: ")
    assert problems[0] in command_fails(capsys)


def test_a_switch_over_entry_made_before_a_checkpoint_that_recorded_none_is_named(capsys):
    legacy_chain(3)
    checkpoint = write_checkpoint()
    assert checkpoint.keyed_from is None and checkpoint.seq == 3
    raw("UPDATE audit_auditevent SET action = %s WHERE seq = 2", [chain.SWITCH_OVER_ACTION])
    problems = verify_audit().problems
    assert problems == [
        "a switch-over entry appeared before the checkpoint that recorded none",
        "first broken link: entry 2: the chain is keyed from here with another key than AUDIT_CHAIN_KEY",
    ]
    assert problems[0] in command_fails(capsys)


@pytest.mark.parametrize("data", ["[1]", '"keyed"', "7", "legacy_redacted"])
def test_a_switch_over_entry_whose_data_is_not_an_object_is_reported_not_a_crash(data, settings, capsys):
    make_trail(3)
    write_checkpoint()
    make_trail(1)
    if data == "legacy_redacted":  # the right key id, but what it recorded is not an object
        data = json.dumps({"key_id": chain.key_id(), "legacy_redacted": "none"})
        expected = "first broken link: entry 1: its content was changed after it was written"
    else:
        expected = "first broken link: entry 1: the chain is keyed from here with another key than AUDIT_CHAIN_KEY"
    raw("UPDATE audit_auditevent SET data = %s WHERE seq = 1", [data])
    # The checkpoint relies on what the switch-over entry recorded: it is checked, then the chain walked in full.
    problems = ["entry 1, where the checkpoint says the keyed chain starts, was changed after it was written", expected]
    assert verify_audit().problems == verify_audit(full=True).problems == problems
    assert command_fails(capsys, "--full") == problems
    Path(settings.AUDIT_CHECKPOINT_DIR, "checkpoints.jsonl").unlink()  # with no checkpoint: the walk alone
    assert verify_audit(full=True).problems == [expected]


def test_from_a_checkpoint_an_old_entry_blanked_by_hand_cannot_be_hidden_in_the_switch_over_entry():
    legacy_chain(3)
    make_trail(2)  # the switch-over is entry 4: no entry was redacted before it
    write_checkpoint()
    raw(
        "UPDATE audit_auditevent SET summary = %s, data = '{}', remote_addr = NULL, actor_username = '',"
        " redacted_at = %s WHERE seq = 2",
        [chain.REDACTED_SUMMARY, timezone.now()],
    )
    assert verify_audit().problems == [
        "1 entries are redacted but 0 redactions are recorded: run verify_audit --full to name them"
    ]
    # ... and the switch-over entry, before the checkpoint, made to say that one was.
    switch = AuditEvent.objects.get(seq=4)
    data = {**switch.data, "legacy_redacted": chain.legacy_redacted_digest([2])}
    raw("UPDATE audit_auditevent SET data = %s WHERE seq = 4", [json.dumps(data)])
    assert verify_audit().problems == [
        "entry 4, where the checkpoint says the keyed chain starts, was changed after it was written",
        "first broken link: entry 4: its content was changed after it was written",
    ]


def test_blank_lines_in_the_checkpoint_file_are_skipped(settings):
    make_trail(3)
    write_checkpoint()
    path = checkpoint_file(settings)
    path.write_text("\n   \n" + path.read_text() + "\n\n")
    report = verify_audit()
    assert report.ok, report.problems
    assert report.started_after == AuditEvent.objects.count()


@pytest.mark.parametrize(
    "line",
    [
        '{"seq": 4, "head_hash"',  # cut short
        '{"seq": 4, "head_hash": "x", "count": 4, "at": "now"}',  # no signature
        '{"seq": 4, "signature": "ab", "who": "me"}',  # not a checkpoint's fields
        '["a", "list"]',
        "null",
        '"a string"',
        "42",
        '{"seq": 4, "head_hash": "x", "count": 4, "at": "t", "database": ["a"], "signature": "ab"}',
    ],
)
def test_an_unreadable_checkpoint_line_is_named_not_a_crash(settings, line, capsys):
    make_trail(3)
    write_checkpoint()
    path = checkpoint_file(settings)
    path.write_text(path.read_text() + line + "\n")
    report = verify_audit()
    assert report.problems == ["checkpoint line 2 is not readable"]
    assert report.started_after == AuditEvent.objects.count()  # the good line before it is still used
    assert "checkpoint line 2 is not readable" in command_fails(capsys)


@pytest.mark.parametrize("signature", ["null", "123", '"é"', '["ab"]'])
def test_a_checkpoint_line_of_this_database_with_a_signature_that_is_not_hex_is_named(settings, signature):
    make_trail(3)
    write_checkpoint()
    path = checkpoint_file(settings)
    record = json.loads(path.read_text())
    path.write_text(json.dumps(record)[: -len(json.dumps(record["signature"])) - 1] + f"{signature}}}\n")
    problems = verify_audit().problems
    assert problems and problems[0] in ("checkpoint line 1 is not readable", "checkpoint line 1 has a bad signature")


def test_the_annual_report_vouches_for_no_checkpoint_when_a_line_is_bad(settings):
    make_trail(3)
    checkpoint = write_checkpoint()
    year = timezone.localdate().year
    assert annual_report(None, year)["audit_head"]["checkpoint"]["sequence"] == checkpoint.seq
    path = checkpoint_file(settings)
    path.write_text(path.read_text().replace(f'"count": {checkpoint.count}', f'"count": {checkpoint.count + 1}'))
    assert annual_report(None, year)["audit_head"]["checkpoint"] is None


# --- Redactions -------------------------------------------------------------------------------------


def test_a_redacted_entry_put_back_from_a_backup_is_named(worker, capsys):
    make_trail(4)
    original = AuditEvent.objects.get(seq=3)
    redaction = redact(3, worker)
    restore(original)
    assert AuditEvent.objects.get(seq=3).summary == original.summary != chain.REDACTED_SUMMARY  # it is back
    assert verify_audit(full=True).problems == ["entry 3 is recorded as redacted, but it is not"]
    assert "entry 3 is recorded as redacted, but it is not" in command_fails(capsys, "--full")
    # From a checkpoint before both: walked, and named the same way.
    assert redaction > 3
    assert verify_audit().problems == ["entry 3 is recorded as redacted, but it is not"]


def test_an_entry_before_the_checkpoint_put_back_from_a_backup_is_named(worker, capsys):
    make_trail(4)
    original = AuditEvent.objects.get(seq=3)
    write_checkpoint()
    redact(3, worker)  # the redaction entry comes after the checkpoint, the entry before it
    make_trail(1)
    assert verify_audit().ok
    restore(original)
    problems = verify_audit().problems
    assert "entry 3 is recorded as redacted, but it is not" in problems
    assert "0 entries are redacted but 1 redactions are recorded: run verify_audit --full to name them" in problems
    assert verify_audit(full=True).problems == ["entry 3 is recorded as redacted, but it is not"]
    assert "entry 3 is recorded as redacted, but it is not" in command_fails(capsys)


def test_an_entry_before_the_checkpoint_whose_content_is_put_back_but_still_marked_redacted_is_named(worker):
    make_trail(4)
    original = AuditEvent.objects.get(seq=3)
    checkpoint = write_checkpoint()
    redact(3, worker)
    raw("UPDATE audit_auditevent SET summary = %s WHERE seq = 3", [original.summary])
    assert verify_audit().problems == ["entry 3 is recorded as redacted, but it is not"]
    assert verify_audit().started_after == checkpoint.seq
    assert verify_audit(full=True).problems == [
        "first broken link: entry 3: it is marked redacted but its content was changed, not blanked"
    ]


def test_an_entry_before_the_checkpoint_changed_after_its_redaction_is_named(worker, capsys):
    make_trail(4)
    write_checkpoint()
    redact(3, worker)
    raw("UPDATE audit_auditevent SET actor_id = %s WHERE seq = 3", [worker.pk])
    assert verify_audit().problems == ["entry 3 was changed after its redaction was recorded"]
    assert "entry 3 was changed after its redaction was recorded" in command_fails(capsys)
    assert verify_audit(full=True).problems == [
        "first broken link: entry 3: its hash does not match its content, link and frame"
    ]


def test_a_chain_never_keyed_verifies_in_full_and_an_edit_in_it_is_named():
    legacy_chain(4)
    assert verify_audit(full=True).ok
    raw("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = 3")
    assert verify_audit(full=True).problems == [
        "first broken link: entry 3: its content was changed after it was written"
    ]


# --- The admins are told ----------------------------------------------------------------------------


def test_the_daily_verification_tells_every_active_admin_with_an_email_when_it_fails(admin_user):
    UserFactory(username="gone", role=Role.ADMIN, is_active=False)
    UserFactory(username="no_email", role=Role.ADMIN, email="")
    make_trail(4)
    assert verify_audit_chain.delay().get() is True
    assert not Notification.objects.filter(kind="audit_verification_failed").exists()
    raw("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = 3")
    assert verify_audit_chain.delay().get() is False
    told = Notification.objects.get(kind="audit_verification_failed")
    assert told.recipients == [admin_user.email] and admin_user.email
    assert told.subject == "Audit trail verification failed" and told.about == "audit"
    assert "- first broken link: entry 3: its content was changed after it was written" in told.body


def test_verify_and_alert_from_the_checkpoint_names_what_it_found(admin_user):
    make_trail(5)
    checkpoint = write_checkpoint()
    raw("DELETE FROM audit_auditevent WHERE seq = 2")
    assert verify_and_alert(full=False) is False
    body = Notification.objects.get(kind="audit_verification_failed").body
    assert f"- the number of entries up to {checkpoint.seq} differs from the checkpoint" in body


def test_a_verification_that_cannot_finish_still_tells_the_admins(admin_user, monkeypatch, caplog):
    """Whatever an attacker wrote that the walk did not foresee, a crash is an alert, not silence."""

    def crashes(**kwargs):
        raise ValueError("a value the walk did not foresee")

    monkeypatch.setattr(verify, "verify_audit", crashes)
    assert verify_audit_chain.delay().get() is False
    body = Notification.objects.get(kind="audit_verification_failed").body
    assert "- the verification could not finish (ValueError): see the worker's log" in body
    assert "could not finish" in caplog.text and "a value the walk did not foresee" in caplog.text


# --- Walked in parts (PostgreSQL, committed rows) ---------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_in_parts_a_redacted_entry_put_back_from_a_backup_is_named(joined, worker):
    make_trail(4)
    original = AuditEvent.objects.get(seq=3)
    make_trail(4)
    redact(3, worker)  # its redaction entry is in the second of two parts, entry 3 in the first
    make_trail(4)
    with transaction.atomic():
        restore(original)
    parts = verify_audit(full=True, jobs=2)
    assert parts.problems == ["entry 3 is recorded as redacted, but it is not"]
    assert joined[-1] is not None  # joined: the second part's redaction entry matched nothing in the first
    assert summary(parts) == summary(verify_audit(full=True))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_in_parts_an_old_entry_changed_after_its_redaction_is_named_as_one_walk_finds_it(joined):
    legacy_chain(3)
    make_trail(5)  # the switch-over is entry 4, then 5-9
    redaction = redact(2)  # entry 10: in the second of two parts (1-7, 8-14)
    make_trail(4)
    assert verify_audit(full=True, jobs=2).ok
    # A format 1 entry, once redacted, binds its frame only through the redaction entry's digest.
    tamper("UPDATE audit_auditevent SET record_type = 'checks' WHERE seq = 2")
    parts = verify_audit(full=True, jobs=2)
    assert parts.problems == [
        f"first broken link: entry {redaction}: it records the redaction of entry 2, whose frame has changed since"
    ]
    assert joined[-1] is None  # the parts did not join: walked again in one
    assert summary(parts) == summary(verify_audit(full=True))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_in_parts_a_switch_over_in_a_later_part_carries_what_it_recorded(joined):
    legacy_chain(8)
    make_trail(6)  # the switch-over is entry 9: in the second of two parts (1-8, 9-15)
    assert verify_audit(full=True, jobs=2).ok
    assert joined[-1] is not None and joined[-1].keyed_from == 9
    tamper(
        "UPDATE audit_auditevent SET summary = %s, data = '{}', remote_addr = NULL, actor_username = '',"
        " redacted_at = %s WHERE seq = 3",
        [chain.REDACTED_SUMMARY, timezone.now()],
    )
    parts = verify_audit(full=True, jobs=2)
    assert parts.problems == [
        "entries before the switch-over (entry 9) were redacted without a redaction entry:"
        " 1 such entries now, 0 when the chain was keyed"
    ]
    assert summary(parts) == summary(verify_audit(full=True))
