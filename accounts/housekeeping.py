from django.dispatch import receiver

from t4c_socialcheck.housekeeping import prune_working_copies

from .models import SetupCode


@receiver(prune_working_copies)
def prune_expired_setup_codes(sender, *, cutoff, now, **kwargs) -> dict[str, int]:
    return {"expired set-up codes": SetupCode.objects.filter(expires_at__lt=now).delete()[0]}
