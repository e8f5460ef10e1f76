"""The hash chain behind the audit trail.

Two formats, told apart by a switch-over entry recorded in the chain itself:

Format 1 (every entry before the switch-over; never rewritten, verified as is):
    content_hash = sha256(canonical JSON of every column)
    row_hash     = sha256(prev_hash + content_hash)

Format 2 (the switch-over entry and every entry after it): keyed with
AUDIT_CHAIN_KEY, which the database does not hold, so the table's owner cannot
recompute a hash after an edit.
    content_hash = HMAC(key, canonical JSON of the CONTENT columns)
    row_hash     = HMAC(key, canonical JSON of {prev_hash, FRAME columns, content_hash})
Redaction (audit.redaction) may blank only the CONTENT columns, so a redacted
row's row_hash still covers its FRAME (actor, time, action, object, sequence).

The first append after a key is configured writes the switch-over entry (action
`chain_format`) at the head, so no migration has to know the key and a fresh or
flushed database starts keyed. Appends serialise on the chain head: on
PostgreSQL a transaction-level advisory lock (it works behind a
transaction-mode pooler), taken just before the head is read and released at
commit; on SQLite the IMMEDIATE transaction already serialises writers.
`prev_hash` is unique, so a fork is impossible even without the lock.
"""

import hashlib
import hmac
import json
import operator
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import Exists
from django.utils import timezone

from t4c_socialcheck.querysets import built_once_per_thread

GENESIS = "0" * 64
CHAIN_LOCK_KEY = 7_304_115  # arbitrary constant: the advisory lock for the chain head
KEYED_FORMAT = 2
SWITCH_OVER_ACTION = "chain_format"
REDACT_ACTION = "redact"

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
# What redaction may blank, and what it leaves (every other column is never changed).
REDACTABLE_FIELDS = ("actor_username", "summary", "data", "remote_addr")
FRAME_FIELDS = tuple(name for name in CONTENT_FIELDS if name not in REDACTABLE_FIELDS)
REDACTED_SUMMARY = "[redacted under the retention policy]"
REDACTED_VALUES = {"actor_username": "", "summary": REDACTED_SUMMARY, "data": {}, "remote_addr": None}


# One encoder for every entry: json.dumps would build a new one per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def canonical_json(value) -> str:
    return _CANONICAL.encode(value)


def _timestamp(at) -> str | None:
    return at.isoformat(timespec="microseconds") if at else None


def _values(event, names) -> dict:
    values = {name: getattr(event, name) for name in names}
    if "at" in values:
        values["at"] = _timestamp(event.at)
    return values


def content_of(event) -> dict:
    return _values(event, CONTENT_FIELDS)


def frame_of(event) -> dict:
    return _values(event, FRAME_FIELDS)


# --- Format 1 (before the switch-over) ------------------------------------------


def content_hash(event) -> str:
    return hashlib.sha256(canonical_json(content_of(event)).encode("utf-8")).hexdigest()


def link_hash(prev_hash: str, content_hash_value: str) -> str:
    return hashlib.sha256((prev_hash + content_hash_value).encode("ascii")).hexdigest()


# --- Format 2 (keyed) ------------------------------------------------------------


@lru_cache(maxsize=4)
def _key_bytes(key: str) -> bytes:
    return key.encode("utf-8")


def _mac(text: str) -> str:
    # hmac.digest is OpenSSL's one-shot HMAC: the same value as hmac.new(...).hexdigest(), at a fraction of the cost.
    return hmac.digest(_key_bytes(settings.AUDIT_CHAIN_KEY), text.encode("utf-8"), "sha256").hex()


def key_id() -> str:
    """Names the configured key without revealing it: the switch-over entry records it."""
    return _mac("t4c-socialcheck audit chain key id")[:16]


def keyed_content_hash(event) -> str:
    return _mac(canonical_json(_values(event, REDACTABLE_FIELDS)))


def row_text(prev_hash: str, frame: dict, content_hash_value: str) -> str:
    """What a format 2 row hash is the MAC of."""
    return canonical_json({"prev_hash": prev_hash, "frame": frame, "content_hash": content_hash_value})


def keyed_row_hash(event, content_hash_value: str | None = None) -> str:
    if content_hash_value is None:
        content_hash_value = event.content_hash
    return _mac(row_text(event.prev_hash, frame_of(event), content_hash_value))


