"""Reads of checks, refusals and RIPA authorisations, each limited to what the user may see."""

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When

from accounts.models import Role, User
from accounts.selectors import teams_of
from cases.scope import households_visible_to

from .models import CheckStatus, Refusal, RipaAuthorisation, SocialCheck


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


def checks_of(applicant=None) -> QuerySet:
    """One applicant's checks (default: the outer query's applicant). Any check,
    open or completed, is their one-off check."""
    return SocialCheck.objects.filter(applicant=applicant if applicant is not None else OuterRef("pk"))


def check_status_of(applicant=None):
    """An expression for one applicant's check status."""
    checks = checks_of(applicant)
    return Case(
        When(Exists(checks.filter(completed_at__isnull=True)), then=Value(CheckStatus.IN_PROGRESS.value)),
        When(Exists(checks), then=Value(CheckStatus.COMPLETED.value)),
        default=Value(CheckStatus.NOT_CHECKED.value),
        output_field=CharField(),
    )


def profile_viewed(profile) -> Exists:
    """Whether anyone has ever viewed this profile, for anyone (clause 7.4)."""
    return Exists(SocialCheck.objects.filter(profile=profile))


def with_check_status(applicants: QuerySet) -> QuerySet:
    return applicants.annotate(check_status=check_status_of())


def check_status(applicant) -> CheckStatus:
    """Free for an applicant from `with_check_status`; otherwise one query."""
    status = getattr(applicant, "check_status", None)
    if status is None:
        status = (
            with_check_status(type(applicant).objects.filter(pk=applicant.pk))
            .values_list("check_status", flat=True)
            .get()
        )
    return CheckStatus(status)
