"""The one documented way to remove personal data from the audit trail.

Retention calls `redact_events`: each entry keeps its sequence, hashes and
links (so `verify_audit` still passes) and loses its summary, data, IP and
user name. On PostgreSQL the trigger allows this only while the transaction
has set `socialcheck.redaction`; every run is itself recorded in the trail.
"""

from django.db import connection, transaction
from django.utils import timezone

from .models import Action, AuditEvent
from .services import audit_record

REDACTED = "[redacted under the retention policy]"


@transaction.atomic
def redact_events(event_ids, *, reason: str, actor=None) -> int:
    ids = list(event_ids)
    if not ids:
        return 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('socialcheck.redaction', 'on', true)")
    redacted = AuditEvent.objects.filter(pk__in=ids, redacted_at__isnull=True).update(
        summary=REDACTED, data={}, remote_addr=None, actor_username="", redacted_at=timezone.now()
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('socialcheck.redaction', 'off', true)")
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        record_type="audit_trail",
        summary=f"Redacted {redacted} audit entries: {reason}"[:300],
        data={"redacted": redacted, "reason": reason},
    )
    return redacted
