"""Reads of checks, refusals and RIPA authorisations, each limited to what the user may see."""

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When

from accounts.models import Role, User
from accounts.selectors import teams_of
from cases.scope import households_visible_to

from .models import CheckStatus, CheckVoid, Refusal, RipaAuthorisation, SocialCheck


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


def last_view_in_earlier_applications(first_application, applicant) -> Subquery:
    """When the person last had a view in another of their applications: the
    applications whose first one is `first_application` (an id, or an OuterRef to
    one: null for a first application), except `applicant`'s own. Voided checks
    saw nothing of the person and do not count."""
    person = (
        Q(applicant_id=first_application)
        | Q(applicant__first_application=first_application)
        | Q(joint_applicant_id=first_application)
        | Q(joint_applicant__first_application=first_application)
    )
    earlier = (
        SocialCheck.objects.filter(person)
        .exclude(applicant_id=applicant)
        .exclude(joint_applicant_id=applicant)
        .filter(~is_voided())
        .order_by("-started_at")
    )
    return Subquery(earlier.values("started_at")[:1])


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
            "A void is allowed once per applicant in an application, and this check was already "
            "the one a void allowed."
        )
    return ""
