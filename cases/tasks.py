from celery import shared_task


@shared_task
def notify_overdue_cases_daily() -> int:
    """Daily (beat): see cases.reminders."""
    from .reminders import notify_overdue_cases

    return notify_overdue_cases()


@shared_task
def remind_needs_reviews_daily() -> int:
    """Daily (beat): see cases.reminders.remind_needs_reviews."""
    from .reminders import remind_needs_reviews

    return remind_needs_reviews()
