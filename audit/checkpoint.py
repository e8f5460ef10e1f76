"""Signed checkpoints of the chain head, kept outside the database.

A chain alone cannot show that its newest entries were deleted or that the
whole chain was rewritten. Beat writes a checkpoint every hour, empty periods
included: sequence, head hash, count and time, signed (HMAC-SHA256) with a key
the database does not hold. `verify_audit` then fails when the database is
behind the last checkpoint or has diverged from it.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .chain import GENESIS, canonical_json
from .models import AuditEvent


def _key() -> bytes:
    return settings.AUDIT_CHECKPOINT_KEY.encode("utf-8")


def _path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / "checkpoints.jsonl"


def _sign(body: dict) -> str:
    return hmac.new(_key(), canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head_hash: str
    count: int
    at: str


def write_checkpoint() -> Checkpoint:
    head = AuditEvent.objects.order_by("-seq").only("seq", "row_hash").first()
    body = {
        "seq": head.seq if head else 0,
        "head_hash": head.row_hash if head else GENESIS,
        "count": AuditEvent.objects.count(),
        "at": timezone.now().isoformat(),
    }
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**body, "signature": _sign(body)}) + "\n")
        handle.flush()
    return Checkpoint(**body)


class CheckpointError(Exception):
    pass


def last_checkpoint() -> Checkpoint | None:
    """The newest checkpoint, after checking every line's signature."""
    path = _path()
    if not path.exists():
        return None
    newest = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            signature = record.pop("signature")
        except (ValueError, KeyError):
            raise CheckpointError(f"checkpoint line {number} is not readable") from None
        if not hmac.compare_digest(signature, _sign(record)):
            raise CheckpointError(f"checkpoint line {number} has a bad signature")
        newest = Checkpoint(**record)
    return newest
