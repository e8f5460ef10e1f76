"""What the rules need to know about one attempt to view a profile.

Two ORM queries, inside the caller's transaction. The first locks the
applicant's row, so that two simultaneous attempts (or an attempt and a
consent withdrawal, which takes the same lock) run one after the other. The
second reads the profile with its applicant, household and platform and
annotates every fact, each asked by the app that owns it: scope
(`cases.scope`), consent (`consent.selectors`), the current policy
(`policy.services`), earlier checks (`checks.selectors`), viewing accounts
(their queryset). It is a statement of its own so that, under READ
COMMITTED, its snapshot is taken after the lock is held and it sees whatever
the lock's previous holder committed; a single `SELECT ... FOR UPDATE` would
compute its subqueries from a snapshot taken before it waited for the lock
(tests/checks/test_concurrency.py shows the difference).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases.models import Applicant
from cases.scope import acts_on_cases, household_in_scope
from consent.models import ConsentState
from consent.selectors import consent_expressions
from platforms.models import SocialProfile, ViewingAccount
from policy.services import accepted_current_policy
from t4c_socialcheck.limits import as_id

from . import rules
from .selectors import checks_of, profile_viewed


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


class NotFoundForAttempt(LookupError):
    """The applicant, the profile (for that applicant) or the viewing account does not exist."""


def lock_and_read(*, user, applicant_id, profile_id, viewing_account_id, declarations, ripa=None) -> Attempt:
    applicant_id, profile_id, viewing_account_id = (as_id(v) for v in (applicant_id, profile_id, viewing_account_id))
    if None in (applicant_id, profile_id, viewing_account_id):
        raise NotFoundForAttempt
    if not list(Applicant.objects.select_for_update().filter(pk=applicant_id).order_by().values_list("pk", flat=True)):
        raise NotFoundForAttempt
    applicant_ref = OuterRef("applicant_id")
    consent_now, resting_consent = consent_expressions(applicant_ref)
    profile = (
        SocialProfile.objects.select_related("applicant__household", "platform")
        .annotate(
            in_scope=household_in_scope(user, OuterRef("applicant__household_id")),
            policy_accepted=accepted_current_policy(user),
            consent_now=consent_now,
            resting_consent_id=resting_consent,
            already_checked=Exists(checks_of(applicant_ref)),
            viewed=profile_viewed(OuterRef("pk")),
            account_exists=Exists(ViewingAccount.objects.filter(pk=viewing_account_id)),
            account_approved=Exists(
                ViewingAccount.objects.approved().filter(pk=viewing_account_id, platform=OuterRef("platform_id"))
            ),
        )
        .filter(pk=profile_id, applicant_id=applicant_id)
        .first()
    )
    if profile is None or not profile.account_exists:
        raise NotFoundForAttempt
    applicant = profile.applicant
    facts = rules.Facts(
        permitted=acts_on_cases(user) and profile.in_scope,
        policy_acknowledged=profile.policy_accepted,
        case_open=not applicant.household.is_closed,
        consent=ConsentState(profile.consent_now),
        platform_checkable=profile.platform.is_checkable,
        account_approved=profile.account_approved,
        declarations_made=rules.declarations_made(declarations),
        applicant_already_checked=profile.already_checked or profile.viewed,
        profile_already_viewed=profile.viewed,
        ripa_cited=ripa is not None,
        ripa_valid=ripa is not None
        and ripa.covers(applicant_id=applicant.pk, profile_id=profile.pk, day=timezone.localdate()),
    )
    return Attempt(
        applicant=applicant,
        profile=profile,
        viewing_account_id=viewing_account_id,
        live_consent_id=profile.resting_consent_id if facts.consent == ConsentState.GIVEN else None,
        visible=profile.in_scope,
        facts=facts,
    )
