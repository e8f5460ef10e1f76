from celery import shared_task


@shared_task
def remind_expiring_ripa_authorisations() -> int:
    """Daily (beat): see checks.reminders."""
    from .reminders import remind_expiring_ripa_authorisations

    return remind_expiring_ripa_authorisations()