def frame_digest(event) -> str:
    """What a redaction entry records of the row it redacted (format 1 rows bind no frame of their own)."""
    return _mac(canonical_json(frame_of(event)))


def seal(event) -> None:
    """Give an event (seq, at, prev_hash set) its format 2 hashes."""
    event.content_hash = keyed_content_hash(event)
    event.row_hash = keyed_row_hash(event, event.content_hash)


# --- Appending -------------------------------------------------------------------


def lock_head() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def read_head() -> tuple[int, str]:
    """(seq, row_hash) of the newest entry, or (0, GENESIS) for an empty chain."""
    seq, row_hash, _ = read_keyed_head()
    return seq, row_hash


def read_keyed_head() -> tuple[int, str, bool]:
    """(seq, row_hash, keyed) of the newest entry in one query; keyed once a switch-over entry exists."""
    return _head().first() or (0, GENESIS, False)


@built_once_per_thread
def _head():
    from .models import AuditEvent

    switched = Exists(AuditEvent.objects.filter(action=SWITCH_OVER_ACTION))
    return AuditEvent.objects.order_by("-seq").annotate(keyed=switched).values_list("seq", "row_hash", "keyed")


def _switch_over(head_seq: int, head_hash: str):
    """The entry from which the chain is keyed; it records which rows were already redacted before it."""
    from .models import AuditEvent

    redacted = list(AuditEvent.objects.filter(redacted_at__isnull=False).order_by("seq").values_list("seq", flat=True))
    event = AuditEvent(
        seq=head_seq + 1,
        at=timezone.now(),
        actor_username="",
        action=SWITCH_OVER_ACTION,
        record_type="audit_chain",
        summary=f"From this entry the audit chain is keyed (format {KEYED_FORMAT}, HMAC-SHA256)",
        data={
            "format": KEYED_FORMAT,
            "mac": "hmac-sha256",
            "key_id": key_id(),
            "legacy_redacted": legacy_redacted_digest(redacted),
        },
        prev_hash=head_hash,
    )
    seal(event)
    event.save(force_insert=True)
    return event


def legacy_redacted_digest(seqs) -> dict:
    seqs = sorted(seqs)
    return {"count": len(seqs), "sha256": hashlib.sha256(",".join(map(str, seqs)).encode("ascii")).hexdigest()}


def keyed_head() -> tuple[int, str]:
    """Lock the head and return it, writing the switch-over entry first if the chain is not keyed yet."""
    lock_head()
    head_seq, head_hash, keyed = read_keyed_head()
    if not keyed:
        switch = _switch_over(head_seq, head_hash)
        head_seq, head_hash = switch.seq, switch.row_hash
    return head_seq, head_hash


def append(event) -> None:
    """Give `event` its place at the head of the chain and insert it, in the caller's transaction."""
    head_seq, event.prev_hash = keyed_head()
    event.at = timezone.now()
    event.seq = head_seq + 1
    seal(event)
    event.save(force_insert=True)


def append_many(events) -> None:
    """Append several events in order, in the caller's transaction: the head is locked and read once,
    and the rows go in with one INSERT."""
    from .models import AuditEvent

    head_seq, prev_hash = keyed_head()
    for event in events:
        event.at = timezone.now()
        head_seq += 1
        event.seq, event.prev_hash = head_seq, prev_hash
        seal(event)
        prev_hash = event.row_hash
    AuditEvent.objects.bulk_create(events)


# --- Verifying -------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


@dataclass
class Walk:
    """Where a walk along the chain is: what it has checked, and what it still owes."""

    prev_hash: str = GENESIS
    seq: int = 0
    count: int = 0
    keyed_from: int | None = None  # seq of the switch-over entry
    legacy_redacted: dict | None = None  # what the switch-over entry recorded
    # Redacted rows walked (seq -> frame digest) until their redaction entry is walked.
    awaiting: dict = field(default_factory=dict)
    # Redaction entries naming a row this walk had not seen redacted: (seq redacted, frame digest).
    unmatched_entries: list = field(default_factory=list)


def data_object(data) -> dict:
    """An entry's data as the object the app writes; {} if it is none, or was changed into a list or a value."""
    return data if isinstance(data, dict) else {}


