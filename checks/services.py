"""Starting and completing a check: the one path every entry point uses.

Decide, write, present. `check_start` locks the applicant, gathers facts,
asks `checks.rules`, and writes either the check or the refusal, then
*returns* the decision: raising would roll back the record of a refused
attempt.
"""

import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import line_manager_emails
from audit.signals import insert_with_entry
from cases.models import Applicant
from cases.scope import acts_on_cases, can_act_on_household, households_visible_to
from notifications.services import notification_queue
from platforms.models import SocialProfile, ViewingAccount, ViewingAccountKind
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted
from t4c_socialcheck.transactions import atomic_in_statements

from . import rules
from .facts import AttemptFacts, read_attempt
from .models import (
    DECLARATION_FIELDS,
    RIPA_MAX_MONTHS,
    Outcome,
    Refusal,
    RipaAuthorisation,
    SocialCheck,
    add_calendar_months,
)

MAX_PURPOSE = 500
MAX_FINDINGS = 2000


@dataclass(frozen=True)
class CheckOutcome:
    decision: rules.Decision
    social_check: SocialCheck | None = None
    refusal: Refusal | None = None
    # True when the applicant is outside the user's scope: entry points answer
    # "not found" rather than confirm the applicant exists.
    hidden: bool = False

    @property
    def allowed(self) -> bool:
        return self.decision.allowed


def _get_or_404(queryset, pk, what: str):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"{what} was not found.") from None


def _clean_purpose(purpose) -> str:
    purpose = (purpose or "").strip() if isinstance(purpose, str) else ""
    if not purpose:
        raise Invalid("Enter the purpose of the check.", fields={"purpose": ["Enter the purpose of the check."]})
    if len(purpose) > MAX_PURPOSE:
        raise Invalid(f"The purpose must be {MAX_PURPOSE} characters or fewer.", fields={"purpose": ["Too long."]})
    return purpose


def _account_approved(account: ViewingAccount | None, profile: SocialProfile) -> bool:
    return (
        account is not None
        and account.active
        and account.platform_id == profile.platform_id
        and account.kind in (ViewingAccountKind.ORGANISATION, ViewingAccountKind.LOGGED_OUT)
    )


def _consent_fact(attempt: AttemptFacts) -> rules.ConsentFact:
    """The same answer as consent.services.consent_state, from the columns read."""
    if attempt.live_consent_id is not None:
        return rules.ConsentFact.GIVEN
    if attempt.latest_consent_given is None:
        return rules.ConsentFact.NONE
    return rules.ConsentFact.WITHDRAWN if attempt.latest_consent_given else rules.ConsentFact.REFUSED


def _gather_facts(*, user, attempt: AttemptFacts, declarations, ripa) -> rules.CheckFacts:
    applicant, profile = attempt.applicant, attempt.profile
    return rules.CheckFacts(
        permitted=acts_on_cases(user) and attempt.in_scope,
        policy_acknowledged=attempt.policy_acknowledged,
        case_open=not applicant.household.is_closed,
        consent=_consent_fact(attempt),
        platform_checkable=profile.platform.is_checkable,
        account_approved=_account_approved(attempt.account, profile),
        declarations_made=rules.declarations_made(declarations),
        applicant_already_checked=attempt.applicant_checked or attempt.profile_viewed,
        profile_already_viewed=attempt.profile_viewed,
        ripa_cited=ripa is not None,
        ripa_valid=ripa is not None
        and ripa.covers(applicant_id=applicant.pk, profile_id=profile.pk, day=timezone.localdate()),
    )


