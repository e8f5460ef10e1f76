"""Verify the audit trail: the chain, its redactions, the records it vouches for, and the last checkpoint.

By default verification starts at the newest good checkpoint of this database:
the entry there must still have the checkpoint's hash and the count up to it
must match, then only the entries after it are walked (in keyset batches).
`full=True` walks the whole chain from the first entry.
"""

import json
import logging
import multiprocessing
from collections import namedtuple
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.db import connection, connections
from django.db.models import TextField
from django.db.models.functions import Cast

from t4c_socialcheck.batches import keyset_rows

from .chain import (
    CONTENT_FIELDS,
    REDACT_ACTION,
    SWITCH_OVER_ACTION,
    Break,
    Walk,
    data_object,
    frame_digest,
    is_blanked,
    keyed_content_hash,
    keyed_row_hash,
    legacy_redacted_digest,
    verify_rows,
)
from .checkpoint import read_checkpoints
from .models import AuditEvent
from .record_digest import DIGESTED_MODELS, record_digest

logger = logging.getLogger(__name__)

BATCH = 5000
# The least number of entries worth a process of their own (`jobs`): below it one walk is quicker.
MIN_PART = 50_000


@dataclass
class Report:
    entries: int = 0
    head_hash: str = ""
    rows_read: int = 0  # entries walked: all of them in full mode, those after the checkpoint otherwise
    started_after: int = 0  # the checkpoint's seq the walk started after (0: from the first entry)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. foreign checkpoints: not failures

    @property
    def ok(self) -> bool:
        return not self.problems


COLUMNS = (*CONTENT_FIELDS, "content_hash", "prev_hash", "row_hash", "redacted_at")


# A walked entry: its columns as named values, not a model instance (building one costs more than hashing it).
Row = namedtuple("Row", COLUMNS)
DATA = COLUMNS.index("data")


def _rows_after(seq: int, report: Report, up_to: int | None = None):
    """The entries after `seq` (up to `up_to`, if given) in seq order, in keyset batches (no
    server-side cursor, no OFFSET). `data` is read as its JSON text and decoded here, as the JSON
    field would decode it: no per-row converter then runs over the other columns."""
    entries = AuditEvent.objects.filter(seq__gt=seq).annotate(data_text=Cast("data", TextField()))
    if up_to is not None:
        entries = entries.filter(seq__lte=up_to)
    columns = tuple("data_text" if name == "data" else name for name in COLUMNS)
    loads, make = json.loads, Row._make
    for values in keyset_rows(entries, *columns, key="seq", size=BATCH):
        report.rows_read += 1
        row = list(values)
        if row[DATA] is not None:
            row[DATA] = loads(row[DATA])
        yield make(row)


class RecordDigests:
    """The newest digest the trail recorded for each evidence row, gathered while the chain is walked
    (one pass over the entries instead of a second scan)."""

    def __init__(self):
        self.types = {model._meta.model_name for model in DIGESTED_MODELS}
        self.latest: dict[str, dict[str, str]] = {name: {} for name in self.types}

    def tap(self, rows):
        for row in rows:
            if row.record_type in self.types and row.redacted_at is None:
                self.note(row.record_type, row.record_id, row.data)
            yield row

    def note(self, record_type: str, record_id: str, data) -> None:
        digest = data_object(data).get("record_sha256")
        if digest:
            self.latest[record_type][record_id] = digest

    def read(self, after_seq: int) -> None:
        """Gather them with a query instead, when the walk stopped early at a broken link."""
        for name in self.types:
            self.latest[name].clear()
            events = (
                AuditEvent.objects.filter(record_type=name, redacted_at__isnull=True, seq__gt=after_seq)
                .order_by("seq")
                .values_list("record_id", "data")
                .iterator(chunk_size=2000)
            )
            for record_id, data in events:
                self.note(name, record_id, data)


@dataclass
class Part:
    """One stretch of the chain, walked by a process of its own: the entries after `after_seq`,
    up to `up_to` (None: to the head), carrying on from `walk`."""

    after_seq: int
    up_to: int | None
    walk: Walk


def walk_part(part: Part) -> tuple[Walk, Break | None, int, dict]:
    """In a process of its own: (the walk where the part ends, its first break, rows read, record digests)."""
    report, digests = Report(), RecordDigests()
    try:
        _, _, broken = verify_rows(digests.tap(_rows_after(part.after_seq, report, part.up_to)), walk=part.walk)
    finally:
        connections.close_all()
    return part.walk, broken, report.rows_read, digests.latest


def _walk_from(seq: int) -> Walk | None:
    """A walk starting after entry `seq`, as one from the first entry would arrive there: linked
    to that entry's hash and knowing the switch-over before it; None if the entry is missing."""
    row_hash = AuditEvent.objects.filter(seq=seq).values_list("row_hash", flat=True).first()
    if row_hash is None:
        return None
    walk = Walk(prev_hash=row_hash, seq=seq)
    switch = AuditEvent.objects.filter(action=SWITCH_OVER_ACTION, seq__lte=seq).order_by("seq")
    switch = switch.values_list("seq", "data").first()
    if switch is not None:
        walk.keyed_from, walk.legacy_redacted = switch[0], data_object(switch[1]).get("legacy_redacted")
        walk.legacy_redacted = walk.legacy_redacted or legacy_redacted_digest([])
    return walk


