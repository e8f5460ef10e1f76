from django.dispatch import receiver

from t4c_socialcheck.housekeeping import prune_working_copies

from .models import Submission


@receiver(prune_working_copies)
def prune_form_tokens(sender, *, cutoff, now, **kwargs) -> dict[str, int]:
    """A form's double-submit token points at the page its record went to."""
    return {"form tokens": Submission.objects.filter(created_at__lt=cutoff).delete()[0]}