def _record_refusal(*, user, applicant, profile, account, ripa, decision, declarations, purpose) -> Refusal:
    refusal = Refusal.objects.create(
        user=user,
        at=timezone.now(),
        applicant=applicant,
        profile=profile,
        platform=profile.platform,
        viewing_account=account,
        ripa_authorisation=ripa,
        code=decision.first.code,
        codes=list(decision.codes),
        messages=[r.message for r in decision.refusals],
        request={
            "declarations": {k: declarations.get(k) is True for k in DECLARATION_FIELDS}
            if isinstance(declarations, dict)
            else {},
            "purpose": purpose[:MAX_PURPOSE],
        },
    )
    household = applicant.household
    lines = [
        f"{user.get_full_name() or user.username} tried to start a social media check and was refused.",
        "",
        f"When: {timezone.localtime(refusal.at):%d %B %Y at %H:%M}",
        f"Household: {household.reference}",
        f"Applicant: {applicant.full_name}",
        f"Profile: {profile.normalised}",
        "",
        "Rules that refused it:",
        *[f"- {r.code}: {r.message}" for r in decision.refusals],
        "",
        f"Review it: {settings.SITE_URL}{reverse('refusal-list')}",
    ]
    notification_queue(
        kind="refusal",
        subject=f"Social media check refused: {decision.first.code} ({household.reference})",
        body="\n".join(lines),
        recipients=line_manager_emails(user, household),
        about=f"refusal:{refusal.pk}",
    )
    return refusal


def check_start(
    *,
    user,
    applicant_id,
    profile_id,
    viewing_account_id,
    declarations,
    purpose,
    ripa_authorisation_id=None,
) -> CheckOutcome:
    """Apply the rules to one attempt to view a profile and record it, allowed or refused."""
    purpose = _clean_purpose(purpose)
    attempt = functools.partial(
        _attempt,
        user=user,
        applicant_id=applicant_id,
        profile_id=profile_id,
        viewing_account_id=viewing_account_id,
        declarations=declarations,
        purpose=purpose,
        ripa_authorisation_id=ripa_authorisation_id,
    )
    try:
        return attempt()
    except IntegrityError:
        # A one-off constraint fired: a check was written without taking the
        # applicant's lock (not through this service). Ask again: the rules now
        # see that check, and the refusal is recorded like any other.
        return attempt()


def _attempt(**kwargs) -> CheckOutcome:
    # Two round trips on PostgreSQL: the read under the lock opens the
    # transaction, and the check with its audit entry commits it.
    with atomic_in_statements() as statements:
        return _decide_and_record(statements=statements, **kwargs)


def _decide_and_record(
    *, statements, user, applicant_id, profile_id, viewing_account_id, declarations, purpose, ripa_authorisation_id
) -> CheckOutcome:
    # One statement: lock the applicant, so two simultaneous attempts cannot
    # both be the first view, and read what the rules need.
    attempt = read_attempt(
        user=user, applicant_id=applicant_id, profile_id=profile_id, viewing_account_id=viewing_account_id
    )
    if attempt is None:
        raise NotFound("The applicant was not found.")
    applicant, profile, account = attempt.applicant, attempt.profile, attempt.account
    if profile is None or profile.applicant_id != applicant.pk:
        raise NotFound("The profile was not found for this applicant.")
    if account is None:
        raise NotFound("The viewing account was not found.")
    ripa = None
    if ripa_authorisation_id is not None:
        ripa = _get_or_404(RipaAuthorisation.objects.all(), ripa_authorisation_id, "The RIPA authorisation")

    facts = _gather_facts(user=user, attempt=attempt, declarations=declarations, ripa=ripa)
    decision = rules.decide_check(facts)
    if decision.allowed:
        social_check = SocialCheck(
            id=attempt.next_check_id,
            applicant=applicant,
            profile=profile,
            consent_id=attempt.live_consent_id,
            worker=user,
            viewing_account=account,
            ripa_authorisation=ripa,
            purpose=purpose,
            started_at=timezone.now(),
            **dict.fromkeys(DECLARATION_FIELDS, True),
        )
        if social_check.pk is not None:  # then the check and its entry are one statement (audit.signals)
            statements.commit_with_next_statement()
        insert_with_entry(social_check, actor=user)
        return CheckOutcome(decision=decision, social_check=social_check)
    refusal = _record_refusal(
        user=user,
        applicant=applicant,
        profile=profile,
        account=account,
        ripa=ripa,
        decision=decision,
        declarations=declarations,
        purpose=purpose,
    )
    hidden = not households_visible_to(user).filter(pk=applicant.household_id).exists()
    return CheckOutcome(decision=decision, refusal=refusal, hidden=hidden)