def _can_split(jobs: int) -> bool:
    """Other processes read what this one committed, each on a connection of its own: PostgreSQL,
    outside a transaction, and not from a daemonic process (a Celery worker's), which may not fork."""
    return (
        jobs > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and not multiprocessing.current_process().daemon
    )


def _merge(whole: Walk, later: Walk, later_start: Walk) -> bool:
    """Carry `whole` on with a later part's walk, as one walk would have gone on; False if they do not join."""
    if (whole.seq, whole.prev_hash) != (later_start.seq, later_start.prev_hash):
        return False
    for redacted_seq, digest in later.unmatched_entries:
        if redacted_seq not in whole.awaiting:
            whole.unmatched_entries.append((redacted_seq, digest))
        elif whole.awaiting.pop(redacted_seq) != digest:
            return False
    whole.awaiting.update(later.awaiting)
    whole.count += later.count
    whole.prev_hash, whole.seq = later.prev_hash, later.seq
    if whole.keyed_from is None:
        whole.keyed_from, whole.legacy_redacted = later.keyed_from, later.legacy_redacted
    return True


def _walk_in_parts(walk: Walk, start_seq: int, jobs: int, report: Report, digests: RecordDigests) -> Walk | None:
    """Walk the entries after `start_seq` in `jobs` processes at once, each a stretch of the chain,
    and join their walks. None if the chain is too short to split or any part breaks or does not
    join the one before: the caller then walks it in one, so a broken chain is always reported
    exactly as one walk finds it."""
    head = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    size = -(-(head - start_seq) // jobs)
    if size < MIN_PART:
        return None
    starts = [start_seq + i * size for i in range(jobs)]
    parts = [Part(start_seq, starts[1], walk)]
    for after_seq, up_to in zip(starts[1:], [*starts[2:], None], strict=True):
        begun = _walk_from(after_seq)
        if begun is None:
            return None
        parts.append(Part(after_seq, up_to, begun))
    connections.close_all()  # the parts' processes are forked: each opens a connection of its own
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(walk_part, parts))
    whole = results[0][0]
    for part, (walked, broken, _, _) in zip(parts, results, strict=True):
        if broken is not None or (part.up_to is not None and walked.seq != part.up_to):
            return None
    for part, (walked, _, _, _) in zip(parts[1:], results[1:], strict=True):
        if not _merge(whole, walked, part.walk):
            return None
    for _, _, rows_read, latest in results:
        report.rows_read += rows_read
        for name, recorded in latest.items():
            digests.latest[name].update(recorded)
    return whole


def _verify_records(report: Report, digests: RecordDigests, after_seq: int = 0) -> None:
    """Each check and refusal must still match the digest its chained entry recorded.
    From a checkpoint, only records with an entry after it are compared."""
    for model in DIGESTED_MODELS:
        name = model._meta.model_name
        latest = digests.latest[name]
        # An entry's record_id that is no number names no row (its entry's hash reports the edit).
        keys = [key for key in latest if key.isdigit()]
        rows = model.objects.filter(pk__in=keys) if after_seq else model.objects.all()
        seen = set()
        for row in rows.order_by("pk").iterator(chunk_size=2000):
            key = str(row.pk)
            seen.add(key)
            if key not in latest:
                report.problems.append(f"{name} {key} has no entry in the audit trail")
            elif latest[key] != record_digest(row):
                report.problems.append(f"{name} {key} was changed outside the application")
        for key in sorted(set(latest) - seen, key=lambda k: int(k) if k.isdigit() else 0):
            report.problems.append(f"{name} {key} is in the audit trail but was deleted")


def _start_at(checkpoint, report: Report) -> Walk | None:
    """A walk continuing from the checkpoint, or None (with the problem reported) if the chain left it."""
    at_checkpoint = AuditEvent.objects.filter(seq=checkpoint.seq).values_list("row_hash", flat=True).first()
    if at_checkpoint is None:
        newest = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        report.problems.append(
            f"the trail ends at entry {newest}, behind the checkpoint of {checkpoint.at} at entry {checkpoint.seq}:"
            " its newest entries were deleted"
        )
        return None
    if at_checkpoint != checkpoint.head_hash:
        report.problems.append(
            f"entry {checkpoint.seq} differs from the checkpoint of {checkpoint.at}: the chain was rewritten"
        )
        return None
    if AuditEvent.objects.filter(seq__lte=checkpoint.seq).count() != checkpoint.count:
        report.problems.append(f"the number of entries up to {checkpoint.seq} differs from the checkpoint")
        return None
    walk = Walk(prev_hash=checkpoint.head_hash, seq=checkpoint.seq, count=checkpoint.count)
    if checkpoint.keyed_from is not None:
        switch = AuditEvent.objects.filter(seq=checkpoint.keyed_from, action=SWITCH_OVER_ACTION).first()
        if switch is None:
            report.problems.append(
                f"entry {checkpoint.keyed_from}, where the checkpoint says the keyed chain starts,"
                " is not the switch-over entry"
            )
            return None
        # What it recorded is relied on below (the count of older redactions): it must be as the chain wrote it.
        changed = switch.redacted_at is None and keyed_content_hash(switch) != switch.content_hash
        if changed or keyed_row_hash(switch) != switch.row_hash:
            report.problems.append(
                f"entry {switch.seq}, where the checkpoint says the keyed chain starts, was changed after it was written"
            )
            return None
        walk.keyed_from, walk.legacy_redacted = switch.seq, switch.data.get("legacy_redacted")
    elif AuditEvent.objects.filter(action=SWITCH_OVER_ACTION, seq__lte=checkpoint.seq).exists():
        report.problems.append("a switch-over entry appeared before the checkpoint that recorded none")
        return None
    return walk


