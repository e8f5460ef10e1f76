"""Appending to the chain: each entry's hashes are exactly what verification
expects, and simultaneous appends make one unbroken chain in time order."""

import threading

import pytest
from django.db import connection

from audit import chain
from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import verify_audit
from tests.conftest import postgres_only


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
    # The first append to a chain not keyed yet writes the switch-over entry first.
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[0].action == chain.SWITCH_OVER_ACTION and events[0].data["key_id"] == chain.key_id()
    assert events[0].prev_hash == chain.GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.row_hash
        assert after.at >= before.at
    for event in events:
        assert chain.keyed_content_hash(event) == event.content_hash
        assert chain.keyed_row_hash(event) == event.row_hash
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
    assert [e.seq for e in events] == list(range(1, 82))
    assert all(a.at <= b.at for a, b in zip(events, events[1:], strict=False))
    report = verify_audit()
    assert report.ok, report.problems
