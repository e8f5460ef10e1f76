"""The hash chain behind the audit trail.

content_hash = sha256(canonical JSON of the entry)
row_hash     = sha256(prev_hash + content_hash)

Redacting an entry's personal data (retention) keeps its content_hash, so the
chain still verifies. Appends serialise on the chain head: on PostgreSQL a
transaction-level advisory lock, taken just before the head is read and
released at commit; on SQLite the IMMEDIATE transaction already serialises
writers. `prev_hash` is unique, so a fork is impossible even without the lock.

On PostgreSQL one call to the `audit_append` function (audit migration 0004)
takes the lock, reads the head, hashes and inserts: one round trip instead
of three on every audited write. Python builds the canonical JSON around the
sequence number, which only the database knows; the hashes come out the same
as `content_hash` and `link_hash` compute, and `verify_rows` checks them.
"""

import hashlib
import json
import secrets
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


def canonical_json_parts(content: dict, holes: tuple[str, ...]) -> list[str]:
    """The canonical JSON of `content` in pieces, cut where the values of the
    top-level keys in `holes` go (in key order): filling each hole with the
    JSON of its value gives exactly canonical_json(content).

    One encoding, with a random marker in each hole, cut at the marker: an
    entry's own text cannot hold a marker made after it was written."""
    marker = secrets.token_hex(16)
    present = [key for key in holes if key in content]
    marked = canonical_json({**content, **dict.fromkeys(present, marker)})
    parts = marked.split(canonical_json(marker))
    if len(parts) != len(present) + 1:  # not reachable unless the marker was guessed
        raise ValueError("the content holds the hole marker")
    return parts


def lock_head() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def read_head() -> tuple[int, str]:
    """(seq, row_hash) of the newest entry, or (0, GENESIS) for an empty chain.
    Plain SQL: it runs on every audited write, and the ORM's query building
    cost more than the query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, row_hash FROM audit_auditevent ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(event, before=None) -> None:
    """Give `event` its place at the head of the chain and insert it, in the caller's transaction.

    `before`: (sql, params) of the statement that writes the record the entry is
    about, run first; on PostgreSQL in the same round trip as the append."""
    if connection.vendor == "postgresql":
        _append_in_database(event, before)
    else:
        _append_here(event, before)


def _append_here(event, before=None) -> None:
    if before is not None:
        with connection.cursor() as cursor:
            cursor.execute(*before)
    lock_head()
    event.at = timezone.now()
    head_seq, event.prev_hash = read_head()
    event.seq = head_seq + 1
    event.content_hash = content_hash(event)
    event.row_hash = link_hash(event.prev_hash, event.content_hash)
    event.save(force_insert=True)


# The database fills the holes: the time and the sequence number, both taken
# under the chain's lock so that sequence order is time order.
APPEND_HOLES = ("at", "seq")
APPEND_CALL = "SELECT * FROM audit_append(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::inet)"


def _append_in_database(event, before=None) -> None:
    content = content_of(event)
    before_at, before_seq, after_seq = canonical_json_parts(content, APPEND_HOLES)
    data_field = event._meta.get_field("data")
    # psycopg2 sends both statements as one query; the append's row comes back.
    before_sql, before_params = before or ("", ())
    with connection.cursor() as cursor:
        cursor.execute(
            f"{before_sql}; {APPEND_CALL}" if before_sql else APPEND_CALL,
            [
                *before_params,
                before_at,
                before_seq,
                after_seq,
                event.actor_id,
                event.actor_username,
                event.action,
                event.record_type,
                event.record_id,
                event.household_id,
                event.applicant_id,
                event.team_id,
                event.summary,
                json.dumps(event.data, cls=data_field.encoder),
                event.remote_addr,
            ],
        )
        if cursor.description is None:
            # The statement also carried its transaction's COMMIT (t4c_socialcheck.transactions):
            # its result is the COMMIT's, so the columns the database filled are not read back.
            return
        row = cursor.fetchone()
    event.pk, event.seq, event.at, event.prev_hash, event.content_hash, event.row_hash = row
    event._state.adding = False
    event._state.db = connection.alias


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
