"""Appending to the chain: on PostgreSQL the database stamps time and sequence
and hashes; the result must be exactly what Python's verification expects."""

import threading

import pytest
from django.db import connection

from audit import chain
from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import verify_audit
from tests.conftest import postgres_only

CONTENTS = [
    {"action": "view", "at": "2026-01-01T00:00:00.000001+00:00", "seq": 7, "summary": "plain"},
    {
        "action": "create",
        "actor_id": None,
        "at": "x",
        "data": {"seq": 0, "at": "nested", "changes": {"purpose": [None, 'a "quoted", value']}},
        "remote_addr": None,
        "seq": 12345678901,
        "summary": "Café ☕ — ünïcode",
        "team_id": 3,
    },
    {"seq": 1},
    {"at": "only", "seq": 2, "zzz": [1, 2, {"b": 1, "a": 2}]},
]


@pytest.mark.parametrize("content", CONTENTS)
def test_filling_the_holes_gives_the_canonical_json(content):
    holes = tuple(key for key in ("at", "seq") if key in content)
    parts = chain.canonical_json_parts(content, holes)
    assert len(parts) == len(holes) + 1
    filled = parts[0]
    for key, part in zip(holes, parts[1:], strict=True):
        filled += chain.canonical_json(content[key]) + part
    assert filled == chain.canonical_json(content)


def test_text_that_looks_like_a_hole_is_only_text():
    content = {"at": None, "seq": None, "summary": '"a" "b"', "data": {"at": "x", "seq": "y"}}
    parts = chain.canonical_json_parts(content, ("at", "seq"))
    assert parts[0] + "1" + parts[1] + "2" + parts[2] == chain.canonical_json({**content, "at": 1, "seq": 2})


@pytest.mark.django_db
def test_appended_entries_hash_as_python_computes_and_time_follows_sequence():
    for i in range(5):
        audit_record(
            actor=None,
            action="other",
            record_type="test",
            record_id=i,
            summary=f"entry {i} – ünïcode",
            data={"seq": i, "nested": {"b": [1, 2], "a": "x"}},
            remote_addr="2001:db8::1" if i % 2 else "192.0.2.1",
        )
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == chain.GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.row_hash
        assert after.at >= before.at
    for event in events:
        assert chain.content_hash(event) == event.content_hash
        assert chain.link_hash(event.prev_hash, event.content_hash) == event.row_hash
    assert verify_audit().ok


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_appends_make_one_unbroken_chain_in_time_order():
    barrier = threading.Barrier(16)
    errors = []

    def append(n):
        try:
            barrier.wait(timeout=30)
            for i in range(5):
                audit_record(actor=None, action="other", record_type="test", record_id=f"{n}-{i}", summary="race")
        except Exception as error:  # asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, 81))
    assert all(a.at <= b.at for a, b in zip(events, events[1:], strict=False))
    report = verify_audit()
    assert report.ok, report.problems
