"""What the rules need to know about one attempt to view a profile, read in one query.

The query locks the applicant's row (so two simultaneous attempts cannot both
be the first view) and annotates every fact, each asked by the app that owns
it: scope (`cases.scope`), consent (`consent.selectors`), the current policy
(`policy.services`), earlier checks (`checks.selectors`), platforms and
viewing accounts (their querysets). Call it inside a transaction.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from cases.models import Applicant
from cases.scope import acts_on_cases, household_in_scope
from consent.models import Consent, ConsentState
from consent.selectors import consent_state_of
from platforms.models import Platform, SocialProfile, ViewingAccount
from policy.services import accepted_current_policy
from t4c_socialcheck.limits import as_id

from . import rules
from .models import CheckStatus
from .selectors import check_status_of, profile_viewed


@dataclass(frozen=True)
class Attempt:
    """The records an attempt is about (ids only where that is all the write needs), and its facts."""

    applicant: Applicant
    profile_id: int
    platform_id: int
    viewing_account_id: int
    live_consent_id: int | None
    facts: rules.Facts


class NotFoundForAttempt(LookupError):
    """The applicant, the profile (for that applicant) or the viewing account does not exist."""


def lock_and_read(*, user, applicant_id, profile_id, viewing_account_id, declarations, ripa=None) -> Attempt:
    applicant_id, profile_id, viewing_account_id = (as_id(v) for v in (applicant_id, profile_id, viewing_account_id))
    if None in (applicant_id, profile_id, viewing_account_id):
        raise NotFoundForAttempt
    profile = SocialProfile.objects.filter(pk=profile_id, applicant=OuterRef("pk"))
    applicant = (
        Applicant.objects.select_for_update(of=("self",))
        .select_related("household")
        .annotate(
            in_scope=household_in_scope(user),
            policy_accepted=accepted_current_policy(user),
            consent_now=consent_state_of(),
            live_consent_id=Subquery(Consent.objects.live().filter(applicant=OuterRef("pk")).values("pk")[:1]),
            check_status_now=check_status_of(),
            profile_viewed=profile_viewed(profile_id),
            platform_id=Subquery(profile.values("platform_id")[:1]),
            platform_checkable=Exists(Platform.objects.checkable().filter(profiles=profile_id)),
            account_exists=Exists(ViewingAccount.objects.filter(pk=viewing_account_id)),
            account_approved=Exists(
                ViewingAccount.objects.approved().filter(pk=viewing_account_id, platform__profiles=profile_id)
            ),
        )
        .filter(pk=applicant_id)
        .first()
    )
    if applicant is None or applicant.platform_id is None or not applicant.account_exists:
        raise NotFoundForAttempt
    facts = rules.Facts(
        permitted=acts_on_cases(user) and applicant.in_scope,
        policy_acknowledged=applicant.policy_accepted,
        case_open=not applicant.household.is_closed,
        consent=ConsentState(applicant.consent_now),
        platform_checkable=applicant.platform_checkable,
        account_approved=applicant.account_approved,
        declarations_made=rules.declarations_made(declarations),
        applicant_already_checked=applicant.check_status_now != CheckStatus.NOT_CHECKED or applicant.profile_viewed,
        profile_already_viewed=applicant.profile_viewed,
        ripa_cited=ripa is not None,
        ripa_valid=ripa is not None
        and ripa.covers(applicant_id=applicant.pk, profile_id=profile_id, day=timezone.localdate()),
    )
    return Attempt(
        applicant=applicant,
        profile_id=profile_id,
        platform_id=applicant.platform_id,
        viewing_account_id=viewing_account_id,
        live_consent_id=applicant.live_consent_id,
        facts=facts,
    )
