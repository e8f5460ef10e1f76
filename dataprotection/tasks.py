from celery import shared_task

from .housekeeping import purge_working_copies
from .retention import apply_retention


@shared_task
def apply_retention_daily() -> dict:
    """Daily: remove or anonymise what has been kept past its retention period."""
    return apply_retention().counts()


@shared_task
def purge_working_copies_daily() -> dict:
    """Daily: sent emails and form tokens past their use, and expired sessions."""
    return purge_working_copies()
