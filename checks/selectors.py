"""Reads of checks and refusals, each limited to what the user may see."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import teams_of
from cases.models import Applicant
from cases.scope import households_visible_to
from governance.selectors import without_restricted
from t4c_socialcheck.dates import add_calendar_months

from .models import CheckStatus, CheckVoid, Refusal, SocialCheck


def refusals_visible_to(user) -> QuerySet:
    """Managers: refusals in their teams' households or by their teams' members. Admins, auditors: all.
    Never those of a household restricted to others (governance)."""
    return without_restricted(user, _refusals_by_role(user), "applicant__household_id")


def _refusals_by_role(user) -> QuerySet:
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


def _subject(applicant, number=None) -> Q:
    """Checks that were `applicant`'s one view: as the applicant, or as the other
    applicant of a joint profile; `number`: their first or second one-off check."""
    own, joint = Q(applicant=applicant), Q(joint_applicant=applicant)
    if number is not None:
        own, joint = own & Q(one_off_number=number), joint & Q(joint_one_off_number=number)
    return own | joint


def _ref(applicant):
    return applicant if applicant is not None else OuterRef("pk")


def checks_of(applicant=None) -> QuerySet:
    """One applicant's checks (default: the outer query's applicant), a joint
    profile's included. Any check, open or completed, is their one-off check."""
    return SocialCheck.objects.filter(_subject(_ref(applicant)))


def is_voided() -> Exists:
    """Whether the outer query's check was voided by a manager."""
    return Exists(CheckVoid.objects.filter(social_check=OuterRef("pk")))


def live_checks_of(applicant=None) -> QuerySet:
    """One applicant's checks that a manager has not voided."""
    return checks_of(applicant).filter(~is_voided())


def one_off_voided(applicant=None) -> Exists:
    """Whether the applicant's first one-off check was voided (clause: once per application)."""
    one_offs = SocialCheck.objects.filter(_subject(_ref(applicant), 1), ripa_authorisation__isnull=True)
    return Exists(one_offs.filter(is_voided()))


def second_one_off(applicant=None) -> Exists:
    """Whether the applicant already had the one check a void allows."""
    return Exists(SocialCheck.objects.filter(_subject(_ref(applicant), 2), ripa_authorisation__isnull=True))


def last_view_in_earlier_applications(first_application, applicant):
    """When the person last had a view in another of their applications: the
    applications whose first one is `first_application` (an id, or an OuterRef to
    one: null for a first application), except `applicant`'s own. Voided checks
    saw nothing of the person and do not count."""
    # One subquery further in, an OuterRef names the outer query's row through another OuterRef.
    first = OuterRef(first_application) if isinstance(first_application, OuterRef) else first_application
    applications = Applicant.objects.filter(Q(pk=first) | Q(first_application=first)).values("pk")

    def latest(side: str) -> Subquery:
        # One IN per subquery, not an OR of them: PostgreSQL then joins the person's few
        # applications to the checks' index instead of reading every check.
        earlier = (
            SocialCheck.objects.filter(**{f"{side}__in": applications})
            .exclude(applicant_id=applicant)
            .exclude(joint_applicant_id=applicant)
            .filter(~is_voided())
            .order_by("-started_at")
        )
        return Subquery(earlier.values("started_at")[:1])

    as_applicant, as_joint_applicant = latest("applicant"), latest("joint_applicant")
    # GREATEST skips a NULL on PostgreSQL but is NULL on SQLite: Coalesce gives both the same answer.
    return Coalesce(Greatest(as_applicant, as_joint_applicant), as_applicant, as_joint_applicant)


def voids_visible_to(user) -> QuerySet:
    """Voids of checks in the households the user sees: managers their teams', auditors all."""
    if not user.is_authenticated or not user.is_active or user.role not in (Role.MANAGER, Role.AUDITOR):
        return CheckVoid.objects.none()
    return CheckVoid.objects.filter(
        social_check__applicant__household__in=households_visible_to(user).values("pk")
    ).select_related(
        "social_check__applicant__household", "social_check__profile__platform", "social_check__worker", "voided_by"
    )


def check_status_of(applicant=None):
    """An expression for one applicant's check status; a voided check no longer counts."""
    checks = live_checks_of(applicant)
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


