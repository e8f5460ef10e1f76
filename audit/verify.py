"""Verify the audit trail: the chain, the records it vouches for, and the last checkpoint."""

from dataclasses import dataclass, field

from .chain import verify_rows
from .checkpoint import CheckpointError, last_checkpoint
from .models import AuditEvent
from .record_digest import DIGESTED_MODELS, record_digest


@dataclass
class Report:
    entries: int = 0
    head_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _verify_records(report: Report) -> None:
    """Each check and refusal must still match the digest its chained entry recorded."""
    for model in DIGESTED_MODELS:
        name = model._meta.model_name
        latest: dict[str, str] = {}
        events = (
            AuditEvent.objects.filter(record_type=name, redacted_at__isnull=True)
            .order_by("seq")
            .values_list("record_id", "data")
            .iterator(chunk_size=2000)
        )
        for record_id, data in events:
            digest = (data or {}).get("record_sha256")
            if digest:
                latest[record_id] = digest
        seen = set()
        for row in model.objects.order_by("pk").iterator(chunk_size=2000):
            key = str(row.pk)
            seen.add(key)
            if key not in latest:
                report.problems.append(f"{name} {key} has no entry in the audit trail")
            elif latest[key] != record_digest(row):
                report.problems.append(f"{name} {key} was changed outside the application")
        for key in sorted(set(latest) - seen, key=lambda k: int(k) if k.isdigit() else 0):
            report.problems.append(f"{name} {key} is in the audit trail but was deleted")


def verify_audit() -> Report:
    report = Report()
    rows = AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
    count, head_hash, broken = verify_rows(rows)
    report.entries, report.head_hash = count, head_hash
    if broken is not None:
        report.problems.append(f"first broken link: entry {broken.seq}: {broken.reason}")
    try:
        checkpoint = last_checkpoint()
    except CheckpointError as error:
        report.problems.append(str(error))
        checkpoint = None
    if checkpoint is not None and broken is None:
        at_checkpoint = AuditEvent.objects.filter(seq=checkpoint.seq).values_list("row_hash", flat=True).first()
        if checkpoint.seq and at_checkpoint is None:
            report.problems.append(
                f"the trail ends at entry {count}, behind the checkpoint of {checkpoint.at} at entry {checkpoint.seq}:"
                " its newest entries were deleted"
            )
        elif checkpoint.seq and at_checkpoint != checkpoint.head_hash:
            report.problems.append(
                f"entry {checkpoint.seq} differs from the checkpoint of {checkpoint.at}: the chain was rewritten"
            )
        elif AuditEvent.objects.filter(seq__lte=checkpoint.seq).count() != checkpoint.count:
            report.problems.append(f"the number of entries up to {checkpoint.seq} differs from the checkpoint")
    _verify_records(report)
    return report


def verify_and_alert() -> bool:
    """Verify the trail and alert the admins at once if it fails."""
    from accounts.models import Role, User
    from notifications.services import notify

    report = verify_audit()
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
