"""Reads for the API, each starting from the user's scope (cases.scope)."""

from django.db.models import Prefetch, QuerySet, TextChoices

from accounts.models import Role, Team, User
from cases.scope import applicants_visible_to, households_visible_to, teams_of
from checks.selectors import checks_visible_to, refusals_visible_to
from consent.services import consent_state
from platforms.models import Platform, ViewingAccount

# Who reads refusals and the audit trail (domain.md: managers for their teams;
# admins and auditors for the whole organisation), as the refusals page does.
OVERSIGHT_ROLES = (Role.MANAGER, Role.ADMIN, Role.AUDITOR)


class CheckStatus(TextChoices):
    NOT_CHECKED = "not_checked", "Not checked"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


def consent_status(applicant) -> str:
    """none / given / refused / withdrawn; costs no query when consents are prefetched."""
    return consent_state(applicant)[0].value


def check_status(applicant) -> str:
    """not_checked / in_progress / completed; costs no query when checks are prefetched."""
    checks = list(applicant.social_checks.all())
    if not checks:
        return CheckStatus.NOT_CHECKED
    if any(not c.is_completed for c in checks):
        return CheckStatus.IN_PROGRESS
    return CheckStatus.COMPLETED


def _with_statuses(prefix: str = "") -> list:
    """Prefetches that let consent_status and check_status run without a query per applicant."""
    return [f"{prefix}consents", f"{prefix}social_checks"]


def user_teams(user) -> QuerySet:
    return Team.objects.filter(pk__in=teams_of(user)).order_by("name")


def colleagues_of(user) -> QuerySet:
    """The members of the user's teams: who a household may be allocated to."""
    return User.objects.filter(teams__in=teams_of(user)).distinct()


def platforms_for_api() -> QuerySet:
    return Platform.objects.prefetch_related(
        Prefetch("viewing_accounts", queryset=ViewingAccount.objects.filter(active=True), to_attr="approved_accounts")
    )


def households_for(user) -> QuerySet:
    return (
        households_visible_to(user)
        .select_related("local_authority", "team", "allocated_worker")
        .prefetch_related("applicants", *_with_statuses("applicants__"))
    )


def applicants_for(user) -> QuerySet:
    return (
        applicants_visible_to(user)
        .select_related("household")
        .prefetch_related("profiles__platform", *_with_statuses())
    )


def checks_for(user) -> QuerySet:
    return checks_visible_to(user).select_related("profile__platform", "worker", "viewing_account")


def refusals_for(user) -> QuerySet:
    return refusals_visible_to(user).select_related("user", "applicant__household")
