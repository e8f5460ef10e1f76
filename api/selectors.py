"""Reads for the API, each starting from the user's scope (cases.scope)."""

from django.db.models import Prefetch, QuerySet

from accounts.models import Role, Team, User
from cases.models import Applicant, StageMove
from cases.scope import applicants_visible_to, households_visible_to, teams_of
from checks.selectors import checks_visible_to, refusals_visible_to, with_check_status
from consent.selectors import current_consent_state, with_consent_state
from platforms.models import Platform, ViewingAccount
from policy.services import accepted_current_policy, has_accepted_current_policy
from t4c_socialcheck.querysets import built_once_per_thread

# Who reads refusals and the audit trail (domain.md: managers for their teams;
# admins and auditors for the whole organisation), as the refusals page does.
OVERSIGHT_ROLES = (Role.MANAGER, Role.ADMIN, Role.AUDITOR)


def consent_status(applicant) -> str:
    """none / given / refused / withdrawn; costs no query for an applicant from `with_statuses`."""
    return current_consent_state(applicant).value


def with_statuses(applicants: QuerySet) -> QuerySet:
    """Applicants with their consent and check status, so a list costs no query per applicant."""
    return with_check_status(with_consent_state(applicants))


def user_teams(user) -> QuerySet:
    return Team.objects.filter(pk__in=teams_of(user)).order_by("name")


def teams_and_policy(user) -> tuple[list[dict], bool]:
    """The user's teams (`id`, `name`, by name) and whether they accepted the current policy,
    in one query: the policy is asked alongside the teams (a second query only for someone in no team)."""
    teams = list(user_teams(user).annotate(accepted=accepted_current_policy(user)).values("id", "name", "accepted"))
    return teams, teams[0]["accepted"] if teams else has_accepted_current_policy(user)


def colleagues_of(user) -> QuerySet:
    """The members of the user's teams: who a household may be allocated to."""
    return User.objects.filter(teams__in=teams_of(user)).distinct()


def platforms_for_api() -> QuerySet:
    return Platform.objects.prefetch_related(
        Prefetch("viewing_accounts", queryset=ViewingAccount.objects.approved(), to_attr="approved_accounts")
    )


@built_once_per_thread
def applicants_with_statuses() -> QuerySet:
    """Every applicant with their statuses, for a prefetch: the annotations are the same for
    every request and every user, so they are built once (t4c_socialcheck.querysets) and each
    call gets a fresh, unevaluated copy; no row is kept."""
    return with_statuses(Applicant.objects.all())


def households_for(user) -> QuerySet:
    """Households with their applicants (`applicant_list`) and stage history (`history_list`), each
    fetched once for the whole page. Lists (`to_attr`), so that Django does not build a filtered
    queryset per household to hold them."""
    return (
        households_visible_to(user)
        .select_related("local_authority", "team", "allocated_worker")
        .prefetch_related(
            Prefetch("applicants", queryset=applicants_with_statuses(), to_attr="applicant_list"),
            Prefetch("stage_moves", queryset=StageMove.objects.select_related("by"), to_attr="history_list"),
        )
    )


def applicants_for(user) -> QuerySet:
    return with_statuses(applicants_visible_to(user)).select_related("household").select_related("earlier_applicant")


def checks_for(user) -> QuerySet:
    return checks_visible_to(user).select_related("profile__platform", "worker", "viewing_account", "void__voided_by")


def refusals_for(user) -> QuerySet:
    return refusals_visible_to(user).select_related("user", "applicant__household")
