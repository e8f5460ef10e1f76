from celery import shared_task


@shared_task
def remind_ripa() -> int:
    """Daily (beat): see ripa.reminders."""
    from .reminders import remind_ripa

    return remind_ripa()
