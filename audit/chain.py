"""The hash chain behind the audit trail.

content_hash = sha256(canonical JSON of the entry)
row_hash     = sha256(prev_hash + content_hash)

Redacting an entry's personal data (retention) keeps its content_hash, so the
chain still verifies. Appends serialise on the chain head: on PostgreSQL a
transaction-level advisory lock (it works behind a transaction-mode pooler),
taken just before the head is read and released at commit; on SQLite the
IMMEDIATE transaction already serialises writers. `prev_hash` is unique, so a
fork is impossible even without the lock.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

GENESIS = "0" * 64
CHAIN_LOCK_KEY = 7_304_115  # arbitrary constant: the advisory lock for the chain head

CONTENT_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "action",
    "record_type",
    "record_id",
    "household_id",
    "applicant_id",
    "team_id",
    "summary",
    "data",
    "remote_addr",
)


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_of(event) -> dict:
    content = {name: getattr(event, name) for name in CONTENT_FIELDS}
    content["at"] = event.at.isoformat(timespec="microseconds") if event.at else None
    return content


def content_hash(event) -> str:
    return hashlib.sha256(canonical_json(content_of(event)).encode("utf-8")).hexdigest()


def link_hash(prev_hash: str, content_hash_value: str) -> str:
    return hashlib.sha256((prev_hash + content_hash_value).encode("ascii")).hexdigest()


def lock_head() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def read_head() -> tuple[int, str]:
    """(seq, row_hash) of the newest entry, or (0, GENESIS) for an empty chain."""
    from .models import AuditEvent

    head = AuditEvent.objects.order_by("-seq").values_list("seq", "row_hash").first()
    return head or (0, GENESIS)


def append(event) -> None:
    """Give `event` its place at the head of the chain and insert it, in the caller's transaction."""
    lock_head()
    event.at = timezone.now()
    head_seq, event.prev_hash = read_head()
    event.seq = head_seq + 1
    event.content_hash = content_hash(event)
    event.row_hash = link_hash(event.prev_hash, event.content_hash)
    event.save(force_insert=True)


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def verify_rows(rows, *, start_prev_hash: str = GENESIS, start_seq: int = 0) -> tuple[int, str, Break | None]:
    """Walk rows in seq order; return (count, head hash, first break or None)."""
    prev_hash, expected_seq, count = start_prev_hash, start_seq + 1, 0
    for event in rows:
        if event.seq != expected_seq:
            return count, prev_hash, Break(event.seq, f"expected entry {expected_seq} next, found {event.seq}")
        if event.prev_hash != prev_hash:
            return count, prev_hash, Break(event.seq, "does not link to the entry before it")
        if event.redacted_at is None and content_hash(event) != event.content_hash:
            return count, prev_hash, Break(event.seq, "its content was changed after it was written")
        if link_hash(event.prev_hash, event.content_hash) != event.row_hash:
            return count, prev_hash, Break(event.seq, "its hash does not match its content and link")
        prev_hash, expected_seq, count = event.row_hash, expected_seq + 1, count + 1
    return count, prev_hash, None
