"""Reads of checks, refusals and RIPA authorisations, each limited to what the user may see."""

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from cases.scope import households_visible_to, teams_of

from .models import Refusal, RipaAuthorisation, SocialCheck


def refusals_visible_to(user) -> QuerySet:
    """Managers: refusals in their teams' households or by their teams' members. Admins, auditors: all."""
    if not user.is_authenticated or not user.is_active:
        return Refusal.objects.none()
    if user.role in (Role.ADMIN, Role.AUDITOR):
        return Refusal.objects.all()
    if user.role == Role.MANAGER:
        teams = teams_of(user)
        members = User.objects.filter(teams__in=teams).values("pk")
        return Refusal.objects.filter(Q(applicant__household__team__in=teams) | Q(user__in=members))
    return Refusal.objects.none()


def checks_visible_to(user) -> QuerySet:
    return SocialCheck.objects.filter(applicant__household__in=households_visible_to(user).values("pk"))


def ripa_authorisations_visible_to(user) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return RipaAuthorisation.objects.none()
    if user.role == Role.AUDITOR:
        return RipaAuthorisation.objects.all()
    if user.role == Role.MANAGER:
        return RipaAuthorisation.objects.filter(applicant__household__in=households_visible_to(user).values("pk"))
    return RipaAuthorisation.objects.none()
