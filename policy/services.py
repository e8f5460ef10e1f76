from django.db.models import Subquery

from .models import PolicyAcknowledgement, PolicyVersion


def has_accepted_current_policy(user) -> bool:
    """One query. With no policy published nothing can be accepted, so nobody may check."""
    current = PolicyVersion.objects.published().values("pk")[:1]
    return PolicyAcknowledgement.objects.filter(user=user, policy_version=Subquery(current)).exists()


def acknowledge_current_policy(*, user) -> PolicyAcknowledgement | None:
    current = PolicyVersion.objects.current()
    if current is None:
        return None
    acknowledgement, _ = PolicyAcknowledgement.objects.get_or_create(user=user, policy_version=current)
    return acknowledgement
