from celery import shared_task

from .retention import apply_retention


@shared_task
def apply_retention_daily() -> dict:
    """Daily: remove or anonymise what has been kept past its retention period."""
    return apply_retention().counts()