def _check_redactions(walk: Walk, report: Report, *, full: bool, start_seq: int) -> None:
    """Every redacted entry has a chained redaction entry of its own (or was redacted before the switch-over,
    as the switch-over entry recorded), and every redaction entry names a blanked entry whose frame is unchanged."""
    keyed_from = walk.keyed_from or 0
    legacy = sorted(seq for seq in walk.awaiting if seq < keyed_from or not walk.keyed_from)
    for seq in sorted(set(walk.awaiting) - set(legacy)):
        report.problems.append(f"entry {seq} is redacted, but no redaction entry records it")
    entries = [(seq, digest) for seq, digest in walk.unmatched_entries]
    before = {seq: digest for seq, digest in entries if seq <= start_seq}
    for seq, _ in entries:
        if seq > start_seq:
            report.problems.append(f"entry {seq} is recorded as redacted, but it is not")
    for row in AuditEvent.objects.filter(seq__in=list(before)).values_list(*COLUMNS, named=True).iterator(2000):
        if row.redacted_at is None or not is_blanked(row):
            report.problems.append(f"entry {row.seq} is recorded as redacted, but it is not")
        elif frame_digest(row) != before[row.seq]:
            report.problems.append(f"entry {row.seq} was changed after its redaction was recorded")
    if not walk.keyed_from:
        return
    expected = walk.legacy_redacted or legacy_redacted_digest([])
    if full:
        if legacy_redacted_digest(legacy) != expected:
            report.problems.append(
                f"entries before the switch-over (entry {walk.keyed_from}) were redacted without a redaction entry:"
                f" {len(legacy)} such entries now, {expected['count']} when the chain was keyed"
            )
        return
    # From a checkpoint the rows before it are not walked: count them instead (a partial index serves this).
    redacted = AuditEvent.objects.filter(redacted_at__isnull=False).count()
    recorded = AuditEvent.objects.filter(action=REDACT_ACTION, seq__gt=walk.keyed_from).count()
    if redacted != recorded + expected["count"]:
        report.problems.append(
            f"{redacted} entries are redacted but {recorded + expected['count']} redactions are recorded:"
            " run verify_audit --full to name them"
        )


def verify_audit(*, full: bool = False, jobs: int = 1) -> Report:
    """`jobs`: walk a long chain in that many processes at once (PostgreSQL only; see _can_split)."""
    report = Report()
    reading = read_checkpoints()
    report.problems += reading.problems
    report.notes += reading.notes
    checkpoint, walk = reading.newest, None
    if checkpoint is not None and checkpoint.seq:
        walk = _start_at(checkpoint, report)
    if full or walk is None:
        walk, start_seq = Walk(), 0
    else:
        start_seq = report.started_after = checkpoint.seq
    digests = RecordDigests()
    joined = _walk_in_parts(walk, start_seq, jobs, report, digests) if _can_split(jobs) else None
    if joined is None:
        count, head_hash, broken = verify_rows(digests.tap(_rows_after(start_seq, report)), walk=walk)
    else:
        walk, count, head_hash, broken = joined, joined.count, joined.prev_hash, None
    report.entries, report.head_hash = count, head_hash
    if broken is not None:
        report.problems.append(f"first broken link: entry {broken.seq}: {broken.reason}")
        digests.read(start_seq)
    else:
        _check_redactions(walk, report, full=not start_seq, start_seq=start_seq)
    _verify_records(report, digests, after_seq=start_seq)
    return report


def verify_and_alert(*, full: bool = True) -> bool:
    """Verify the trail and alert the admins at once if it fails, or if it cannot finish: a
    verification that crashes on what an attacker wrote must not mean silence."""
    from accounts.models import Role, User
    from notifications.services import notify

    try:
        report = verify_audit(full=full)
    except Exception as error:
        logger.exception("The audit trail's verification could not finish")
        report = Report(problems=[f"the verification could not finish ({type(error).__name__}): see the worker's log"])
    if not report.ok:
        admins = list(
            User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email="").values_list("email", flat=True)
        )
        notify(
            kind="audit_verification_failed",
            template="audit_verification_failed",
            context={"problems": report.problems},
            recipients=admins,
            about="audit",
        )
    return report.ok
