from celery import shared_task

from .checkpoint import write_checkpoint
from .verify import verify_audit


@shared_task
def write_audit_checkpoint() -> int:
    return write_checkpoint().seq


@shared_task
def verify_audit_chain() -> bool:
    """Daily: verify the trail and alert the admins at once if it fails."""
    from accounts.models import Role, User
    from notifications.services import notification_queue

    report = verify_audit()
    if not report.ok:
        admins = list(
            User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email="").values_list("email", flat=True)
        )
        notification_queue(
            kind="audit_verification_failed",
            subject="Audit trail verification failed",
            body="verify_audit found:\n\n" + "\n".join(f"- {p}" for p in report.problems),
            recipients=admins,
            about="audit",
        )
    return report.ok
