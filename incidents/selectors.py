from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.selectors import teams_of

from .models import Incident


def incidents_visible_to(user) -> QuerySet:
    """Reporters see their own; managers their teams'; admins and auditors all; never one about
    a household restricted to others (governance)."""
    from governance.selectors import without_restricted

    return without_restricted(user, _incidents_by_role(user), "household_id")


def _incidents_by_role(user) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return Incident.objects.none()
    if user.role in (Role.ADMIN, Role.AUDITOR):
        return Incident.objects.all()
    if user.role == Role.MANAGER:
        teams = teams_of(user)
        # Subqueries rather than joins: no duplicate rows, so no DISTINCT (which cannot be locked).
        members = User.objects.filter(teams__in=teams).values("pk")
        return Incident.objects.filter(Q(household__team__in=teams) | Q(reported_by__in=members) | Q(reported_by=user))
    return Incident.objects.filter(reported_by=user)