@transaction.atomic
def check_complete(*, user, social_check_id, findings_summary, outcome, no_third_party_details) -> SocialCheck:
    """Record what the one view found. Once completed, a check never changes."""
    social_check = _get_or_404(
        SocialCheck.objects.select_for_update().select_related("applicant__household"), social_check_id, "The check"
    )
    if not can_act_on_household(user, social_check.applicant.household):
        raise NotFound("The check was not found.")
    if social_check.worker_id != user.pk and not user.is_manager:
        raise NotPermitted("Only the worker who made the check, or a manager, can record its findings.")
    if social_check.is_completed:
        raise Conflict("The findings for this check are already recorded.", code="ALREADY_COMPLETED")
    errors: dict[str, list[str]] = {}
    findings_summary = findings_summary.strip() if isinstance(findings_summary, str) else ""
    if not findings_summary:
        errors["findings_summary"] = ["Enter a short summary of what you found that is relevant to the assessment."]
    elif len(findings_summary) > MAX_FINDINGS:
        errors["findings_summary"] = [f"The summary must be {MAX_FINDINGS} characters or fewer."]
    if outcome not in Outcome.values:
        errors["outcome"] = ["Choose the outcome of the check."]
    if no_third_party_details is not True:
        errors["no_third_party_details"] = ["Confirm that you have not recorded other people's details."]
    if errors:
        raise Invalid("Check the findings.", fields=errors)
    social_check.findings_summary = findings_summary
    social_check.outcome = outcome
    social_check.no_third_party_details = True
    social_check.completed_at = timezone.now()
    social_check.completed_by = user
    social_check.save(
        update_fields=["findings_summary", "outcome", "no_third_party_details", "completed_at", "completed_by"]
    )
    return social_check


def ripa_max_valid_to(valid_from: datetime.date) -> datetime.date:
    return add_calendar_months(valid_from, RIPA_MAX_MONTHS)


@transaction.atomic
def ripa_authorisation_record(
    *,
    user,
    reference,
    applicant_id,
    profile_ids,
    authorising_officer,
    magistrate_approved_on: datetime.date,
    valid_from: datetime.date,
    valid_to: datetime.date,
) -> RipaAuthorisation:
    """Only a manager records an authorisation, and only what a magistrate approved."""
    if not user.is_manager:
        raise NotPermitted("Only a manager can record a RIPA authorisation.")
    applicant = _get_or_404(Applicant.objects.select_related("household"), applicant_id, "The applicant")
    if not can_act_on_household(user, applicant.household):
        raise NotFound("The applicant was not found.")
    errors: dict[str, list[str]] = {}
    reference = (reference or "").strip() if isinstance(reference, str) else ""
    officer = (authorising_officer or "").strip() if isinstance(authorising_officer, str) else ""
    if not reference or len(reference) > 64:
        errors["reference"] = ["Enter the authorisation reference (64 characters or fewer)."]
    if not officer or len(officer) > 100:
        errors["authorising_officer"] = ["Enter the authorising officer (100 characters or fewer)."]
    today = timezone.localdate()
    if magistrate_approved_on > today:
        errors["magistrate_approved_on"] = ["The magistrate's approval date must be today or in the past."]
    if valid_from < magistrate_approved_on:
        errors["valid_from"] = ["An authorisation cannot start before the magistrate approved it."]
    if valid_to < valid_from:
        errors["valid_to"] = ["The end date must be on or after the start date."]
    elif valid_to > ripa_max_valid_to(valid_from):
        errors["valid_to"] = [
            f"A directed surveillance authorisation lasts at most {RIPA_MAX_MONTHS} months: "
            f"end it on or before {ripa_max_valid_to(valid_from):%d %B %Y}."
        ]
    profile_ids = list(dict.fromkeys(profile_ids or []))
    profiles = list(SocialProfile.objects.filter(pk__in=profile_ids, applicant=applicant))
    if not profile_ids:
        errors["profiles"] = ["Choose at least one profile the authorisation covers."]
    elif len(profiles) != len(profile_ids):
        raise NotFound("A profile was not found for this applicant.")
    if errors:
        raise Invalid("Check the authorisation details.", fields=errors)
    if RipaAuthorisation.objects.filter(reference=reference).exists():
        raise Conflict(
            "An authorisation with this reference is already recorded.", fields={"reference": ["Already used."]}
        )
    authorisation = RipaAuthorisation.objects.create(
        reference=reference,
        applicant=applicant,
        authorising_officer=officer,
        magistrate_approved_on=magistrate_approved_on,
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=user,
    )
    authorisation.profiles.set(profiles)
    return authorisation


