from celery import shared_task


@shared_task
def remind_ico_deadlines() -> int:
    """Hourly (beat): see incidents.reminders."""
    from .reminders import remind_ico_deadlines

    return remind_ico_deadlines()
