"""Issue #23 point 5: verify_audit reads the chain in keyset batches and recomputes its hashes
in one pass (audit.chain.WalkHashes); the answer is the same as reading it in one piece, and a
break is found wherever it falls relative to the batches."""

import hashlib
import hmac

import pytest

from audit import chain, verify
from audit.checkpoint import write_checkpoint
from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import verify_audit
from tests.audit.test_tamper_evidence import make_trail, raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def batches_of_four(monkeypatch):
    monkeypatch.setattr(verify, "BATCH", 4)


def test_a_trail_read_in_small_batches_gives_the_report_of_one_batch(monkeypatch):
    make_trail(13)  # with the switch-over entry: 14 entries, so batches of 4 end mid-way
    whole = verify_audit(full=True)
    monkeypatch.setattr(verify, "BATCH", 4)
    batched = verify_audit(full=True)
    assert batched.ok and whole.ok, batched.problems
    assert (batched.entries, batched.rows_read, batched.head_hash) == (14, 14, whole.head_hash)
    assert batched.head_hash == AuditEvent.objects.order_by("-seq").first().row_hash


@pytest.mark.parametrize("seq", [4, 5, 11, 14])  # the last of a batch, the first of the next, a later one, the head
def test_an_edit_in_a_later_batch_is_named(batches_of_four, seq):
    make_trail(13)
    raw("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = %s", [seq])
    report = verify_audit(full=True)
    assert report.problems[0] == f"first broken link: entry {seq}: its content was changed after it was written"
    assert report.rows_read == seq  # the walk stops at the break


def test_an_entry_deleted_at_a_batch_boundary_is_named(batches_of_four):
    make_trail(13)
    raw("DELETE FROM audit_auditevent WHERE seq = 9")  # the first entry of the third batch
    assert verify_audit(full=True).problems[0] == "first broken link: entry 10: expected entry 9 next, found 10"


def test_a_relinked_entry_at_a_batch_boundary_is_named(batches_of_four):
    make_trail(13)
    raw("UPDATE audit_auditevent SET prev_hash = %s WHERE seq = 5", ["f" * 64])
    assert verify_audit(full=True).problems[0] == "first broken link: entry 5: does not link to the entry before it"


def test_from_a_checkpoint_an_edit_batches_later_is_named(batches_of_four):
    make_trail(6)
    checkpoint = write_checkpoint()
    make_trail(10)
    assert verify_audit().ok
    raw("UPDATE audit_auditevent SET record_type = 'other' WHERE seq = %s", [checkpoint.seq + 9])
    report = verify_audit()
    assert report.started_after == checkpoint.seq
    assert report.problems[0] == (
        f"first broken link: entry {checkpoint.seq + 9}: its hash does not match its content, link and frame"
    )


def test_the_walks_hashes_are_the_append_paths_hashes():
    """Content JSON writes awkwardly (quotes, backslashes, control characters, non-ASCII, nested data)
    hashes the same on the walk as when it was appended, whether read as a model or as the walk's rows."""
    for summary, data in [
        ('a "quoted" \\ back\\slash', {"b": [1, 2.5, None, True], "a": {"z": "é", "y": "\n\t"}}),
        ("Zoë’s record\u2028line", {"record_sha256": "ab" * 32, "ünïcode": "☃"}),
        ("", {}),
    ]:
        audit_record(actor=None, action="other", record_type="test", record_id='x"y', summary=summary, data=data)
    report = verify_audit(full=True)
    assert report.ok and report.entries == 4, report.problems
    hashes = chain.WalkHashes()
    for event in AuditEvent.objects.order_by("seq"):
        for remote_addr in (None, "192.0.2.7", "2001:db8::1"):
            event.remote_addr = remote_addr
            assert hashes.keyed_content_hash(event) == chain.keyed_content_hash(event)
            assert hashes.keyed_row_hash(event) == chain.keyed_row_hash(event)
            assert hashes.content_hash(event) == chain.content_hash(event)  # the format before the switch-over


@pytest.mark.parametrize("key", ["k", "a" * 63, "b" * 64, "c" * 65, "a longer key: " + "d" * 100, "ключ"])
def test_the_walks_mac_is_hmac_sha256(settings, key):
    settings.AUDIT_CHAIN_KEY = key
    hashes = chain.WalkHashes()
    for text in ("", "x", '{"a":1}', "é" * 300):
        expected = hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()
        assert hashes.mac(text) == expected