def why_not_voidable(social_check: SocialCheck) -> str:
    """Why a manager may not void this check (empty when they may, as far as the check goes)."""
    from .models import MAX_ONE_OFF_CHECKS, VOIDABLE_OUTCOMES, CheckOutcome

    if social_check.ripa_authorisation_id is not None:
        return "A view under a RIPA authorisation is not a one-off check and cannot be voided."
    if not social_check.is_completed:
        return "Only a completed check can be voided: its findings must be recorded first."
    if social_check.outcome == CheckOutcome.PROFILE_PRIVATE:
        return "A check of a private profile cannot be voided: the public part of the applicant's account was seen."
    if social_check.outcome not in VOIDABLE_OUTCOMES:
        return (
            "Only a check that found no profile, or a profile of someone else, can be voided: "
            f"this check's outcome is \u201c{social_check.get_outcome_display()}\u201d."
        )
    if CheckVoid.objects.filter(social_check=social_check).exists():
        return "This check has already been voided."
    if MAX_ONE_OFF_CHECKS in (social_check.one_off_number, social_check.joint_one_off_number):
        return (
            "A void is allowed once per applicant in an application, and this check was already the one a void allowed."
        )
    return ""


# --- Returning applicants, and what each applicant's one-off check is now ------------------


def returning_interval_months() -> int | None:
    """The admin-set interval before a returning applicant may be checked again (None: never)."""
    from .models import CheckSettings

    return CheckSettings.current().returning_interval_months


def returning_check(last_views, interval_months, today: datetime.date) -> tuple[bool, datetime.date | None]:
    """(recently checked, possible from), from the person's (or a joint profile's
    people's) last views in earlier applications and the interval (None: never)."""
    views = [view for view in last_views if view is not None]
    if not views:
        return False, None
    if interval_months is None:
        return True, None
    possible_from = add_calendar_months(timezone.localdate(max(views)), interval_months)
    return today < possible_from, possible_from


@dataclass(frozen=True)
class OneOffCheck:
    """An applicant's one-off check, stated plainly (pages and API)."""

    state: str  # available / in_progress / used / voided / possible_from / not_possible
    text: str
    check: SocialCheck | None = None
    possible_from: datetime.date | None = None


def _day(moment) -> str:
    day = timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
    return f"{day.day} {day:%B %Y}"


def _name(user) -> str:
    return user.get_full_name() or user.username


def one_off_check_of(applicant) -> OneOffCheck:
    """Available; in progress since DATE by NAME; used on DATE (platform, outcome);
    voided on DATE by NAME; possible again from DATE. A few queries: one applicant."""
    checks = list(
        checks_of(applicant.pk)
        .filter(ripa_authorisation__isnull=True)
        .select_related("profile__platform", "worker", "void__voided_by")
        .order_by("-started_at", "-pk")
    )
    live = [c for c in checks if not hasattr(c, "void")]
    if live:
        check = live[0]
        if not check.is_completed:
            return OneOffCheck(
                "in_progress", f"In progress since {_day(check.started_at)} by {_name(check.worker)}.", check
            )
        return OneOffCheck(
            "used",
            f"Used on {_day(check.started_at)} ({check.profile.platform.name}, {check.get_outcome_display().lower()}).",
            check,
        )
    if checks:
        check = checks[0]
        void = check.void
        return OneOffCheck(
            "voided",
            f"Voided on {_day(void.voided_at)} by {_name(void.voided_by)}. "
            "One check of another profile is possible; the voided profile stays viewed.",
            check,
        )
    last = (
        type(applicant)
        .objects.filter(pk=applicant.pk)
        .annotate(last=last_view_in_earlier_applications(OuterRef("first_application_id"), OuterRef("pk")))
        .values_list("last", flat=True)
        .first()
    )
    recently, possible_from = returning_check([last], returning_interval_months(), timezone.localdate())
    if recently and possible_from is None:
        return OneOffCheck(
            "not_possible",
            "Not possible: they were viewed in an earlier application, and the agency allows no new check.",
        )
    if recently:
        return OneOffCheck(
            "possible_from",
            f"Possible again from {_day(possible_from)}: they were viewed in an earlier application.",
            possible_from=possible_from,
        )
    return OneOffCheck("available", "Available: no one-off check has been made.")


def earlier_checks_of(user, applicant) -> QuerySet:
    """The checks of the same person in their earlier applications, as far as the user may see them."""
    from cases.selectors import earlier_applications_of

    earlier = earlier_applications_of(applicant).values("pk")
    return (
        checks_visible_to(user)
        .filter(Q(applicant__in=earlier) | Q(joint_applicant__in=earlier))
        .select_related("applicant__household", "profile__platform")
        .order_by("-started_at", "-pk")
    )
