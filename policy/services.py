from django.db.models import Exists, QuerySet, Subquery

from accounts.models import Role
from t4c_socialcheck.errors import AUDITORS_CHANGE_NOTHING, NotPermitted

from .models import PolicyAcknowledgement, PolicyVersion


def current_policy_acceptances(user) -> QuerySet:
    """The user's acceptance of the current version, if any. With no policy
    published nothing can be accepted, so nobody may check."""
    current = PolicyVersion.objects.published().values("pk")[:1]
    return PolicyAcknowledgement.objects.filter(user=user, policy_version=Subquery(current))


def accepted_current_policy(user) -> Exists:
    """The same question as an expression, for a query that asks it alongside others."""
    return Exists(current_policy_acceptances(user))


def has_accepted_current_policy(user) -> bool:
    return current_policy_acceptances(user).exists()


def acknowledge_current_policy(*, user) -> PolicyAcknowledgement | None:
    """Accepting the policy is for those who make checks: auditors read it, and change nothing."""
    if user.role == Role.AUDITOR:
        raise NotPermitted(AUDITORS_CHANGE_NOTHING)
    current = PolicyVersion.objects.current()
    if current is None:
        return None
    acknowledgement, _ = PolicyAcknowledgement.objects.get_or_create(user=user, policy_version=current)
    return acknowledgement
