from django.db.models import Q, QuerySet

from accounts.models import Role
from cases.scope import teams_of

from .models import Incident


def incidents_visible_to(user) -> QuerySet:
    """Reporters see their own; managers their teams'; admins and auditors all."""
    if not user.is_authenticated or not user.is_active:
        return Incident.objects.none()
    if user.role in (Role.ADMIN, Role.AUDITOR):
        return Incident.objects.all()
    if user.role == Role.MANAGER:
        teams = teams_of(user)
        return Incident.objects.filter(
            Q(household__team__in=teams) | Q(reported_by__teams__in=teams) | Q(reported_by=user)
        ).distinct()
    return Incident.objects.filter(reported_by=user)
