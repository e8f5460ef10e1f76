from django.dispatch import receiver

from t4c_socialcheck.housekeeping import prune_working_copies

from .models import Notification


@receiver(prune_working_copies)
def prune_sent_emails(sender, *, cutoff, now, **kwargs) -> dict[str, int]:
    """Sent emails name applicants; unsent ones are alerts still on their way and stay."""
    return {"sent emails": Notification.objects.filter(sent_at__lt=cutoff).delete()[0]}
