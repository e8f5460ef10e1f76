from django.conf import settings
from django.db.models import Q, QuerySet

from .models import Role, Team, User


def teams_of(user) -> QuerySet:
    """The teams a user works in or manages, as a subquery of ids."""
    return Team.objects.filter(Q(members=user) | Q(managers=user)).values("pk")


def line_manager_emails(user, household=None) -> list[str]:
    """Who must be told at once about this user's refusal or incident: the
    managers of the user's teams and of the household's team; failing those,
    the configured fallback addresses, then the admins."""
    teams = Q(managed_teams__members=user)
    if household is not None:
        teams |= Q(managed_teams=household.team_id)
    managers = User.objects.filter(teams, is_active=True).exclude(email="").exclude(pk=user.pk)
    emails = sorted(set(managers.values_list("email", flat=True)))
    if emails:
        return emails
    if settings.SOCIALCHECK_FALLBACK_NOTIFY_EMAILS:
        return list(settings.SOCIALCHECK_FALLBACK_NOTIFY_EMAILS)
    admins = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email="")
    return sorted(set(admins.values_list("email", flat=True)))
