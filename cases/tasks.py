from celery import shared_task


@shared_task
def notify_overdue_cases_daily() -> int:
    """Daily (beat): see cases.reminders."""
    from .reminders import notify_overdue_cases

    return notify_overdue_cases()
