from celery import shared_task

from .checkpoint import write_checkpoint
from .verify import verify_and_alert


@shared_task
def write_audit_checkpoint() -> int:
    return write_checkpoint().seq


@shared_task
def verify_audit_chain() -> bool:
    """Daily (beat): see audit.verify.verify_and_alert."""
    return verify_and_alert()
