"""The one documented way to remove personal data from the audit trail.

Retention calls `redact_events`: each entry keeps its sequence, hashes, links
and frame (actor, time, action, object) and loses only its content columns
(summary, data, IP and user name), which are blanked. Every redacted entry gets
a chained entry of its own (action `redact`) naming it, the columns blanked,
the retention rule, and a keyed digest of its frame, and `verify_audit` reports
a redacted entry without one. On PostgreSQL the trigger allows the UPDATE only
while the transaction has set `socialcheck.redaction`, and only when it blanks
the content columns and changes nothing else.
"""

from django.db import connection, transaction
from django.utils import timezone

from . import chain
from .models import Action, AuditEvent

REDACTED = chain.REDACTED_SUMMARY


def _set_flag(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('socialcheck.redaction', %s, true)", [value])


@transaction.atomic
def redact_events(event_ids, *, rule: str, actor=None) -> int:
    """Blank the content of these entries under retention rule `rule`; returns how many were redacted."""
    ids = list(event_ids)
    if not ids:
        return 0
    # Under the chain lock: the rows chosen here are exactly the rows redacted and recorded.
    head_seq, head_hash = chain.keyed_head()
    targets = list(AuditEvent.objects.filter(pk__in=ids, redacted_at__isnull=True).order_by("seq"))
    if not targets:
        return 0
    _set_flag("on")
    AuditEvent.objects.filter(pk__in=[t.pk for t in targets]).update(
        **chain.REDACTED_VALUES, redacted_at=timezone.now()
    )
    _set_flag("off")
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    at, entries = timezone.now(), []
    for target in targets:
        head_seq += 1
        entry = AuditEvent(
            seq=head_seq,
            at=at,
            actor=actor_obj,
            actor_username=getattr(actor, "username", "") or "",
            action=Action.REDACT,
            record_type="auditevent",
            record_id=str(target.seq),
            summary=f"Redacted entry {target.seq} ({', '.join(chain.REDACTABLE_FIELDS)}): {rule}"[:300],
            data={
                "seq": target.seq,
                "rule": rule,
                "columns": list(chain.REDACTABLE_FIELDS),
                "frame": chain.frame_digest(target),
            },
            prev_hash=head_hash,
        )
        chain.seal(entry)
        head_hash = entry.row_hash
        entries.append(entry)
    AuditEvent.objects.bulk_create(entries, batch_size=1000)
    return len(targets)