def is_blanked(event) -> bool:
    return all(getattr(event, name) == value for name, value in REDACTED_VALUES.items())


class WalkHashes:
    """The hashes a walk recomputes, row after row: the same values as content_hash, keyed_content_hash and
    keyed_row_hash (tests hold them equal), at a fraction of the cost over a million rows:
    the standard library's HMAC-SHA256 keyed once per walk and copied per row (`HMAC.copy`), instead of
    the key being prepared again for every MAC; and each row's columns read in one attrgetter call
    instead of one getattr each."""

    def __init__(self):
        self.keyed = hmac.new(_key_bytes(settings.AUDIT_CHAIN_KEY), digestmod=hashlib.sha256)
        self.content_columns = operator.attrgetter(*CONTENT_FIELDS)
        self.redactable_columns = operator.attrgetter(*REDACTABLE_FIELDS)
        self.frame_columns = operator.attrgetter(*FRAME_FIELDS)

    def mac(self, text: str) -> str:
        """hmac.new(key, text, sha256).hexdigest()"""
        mac = self.keyed.copy()
        mac.update(text.encode("utf-8"))
        return mac.hexdigest()

    def content_hash(self, event) -> str:
        values = dict(zip(CONTENT_FIELDS, self.content_columns(event), strict=True))
        values["at"] = _timestamp(values["at"])
        return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()

    def keyed_content_hash(self, event) -> str:
        return self.mac(canonical_json(dict(zip(REDACTABLE_FIELDS, self.redactable_columns(event), strict=True))))

    def keyed_row_hash(self, event) -> str:
        frame = dict(zip(FRAME_FIELDS, self.frame_columns(event), strict=True))
        frame["at"] = _timestamp(frame["at"])
        return self.mac(row_text(event.prev_hash, frame, event.content_hash))


def _check(event, walk: Walk, hashes: WalkHashes) -> str | None:
    """Why `event` does not continue the walk, or None."""
    if event.seq != walk.seq + 1:
        return f"expected entry {walk.seq + 1} next, found {event.seq}"
    if event.prev_hash != walk.prev_hash:
        return "does not link to the entry before it"
    switching = walk.keyed_from is None and event.action == SWITCH_OVER_ACTION
    if walk.keyed_from is not None or switching:
        if switching and data_object(event.data).get("key_id") != key_id():
            return "the chain is keyed from here with another key than AUDIT_CHAIN_KEY"
        if event.redacted_at is None and hashes.keyed_content_hash(event) != event.content_hash:
            return "its content was changed after it was written"
        if hashes.keyed_row_hash(event) != event.row_hash:
            return "its hash does not match its content, link and frame"
    else:
        if event.redacted_at is None and hashes.content_hash(event) != event.content_hash:
            return "its content was changed after it was written"
        if link_hash(event.prev_hash, event.content_hash) != event.row_hash:
            return "its hash does not match its content and link"
    if event.redacted_at is not None:
        if not is_blanked(event):
            return "it is marked redacted but its content was changed, not blanked"
        walk.awaiting[event.seq] = frame_digest(event)
    if switching:
        walk.keyed_from = event.seq
        walk.legacy_redacted = (event.data or {}).get("legacy_redacted") or legacy_redacted_digest([])
    if walk.keyed_from is not None and event.action == REDACT_ACTION and event.redacted_at is None:
        redacted_seq, digest = int(event.record_id), (event.data or {}).get("frame")
        if redacted_seq not in walk.awaiting:
            walk.unmatched_entries.append((redacted_seq, digest))
        elif walk.awaiting.pop(redacted_seq) != digest:
            return f"it records the redaction of entry {redacted_seq}, whose frame has changed since"
    return None


def verify_rows(rows, *, walk: Walk | None = None) -> tuple[int, str, Break | None]:
    """Walk rows in seq order; return (count, head hash, first break or None). `walk` carries on from a checkpoint."""
    walk = walk if walk is not None else Walk()
    hashes = WalkHashes()
    for event in rows:
        reason = _check(event, walk, hashes)
        if reason is not None:
            return walk.count, walk.prev_hash, Break(event.seq, reason)
        walk.prev_hash, walk.seq, walk.count = event.row_hash, event.seq, walk.count + 1
    return walk.count, walk.prev_hash, None