@transaction.atomic
def refusal_review(*, user, refusal_id, comment: str):
    """A manager records that they have looked at a refusal, and what they think."""
    from .models import RefusalReview
    from .selectors import refusals_visible_to

    if not user.is_manager:
        raise NotPermitted("Only a manager can review a refusal.")
    refusal = _get_or_404(refusals_visible_to(user), refusal_id, "The refusal")
    comment = comment.strip() if isinstance(comment, str) else ""
    if not comment or len(comment) > 500:
        raise Invalid("Enter a comment of 500 characters or fewer.", fields={"comment": ["Enter a comment."]})
    if RefusalReview.objects.filter(refusal=refusal).exists():
        raise Conflict("This refusal has already been reviewed.", code="ALREADY_REVIEWED")
    return RefusalReview.objects.create(refusal=refusal, reviewed_by=user, comment=comment)


@transaction.atomic
def ripa_review_record(*, user, authorisation_id, kind: str, on: datetime.date, notes: str, renewed_to=None):
    """Reviews, renewals and cancellations of an authorisation, kept as its central record."""
    from .models import RipaReview
    from .selectors import ripa_authorisations_visible_to

    if not user.is_manager:
        raise NotPermitted("Only a manager can review a RIPA authorisation.")
    authorisation = _get_or_404(
        ripa_authorisations_visible_to(user).select_for_update(of=("self",)), authorisation_id, "The RIPA authorisation"
    )
    errors: dict[str, list[str]] = {}
    notes = notes.strip() if isinstance(notes, str) else ""
    if not notes or len(notes) > 500:
        errors["notes"] = ["Enter notes of 500 characters or fewer."]
    if kind not in RipaReview.Kind.values:
        errors["kind"] = ["Choose review, renewal or cancellation."]
    if on is None or on > timezone.localdate():
        errors["on"] = ["Enter a date that is today or in the past."]
    if authorisation.cancelled_at is not None:
        errors["kind"] = ["This authorisation has been cancelled."]
    if kind == RipaReview.Kind.RENEWAL:
        latest = ripa_max_valid_to(authorisation.valid_to)
        if renewed_to is None or renewed_to <= authorisation.valid_to or renewed_to > latest:
            errors["renewed_to"] = [
                f"A renewal runs from the current end date for at most {RIPA_MAX_MONTHS} months: "
                f"end it after {authorisation.valid_to:%d %B %Y} and on or before {latest:%d %B %Y}."
            ]
    if errors:
        raise Invalid("Check the review details.", fields=errors)
    review = RipaReview.objects.create(
        authorisation=authorisation,
        kind=kind,
        on=on,
        notes=notes,
        renewed_to=renewed_to if kind == RipaReview.Kind.RENEWAL else None,
        recorded_by=user,
    )
    if kind == RipaReview.Kind.RENEWAL:
        authorisation.valid_to = renewed_to
        authorisation.save(update_fields=["valid_to"])
    elif kind == RipaReview.Kind.CANCELLATION:
        authorisation.cancelled_at = timezone.now()
        authorisation.cancelled_by = user
        authorisation.cancellation_reason = notes
        authorisation.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
    return review
