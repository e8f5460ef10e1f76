"""What the rules need to know about one attempt to view a profile.

Two ORM queries, inside the caller's transaction. The first locks the
applicant's row, so that two simultaneous attempts (or an attempt and a
consent withdrawal, which takes the same lock) run one after the other. The
second reads the profile with its applicant, household and platform and
annotates every fact, each asked by the app that owns it: scope
(`cases.scope`), consent (`consent.selectors`), the current policy
(`policy.services`), earlier checks (`checks.selectors`), viewing accounts
(their queryset). The facts about the people and the profile are built once
per thread (`_facts_of_people`); each attempt adds those about the user and the
viewing account, and filters. It is a statement of its own so that, under READ
COMMITTED, its snapshot is taken after the lock is held and it sees whatever
the lock's previous holder committed; a single `SELECT ... FOR UPDATE` would
compute its subqueries from a snapshot taken before it waited for the lock
(tests/checks/test_concurrency.py shows the difference).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cases.models import Applicant
from cases.scope import acts_on_cases, household_in_scope
from consent.models import ConsentState
from consent.selectors import consent_expressions
from governance.selectors import conflict_declared, first_missing_course
from platforms.models import SocialProfile, ViewingAccount
from policy.services import accepted_current_policy
from ripa.selectors import covers as ripa_covers
from t4c_socialcheck.limits import as_id
from t4c_socialcheck.querysets import built_once_per_thread

from . import rules
from .models import DEFAULT_RETURNING_INTERVAL_MONTHS, CheckSettings
from .selectors import (
    checks_of,
    last_view_in_earlier_applications,
    one_off_voided,
    profile_viewed,
    returning_check,
    second_one_off,
)


@dataclass(frozen=True)
class Attempt:
    """The records an attempt is about (the account's id is all the write needs), and its facts."""

    applicant: Applicant
    profile: SocialProfile
    viewing_account_id: int
    live_consent_id: int | None
    # Whether the user may see the applicant at all (cases.scope), whatever their role.
    visible: bool
    facts: rules.Facts
    # A joint profile: the other applicant, their live consent, and which one-off
    # check this is for each (1, or 2 after a void).
    joint_applicant: Applicant | None = None
    joint_consent_id: int | None = None
    one_off_number: int = 1
    joint_one_off_number: int | None = None


class NotFoundForAttempt(LookupError):
    """The applicant, the profile (for that applicant) or the viewing account does not exist."""


def _lock_applicants(applicant_id: int, profile_id: int) -> dict[int, int | None]:
    """Lock the applicant's row and, for a joint profile, the other applicant's,
    in id order (so two attempts from either applicant cannot deadlock). One
    statement; returns each locked applicant's first application (None for a
    first application); the applicant is missing if it does not exist. The other
    applicant is a scalar subquery (the profile is one row): `pk = a OR pk = (…)`
    is two lookups of the primary key, where `pk IN (…)` read every applicant."""
    profile = SocialProfile.objects.filter(pk=profile_id)
    joint_with = Subquery(profile.filter(applicant_id=applicant_id).values("joint_with_id")[:1])
    owner = Subquery(profile.filter(joint_with_id=applicant_id).values("applicant_id")[:1])
    rows = (
        Applicant.objects.select_for_update()
        .filter(Q(pk=applicant_id) | Q(pk=joint_with) | Q(pk=owner))
        .order_by("pk")
        .values_list("pk", "first_application_id")
    )
    return dict(rows)


def _one_off_facts(prefix: str, returning: bool) -> dict:
    """The annotations about one applicant of the profile (`applicant` or `joint_with`);
    `returning`: with the last view in their earlier applications."""
    ref = OuterRef(f"{prefix}_id")
    consent_now, resting_consent = consent_expressions(ref)
    facts = {
        f"{prefix}_consent_now": consent_now,
        f"{prefix}_resting_consent_id": resting_consent,
        f"{prefix}_checked": Exists(checks_of(ref)),
        f"{prefix}_voided_first": one_off_voided(ref),
        f"{prefix}_had_second": second_one_off(ref),
    }
    if returning:
        facts[f"{prefix}_last_earlier_view"] = last_view_in_earlier_applications(
            OuterRef(f"{prefix}__first_application_id"), ref
        )
    return facts


@dataclass(frozen=True)
class _Person:
    """What the facts query said about one applicant of the profile."""

    applicant: Applicant
    consent: ConsentState
    resting_consent_id: int | None
    checked: bool
    void_allows: bool
    last_earlier_view: datetime.datetime | None

    @classmethod
    def read(cls, profile, prefix: str) -> "_Person":
        value = lambda name: getattr(profile, f"{prefix}_{name}")  # noqa: E731
        return cls(
            applicant=getattr(profile, prefix),
            consent=ConsentState(value("consent_now")),
            resting_consent_id=value("resting_consent_id"),
            checked=value("checked"),
            # Once per application: the first one-off check voided, and no second yet.
            void_allows=value("voided_first") and not value("had_second"),
            # Not asked when neither applicant has an earlier application (a first one).
            last_earlier_view=getattr(profile, f"{prefix}_last_earlier_view", None),
        )

    @property
    def live_consent_id(self) -> int | None:
        return self.resting_consent_id if self.consent == ConsentState.GIVEN else None

    @property
    def one_off_number(self) -> int:
        return 2 if self.void_allows else 1


@built_once_per_thread
def _facts_of_people(joint: bool, returning: bool) -> QuerySet:
    """Profiles with their applicant(s), household and platform, annotated with every
    fact about the people and the profile (not the user or the viewing account).
    They name no value of the attempt, only the outer row, so the queryset is
    built once (t4c_socialcheck.querysets) and each attempt filters it and adds
    its own. `joint`: with the other applicant's facts, for a joint profile;
    `returning`: with the last views in earlier applications, for an applicant
    who has any (the lock read their first application)."""
    settings_row = CheckSettings.objects.filter(pk=1)
    people = ("applicant__household", "platform", *(("joint_with",) if joint else ()))
    return SocialProfile.objects.select_related(*people).annotate(
        viewed=profile_viewed(OuterRef("pk")),
        settings_kept=Exists(settings_row),
        interval_months=Subquery(settings_row.values("returning_interval_months")[:1]),
        **_one_off_facts("applicant", returning),
        **(_one_off_facts("joint_with", returning) if joint else {}),
    )


def _read_profile(user, applicant_id: int, profile_id: int, viewing_account_id: int, *, joint, returning):
    """The profile with every fact, or None if it is not the applicant's."""
    return (
        _facts_of_people(joint, returning)
        .annotate(
            in_scope=household_in_scope(user, OuterRef("applicant__household_id")),
            policy_accepted=accepted_current_policy(user),
            missing_course=first_missing_course(user),
            conflict=conflict_declared(user, OuterRef("applicant__household_id")),
            account_approved=Exists(
                ViewingAccount.objects.approved().filter(pk=viewing_account_id, platform=OuterRef("platform_id"))
            ),
        )
        .filter(Q(applicant_id=applicant_id) | Q(joint_with_id=applicant_id), pk=profile_id)
        .first()
    )


def lock_and_read(*, user, applicant_id, profile_id, viewing_account_id, declarations, ripa=None) -> Attempt:
    applicant_id, profile_id, viewing_account_id = (as_id(v) for v in (applicant_id, profile_id, viewing_account_id))
    if None in (applicant_id, profile_id, viewing_account_id):
        raise NotFoundForAttempt
    locked = _lock_applicants(applicant_id, profile_id)
    if applicant_id not in locked:
        raise NotFoundForAttempt
    returning = any(first is not None for first in locked.values())
    attempt = (user, applicant_id, profile_id, viewing_account_id)
    profile = _read_profile(*attempt, joint=len(locked) > 1, returning=returning)
    if profile is not None and profile.joint_with_id and len(locked) == 1:
        # A profile's applicants are fixed when it is recorded (platforms.services); should an
        # edit outside the services make it joint after the lock was taken, read both.
        profile = _read_profile(*attempt, joint=True, returning=True)
    if profile is None:
        raise NotFoundForAttempt
    if not profile.account_approved and not ViewingAccount.objects.filter(pk=viewing_account_id).exists():
        # Only a refused account is looked up again: one that does not exist is "not found".
        raise NotFoundForAttempt
    owner = _Person.read(profile, "applicant")
    partner = _Person.read(profile, "joint_with") if profile.joint_with_id else None
    # The check is recorded for the applicant it was started for; a joint profile's
    # other applicant is its joint applicant.
    me, other = (owner, partner) if owner.applicant.pk == applicant_id else (partner, owner)
    people = [p for p in (me, other) if p is not None]
    applicant = me.applicant
    applicant.household = owner.applicant.household
    interval = profile.interval_months if profile.settings_kept else DEFAULT_RETURNING_INTERVAL_MONTHS
    recently_checked, possible_from = returning_check(
        [p.last_earlier_view for p in people], interval, timezone.localdate()
    )
    checked = [p for p in people if p.checked]
    facts = rules.Facts(
        permitted=acts_on_cases(user) and profile.in_scope,
        policy_acknowledged=profile.policy_accepted,
        case_open=not applicant.household.is_closed,
        consent=me.consent,
        platform_checkable=profile.platform.is_checkable,
        account_approved=profile.account_approved,
        declarations_made=rules.declarations_made(declarations),
        applicant_already_checked=bool(checked) or profile.viewed,
        profile_already_viewed=profile.viewed,
        ripa_cited=ripa is not None,
        ripa_valid=ripa is not None
        and ripa_covers(ripa, applicant_id=applicant.pk, profile_id=profile.pk, day=timezone.localdate()),
        joint_consent=other.consent if other else None,
        applicant_name=applicant.full_name,
        joint_name=other.applicant.full_name if other else "",
        void_allows_another=bool(checked) and all(p.void_allows for p in checked),
        recently_checked=recently_checked,
        possible_from=possible_from,
        missing_course=profile.missing_course or "",
        conflict_declared=profile.conflict,
    )
    return Attempt(
        applicant=applicant,
        profile=profile,
        viewing_account_id=viewing_account_id,
        live_consent_id=me.live_consent_id,
        visible=profile.in_scope,
        facts=facts,
        joint_applicant=other.applicant if other else None,
        joint_consent_id=other.live_consent_id if other else None,
        one_off_number=me.one_off_number,
        joint_one_off_number=other.one_off_number if other else None,
    )
