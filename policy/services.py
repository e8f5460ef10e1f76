from .models import PolicyAcknowledgement, PolicyVersion


def has_accepted_current_policy(user) -> bool:
    current = PolicyVersion.objects.current()
    if current is None:
        # No policy published yet: nothing can be accepted, so nobody may check.
        return False
    return PolicyAcknowledgement.objects.filter(user=user, policy_version=current).exists()


def acknowledge_current_policy(*, user) -> PolicyAcknowledgement | None:
    current = PolicyVersion.objects.current()
    if current is None:
        return None
    acknowledgement, _ = PolicyAcknowledgement.objects.get_or_create(user=user, policy_version=current)
    return acknowledgement
