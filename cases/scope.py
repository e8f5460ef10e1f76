"""Who may see which households. Every list and lookup of case data starts here."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Role
from accounts.selectors import teams_of

from .models import Applicant, Household


def _unrestricted(user, households: QuerySet) -> QuerySet:
    """A restricted household (governance.Restriction) is seen only by the staff named on it, whatever
    their role: every list, search, export, report, API answer and audit name goes through here."""
    from governance.selectors import hidden_by_restriction  # governance's models build on these

    return households.exclude(hidden_by_restriction(user))


def households_visible_to(user) -> QuerySet:
    """Workers and managers: their teams' households and those allocated to them.
    Auditors read everything; admins configure and read no case records."""
    if not user.is_authenticated or not user.is_active:
        return Household.objects.none()
    if user.role == Role.AUDITOR:
        return _unrestricted(user, Household.objects.all())
    if user.role in (Role.WORKER, Role.MANAGER):
        return _unrestricted(user, Household.objects.filter(Q(team__in=teams_of(user)) | Q(allocated_worker=user)))
    return Household.objects.none()


def applicants_visible_to(user) -> QuerySet:
    return Applicant.objects.filter(household__in=households_visible_to(user).values("pk"))


def acts_on_cases(user) -> bool:
    """Acting (recording consent, profiles, checks) needs an active case-working role."""
    return user.is_authenticated and user.is_active and user.is_case_worker


def household_in_scope(user, household=None) -> Exists:
    """Whether the household (default: the outer query's `household_id`) is in the user's scope."""
    pk = household if household is not None else OuterRef("household_id")
    return Exists(households_visible_to(user).filter(pk=pk))


def can_act_on_household(user, household) -> bool:
    """Acting needs a case-working role and the household in scope."""
    if not acts_on_cases(user):
        return False
    return households_visible_to(user).filter(pk=household.pk).exists()
