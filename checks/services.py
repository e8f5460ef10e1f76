"""Starting and completing a check: the one path every entry point uses.

Decide, write, present. `check_start` locks the applicant and reads the facts
(`checks.facts`), asks `checks.rules`, and writes either the check or the
refusal, then *returns* the decision: raising would roll back the record of
a refused attempt.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.selectors import line_manager_emails
from audit.services import audit_denied, audit_denied_if_exists
from audit.signals import create_with_entry
from cases.models import Applicant
from cases.scope import can_act_on_household, households_visible_to
from cases.selectors import communication_needs_line
from notifications.services import absolute_url, notify
from ripa.models import RipaApplication
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted
from t4c_socialcheck.limits import as_id, max_length

from . import rules
from .facts import Attempt, NotFoundForAttempt, lock_and_read
from .models import (
    DECLARATION_FIELDS,
    CheckOutcome,
    CheckVoid,
    Refusal,
    SocialCheck,
)

MAX_PURPOSE = max_length(SocialCheck, "purpose")
MAX_FINDINGS = max_length(SocialCheck, "findings_summary")
# One answer for every id that does not exist or is not this applicant's: which one is not said.
NOT_FOUND = "The applicant, profile or viewing account was not found."


@dataclass(frozen=True)
class StartResult:
    decision: rules.Decision
    social_check: SocialCheck | None = None
    refusal: Refusal | None = None
    # True when the applicant is outside the user's scope: no refusal is
    # recorded, and entry points answer "not found" (NOT_FOUND) rather than
    # confirm the applicant exists.
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


def _record_refusal(*, user, attempt: Attempt, ripa, decision, declarations, purpose) -> Refusal:
    refusal = Refusal.objects.create(
        user=user,
        at=timezone.now(),
        applicant=attempt.applicant,
        profile=attempt.profile,
        platform=attempt.profile.platform,
        viewing_account_id=attempt.viewing_account_id,
        ripa_authorisation=ripa,
        code=decision.first.code,
        codes=list(decision.codes),
        messages=list(decision.messages),
        request={
            "declarations": {k: declarations.get(k) is True for k in DECLARATION_FIELDS}
            if isinstance(declarations, dict)
            else {},
            "purpose": purpose[:MAX_PURPOSE],
        },
    )
    household = attempt.applicant.household
    notify(
        kind="refusal",
        template="refusal",
        context={
            "actor_name": user.get_full_name() or user.username,
            "refusal": refusal,
            "household": household,
            "decision": decision,
            "first": decision.first,
            "review_url": absolute_url("refusal-detail", refusal.pk),
            # Flag: the manager meets the applicant's needs when following up.
            "needs_line": communication_needs_line(attempt.applicant),
        },
        recipients=line_manager_emails(user, household),
        about=f"refusal:{refusal.pk}",
        local_authority=household.local_authority,
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
) -> StartResult:
    """Apply the rules to one attempt to view a profile and record it, allowed or refused."""
    attempt = {
        "user": user,
        "applicant_id": applicant_id,
        "profile_id": profile_id,
        "viewing_account_id": viewing_account_id,
        "declarations": declarations,
        "purpose": _clean_purpose(purpose),
        "ripa_authorisation_id": ripa_authorisation_id,
    }
    if ripa_authorisation_id is not None:
        # Only an authorisation about a household the user may see: another's answers as one that
        # does not exist (and the attempt is on the audit trail), never with a refusal naming it.
        ripa_id = as_id(ripa_authorisation_id)
        in_scope = RipaApplication.objects.filter(
            pk=ripa_id, applicant__household__in=households_visible_to(user).values("pk")
        )
        if not in_scope.exists():
            audit_denied_if_exists(user=user, model=RipaApplication, pk=ripa_id)
            raise NotFound("The RIPA authorisation was not found.")
    try:
        return _decide_and_record(**attempt)
    except IntegrityError:
        # A one-off constraint fired: a check was written without taking the
        # applicant's lock (not through this service). Ask again: the rules now
        # see that check, and the refusal is recorded like any other.
        return _decide_and_record(**attempt)


@transaction.atomic
def _decide_and_record(
    *, user, applicant_id, profile_id, viewing_account_id, declarations, purpose, ripa_authorisation_id
) -> StartResult:
    ripa = None
    if ripa_authorisation_id is not None:
        # Locked: a cancellation or a review that stops it waits for this view, or this view for it.
        ripa = _get_or_404(
            RipaApplication.objects.select_for_update(of=("self",)), ripa_authorisation_id, "The RIPA authorisation"
        )
    try:
        attempt = lock_and_read(
            user=user,
            applicant_id=applicant_id,
            profile_id=profile_id,
            viewing_account_id=viewing_account_id,
            declarations=declarations,
            ripa=ripa,
        )
    except NotFoundForAttempt:
        raise NotFound(NOT_FOUND) from None
    decision = rules.decide(attempt.facts)
    if not attempt.visible:
        # Outside the user's scope: nothing is recorded that a manager would
        # read (a refusal names the applicant); the trail keeps the attempt by ids.
        audit_denied(user=user, obj=attempt.applicant, data={"profile": attempt.profile.pk})
        return StartResult(decision=decision, hidden=True)
    if decision.allowed:
        social_check = create_with_entry(
            SocialCheck,
            actor=user,
            applicant=attempt.applicant,
            profile=attempt.profile,
            consent_id=attempt.live_consent_id,
            worker=user,
            viewing_account_id=attempt.viewing_account_id,
            ripa_authorisation=ripa,
            purpose=purpose,
            started_at=timezone.now(),
            joint_applicant=attempt.joint_applicant,
            joint_consent_id=attempt.joint_consent_id,
            one_off_number=attempt.one_off_number,
            joint_one_off_number=attempt.joint_one_off_number,
            **dict.fromkeys(DECLARATION_FIELDS, True),
        )
        return StartResult(decision=decision, social_check=social_check)
    refusal = _record_refusal(
        user=user, attempt=attempt, ripa=ripa, decision=decision, declarations=declarations, purpose=purpose
    )
    return StartResult(decision=decision, refusal=refusal)


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
    if outcome not in CheckOutcome.values:
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
    if outcome == CheckOutcome.WRONG_PERSON:
        _open_wrong_person_incident(user, social_check)
    return social_check


def _open_wrong_person_incident(user, social_check: SocialCheck):
    """A third party's page was viewed: a data protection incident for the household's
    council, whose data protection officer the incidents service tells (clause 7.9)."""
    from incidents.models import IncidentKind
    from incidents.services import incident_report

    profile = social_check.profile
    incident_report(
        user=user,
        kind=IncidentKind.DATA_BREACH,
        description=(
            f"Opened automatically: check {social_check.pk} of {profile.platform.name} profile {profile.normalised} "
            f"found the profile plainly belongs to someone else, so a third party's page was viewed. "
            f"Nothing about that person may be recorded. Decide whether the ICO must be told."
        ),
        occurred_at=social_check.started_at,
        applicant_id=social_check.applicant_id,
    )


@transaction.atomic
def check_void(*, user, social_check_id, reason) -> CheckVoid:
    """A manager other than the check's worker voids a completed check that saw
    nothing of the applicant (`profile_not_found`, `wrong_person`): a
    countersignature. Each applicant it covered may then have one check of
    another profile, once per application; the voided profile stays viewed."""
    from cases.services import require_open

    from .selectors import checks_visible_to, why_not_voidable

    if not user.is_manager:
        raise NotPermitted("Only a manager can void a check.")
    social_check_id = as_id(social_check_id)
    found = checks_visible_to(user).filter(pk=social_check_id).values_list("applicant_id", "joint_applicant_id")
    covered = found.first() if social_check_id is not None else None
    if covered is None:
        raise NotFound("The check was not found.")
    # The applicants' rows first, in id order, as check_start takes them: a void and a
    # start (or two voids) for the same applicants run one after the other.
    list(
        Applicant.objects.select_for_update()
        .filter(pk__in=[pk for pk in covered if pk])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    social_check = (
        SocialCheck.objects.select_for_update(of=("self",))
        .select_related("applicant__household", "worker")
        .get(pk=social_check_id)
    )
    household = social_check.applicant.household
    if not can_act_on_household(user, household):
        raise NotFound("The check was not found.")
    if user.pk in (social_check.worker_id, social_check.completed_by_id):
        raise NotPermitted("A check is voided by a manager other than the worker who made it or recorded its findings.")
    require_open(household)
    reason = reason.strip() if isinstance(reason, str) else ""
    limit = max_length(CheckVoid, "reason")
    if not reason or len(reason) > limit:
        message = f"Enter the reason for voiding the check ({limit} characters or fewer)."
        raise Invalid(message, fields={"reason": [message]})
    problem = why_not_voidable(social_check)
    if problem:
        raise Conflict(problem, code="NOT_VOIDABLE")
    void = CheckVoid.objects.create(
        social_check=social_check,
        applicant=social_check.applicant,
        reason=reason,
        voided_by=user,
        voided_at=timezone.now(),
    )
    worker = social_check.worker
    notify(
        kind="check_voided",
        template="check_voided",
        context={
            "actor_name": user.get_full_name() or user.username,
            "worker_name": worker.get_full_name() or worker.username,
            "void": void,
            "social_check": social_check,
            "household": household,
            "url": absolute_url("void-list"),
            "needs_line": communication_needs_line(social_check.applicant),
        },
        # The voiding manager's own manager, or the household team's other managers.
        recipients=line_manager_emails(user, household),
        about=f"checkvoid:{void.pk}",
    )
    return void


@transaction.atomic
def refusal_review(*, user, refusal_id, comment: str):
    """A manager records that they have looked at a refusal, and what they think."""
    from .models import RefusalReview
    from .selectors import refusals_visible_to

    if not user.is_manager:
        raise NotPermitted("Only a manager can review a refusal.")
    refusal = _get_or_404(refusals_visible_to(user), refusal_id, "The refusal")
    comment = comment.strip() if isinstance(comment, str) else ""
    limit = max_length(RefusalReview, "comment")
    if not comment or len(comment) > limit:
        raise Invalid(f"Enter a comment of {limit} characters or fewer.", fields={"comment": ["Enter a comment."]})
    if RefusalReview.objects.filter(refusal=refusal).exists():
        raise Conflict("This refusal has already been reviewed.", code="ALREADY_REVIEWED")
    return RefusalReview.objects.create(refusal=refusal, reviewed_by=user, comment=comment)
