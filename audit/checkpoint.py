"""Signed checkpoints of the chain head, kept outside the database.

A chain alone cannot show that its newest entries were deleted or that the
whole chain was rewritten. Beat writes a checkpoint every hour, empty periods
included: sequence, head hash, count, time, the seq the chain is keyed from,
and the database it describes (PostgreSQL: the cluster's system identifier and
the database name; SQLite: the file), signed (HMAC-SHA256) with a key the
database does not hold. `verify_audit` then fails when the database is behind
the last checkpoint or has diverged from it, and verifies onwards from it.
A checkpoint naming another database (a copy, a test run) is foreign: reported,
never taken for a bad signature of this one.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .chain import GENESIS, SWITCH_OVER_ACTION, canonical_json
from .models import AuditEvent


def _key() -> bytes:
    return settings.AUDIT_CHECKPOINT_KEY.encode("utf-8")


def _path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / "checkpoints.jsonl"


def _sign(body: dict) -> str:
    return hmac.new(_key(), canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()


def database_identity() -> str:
    """Which database this is, as checkpoints name it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT system_identifier::text, current_database() FROM pg_control_system()")
            system_identifier, name = cursor.fetchone()
        return f"postgresql:{system_identifier}/{name}"
    name = str(connection.settings_dict["NAME"])
    return f"{connection.vendor}:{name if name.startswith(('file:', ':memory:')) else Path(name).resolve()}"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head_hash: str
    count: int
    at: str
    database: str = ""
    keyed_from: int | None = None


def write_checkpoint() -> Checkpoint:
    head = AuditEvent.objects.order_by("-seq").only("seq", "row_hash").first()
    switch = AuditEvent.objects.filter(action=SWITCH_OVER_ACTION).order_by("seq").values_list("seq", flat=True)
    body = {
        "seq": head.seq if head else 0,
        "head_hash": head.row_hash if head else GENESIS,
        "count": AuditEvent.objects.count(),
        "at": timezone.now().isoformat(),
        "database": database_identity(),
        "keyed_from": switch.first(),
    }
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**body, "signature": _sign(body)}) + "\n")
        handle.flush()
    return Checkpoint(**body)


class CheckpointError(Exception):
    pass


@dataclass
class CheckpointReading:
    newest: Checkpoint | None = None  # the newest checkpoint of this database with a good signature
    problems: list = None  # lines of this database that fail their signature or cannot be read
    notes: list = None  # foreign lines, and lines that name no database

    def __post_init__(self):
        self.problems, self.notes = self.problems or [], self.notes or []


def read_checkpoints() -> CheckpointReading:
    """Every checkpoint line, sorted into good ones of this database, bad ones, and foreign ones."""
    reading, path = CheckpointReading(), _path()
    if not path.exists():
        return reading
    this_database, foreign = database_identity(), {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            signature = record.pop("signature")
            checkpoint = Checkpoint(**record)
            hash(checkpoint)  # TypeError: a field holds a list or an object, as no written checkpoint does
            signed = hmac.compare_digest(signature, _sign(record))  # TypeError: the signature is not hex text
        except (ValueError, KeyError, TypeError, AttributeError):  # AttributeError: the line is not an object
            reading.problems.append(f"checkpoint line {number} is not readable")
            continue
        if checkpoint.database != this_database:
            foreign.setdefault(checkpoint.database or "no database named", []).append(number)
        elif not signed:
            reading.problems.append(f"checkpoint line {number} has a bad signature")
        else:
            reading.newest = checkpoint
    for database, numbers in foreign.items():
        reading.notes.append(
            f"{len(numbers)} checkpoint(s) in {path} describe another database ({database}), not this one"
            f" ({this_database}): ignored as foreign (lines {numbers[0]}–{numbers[-1]})"
        )
    return reading


def last_checkpoint() -> Checkpoint | None:
    """The newest good checkpoint of this database; CheckpointError if any line of this database is bad."""
    reading = read_checkpoints()
    if reading.problems:
        raise CheckpointError(reading.problems[0])
    return reading.newest
