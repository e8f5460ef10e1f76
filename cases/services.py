"""Writes to households and applicants. Each runs in one transaction."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Team
from accounts.selectors import teams_of
from t4c_socialcheck.dates import add_calendar_months, is_calendar_date
from t4c_socialcheck.errors import AlreadyClosed, Conflict, Invalid, InvalidTransition, NotFound, NotPermitted
from t4c_socialcheck.limits import as_id, max_length

from .clocks import BREAK_MAX_MONTHS
from .models import (
    LARGE_PRINT_MIN_POINTS,
    MAX_APPLICANTS_PER_HOUSEHOLD,
    NEXT_STAGES,
    Applicant,
    ApplicantCorrection,
    CaseOutcome,
    ClosingCorrection,
    CommunicationSupport,
    ContactMethod,
    Household,
    InformationFormat,
    LegalHoldChange,
    LocalAuthority,
    NeedsStatus,
    PanelRecommendation,
    Stage,
    StageMove,
)
from .scope import can_act_on_household, households_visible_to


def _require_case_worker(user):
    if not user.is_case_worker:
        raise NotPermitted("Only social workers and managers can change case records.")


def _not_in_future(value: datetime.date | None, field: str, label: str):
    if value and not is_calendar_date(value):
        message = f"Enter {label[0].lower()}{label[1:]} as a date."  # text or a date-time, typed at the shell
        raise Invalid(message, fields={field: [message]})
    if value and value > timezone.localdate():
        raise Invalid(
            f"{label} must be today or in the past.", fields={field: [f"{label} must be today or in the past."]}
        )


@transaction.atomic
def household_create(
    *,
    user,
    reference: str,
    local_authority: LocalAuthority,
    team: Team | None = None,
    allocated_worker=None,
    received_on: datetime.date | None = None,
    stage: str = Stage.ROI_RECEIVED,
) -> Household:
    """A household from its Registration of Interest, or (`stage=enquiry`) from an
    enquiry before the ROI arrives: `received_on` is then the enquiry's date, and
    the move to `roi_received` sets it to the day the ROI came."""
    _require_case_worker(user)
    if stage not in (Stage.ENQUIRY, Stage.ROI_RECEIVED):
        raise Invalid("A household starts at an enquiry or at its ROI.", fields={"stage": ["Enquiry or ROI only."]})
    reference = (reference or "").strip()
    if not reference:
        raise Invalid("Enter the ROI reference.", fields={"reference": ["Enter the ROI reference."]})
    limit = max_length(Household, "reference")
    if len(reference) > limit:
        raise Invalid(f"The reference must be {limit} characters or fewer.", fields={"reference": ["Too long."]})
    if not isinstance(local_authority, LocalAuthority):
        raise Invalid("Choose the local authority.", fields={"local_authority": ["Choose the local authority."]})
    _not_in_future(received_on, "received_on", "The date the ROI was received")
    user_teams = Team.objects.filter(pk__in=teams_of(user))
    if team is None:
        team = user_teams.first()
        if team is None:
            raise Invalid("You are not in a team. Ask an admin to add you to one.", fields={"team": ["Required."]})
    elif not user_teams.filter(pk=team.pk).exists():
        raise Invalid("You can only add households to your own team.", fields={"team": ["Not your team."]})
    if allocated_worker is not None and not team.members.filter(pk=allocated_worker.pk).exists():
        raise Invalid(
            "The allocated worker must be a member of the household's team.",
            fields={"allocated_worker": ["Not in this team."]},
        )
    if Household.objects.filter(reference__iexact=reference).exists():
        raise Conflict(
            f"A household with reference {reference} already exists.", fields={"reference": ["Already used."]}
        )
    try:
        with transaction.atomic():
            received_on = received_on or timezone.localdate()
            return Household.objects.create(
                reference=reference,
                local_authority=local_authority,
                team=team,
                allocated_worker=allocated_worker,
                received_on=received_on,
                stage=stage,
                stage_started_on=received_on,
                created_by=user,
            )
    except IntegrityError:
        raise Conflict(f"A household with reference {reference} already exists.") from None


def clean_communication_needs(needs: dict | None) -> dict:
    """Validate Accessible Information Standard needs into model field values.

    "Not yet asked" and "asked: no needs" are distinct answers; when the caller
    gives no status it follows from what was listed (needs, or not asked)."""
    needs = needs or {}
    formats = list(dict.fromkeys(needs.get("information_formats") or []))
    support = list(dict.fromkeys(needs.get("communication_support") or []))
    contact_method = (needs.get("contact_method") or "").strip()
    errors: dict[str, list[str]] = {}
    if any(f not in InformationFormat.values for f in formats):
        errors["information_formats"] = ["Choose formats from the list."]
    if any(s not in CommunicationSupport.values for s in support):
        errors["communication_support"] = ["Choose support from the list."]
    if contact_method and contact_method not in ContactMethod.values:
        errors["contact_method"] = ["Choose a contact method from the list."]
    listed = bool(formats or support or contact_method)
    status = needs.get("needs_status") or (NeedsStatus.HAS_NEEDS if listed else NeedsStatus.NOT_ASKED)
    if status not in NeedsStatus.values:
        errors["needs_status"] = ["Choose whether you have asked about their communication needs."]
    elif status != NeedsStatus.HAS_NEEDS and listed:
        errors["needs_status"] = ['You listed needs: choose "Asked: has needs", or remove the needs.']
    elif status == NeedsStatus.HAS_NEEDS and not listed:
        errors["needs_status"] = ['Choose at least one need, or choose "Asked: no needs".']
    translation_language = (needs.get("translation_language") or "").strip()
    interpreter_language = (needs.get("interpreter_language") or "").strip()
    if InformationFormat.TRANSLATED in formats and not translation_language:
        errors["translation_language"] = ["Enter the language the text should be translated into."]
    if CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER in support and not interpreter_language:
        errors["interpreter_language"] = ["Enter the language the interpreter should speak."]
    points = needs.get("large_print_points") if InformationFormat.LARGE_PRINT in formats else None
    if points in ("", None):
        points = None
    else:
        try:
            points = int(points)
        except (TypeError, ValueError):
            points = 0
        if points < LARGE_PRINT_MIN_POINTS or points > 72:
            errors["large_print_points"] = [f"Enter a print size from {LARGE_PRINT_MIN_POINTS} to 72 points."]
    for field, value in (
        ("translation_language", translation_language),
        ("interpreter_language", interpreter_language),
    ):
        if len(value) > max_length(Applicant, field):
            errors[field] = [f"Must be {max_length(Applicant, field)} characters or fewer."]
    notes = (needs.get("communication_notes") or "").strip()
    if len(notes) > max_length(Applicant, "communication_notes"):
        errors["communication_notes"] = [f"Must be {max_length(Applicant, 'communication_notes')} characters or fewer."]
    if errors:
        raise Invalid("Check the communication needs.", fields=errors)
    return {
        "needs_status": status,
        "information_formats": formats,
        "translation_language": translation_language if InformationFormat.TRANSLATED in formats else "",
        "large_print_points": points,
        "contact_method": contact_method,
        "communication_support": support,
        "interpreter_language": (
            interpreter_language if CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER in support else ""
        ),
        "communication_notes": notes,
        "needs_review_on": needs.get("needs_review_on"),
    }


def _clean_name(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(f"Enter the {label}.", fields={field: [f"Enter the {label}."]})
    limit = max_length(Applicant, field)
    if len(value) > limit:
        raise Invalid(f"The {label} must be {limit} characters or fewer.", fields={field: ["Too long."]})
    return value


@transaction.atomic
def applicant_add(
    *,
    user,
    household: Household,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    communication_needs: dict | None = None,
    earlier_applicant=None,
) -> Applicant:
    """Add a prospective adopter; a household has at most two. `earlier_applicant`:
    the same person in an earlier, closed application the user may see, as the
    worker confirmed it (`cases.selectors.earlier_applicant_candidates` suggests)."""
    _require_case_worker(user)
    # Lock the household so two simultaneous adds cannot both take the last place.
    household = households_visible_to(user).select_for_update(of=("self",)).filter(pk=household.pk).first()
    if household is None:
        raise NotFound("No household here.")  # outside the user's scope: as if it did not exist
    if not can_act_on_household(user, household):
        raise NotPermitted("You cannot change this household.")
    require_open(household)
    first_name = _clean_name(first_name, "first_name", "first name")
    last_name = _clean_name(last_name, "last_name", "last name")
    _not_in_future(date_of_birth, "date_of_birth", "Date of birth")
    needs = clean_communication_needs(communication_needs)
    taken = set(household.applicants.values_list("position", flat=True))
    free = [p for p in range(1, MAX_APPLICANTS_PER_HOUSEHOLD + 1) if p not in taken]
    if not free:
        raise Invalid(
            "A household can have at most two applicants.",
            fields={"household": ["This household already has two applicants."]},
        )
    earlier = _earlier_application(user, household, earlier_applicant)
    return Applicant.objects.create(
        household=household,
        position=free[0],
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        earlier_applicant=earlier,
        first_application_id=earlier.person_first_application_id if earlier else None,
        **needs,
    )


def _earlier_application(user, household: Household, earlier) -> Applicant | None:
    """The earlier applicant a worker confirmed: visible to them, in another application, closed."""
    if earlier is None:
        return None
    from .scope import applicants_visible_to

    earlier_id = earlier.pk if isinstance(earlier, Applicant) else as_id(earlier)
    found = applicants_visible_to(user).select_related("household").filter(pk=earlier_id).first()
    if found is None:
        raise NotFound("The earlier applicant was not found.")
    if found.household_id == household.pk:
        message = "The earlier applicant must be from an earlier application, not this one."
        raise Invalid(message, fields={"earlier_applicant": [message]})
    if not found.household.is_closed:
        message = (
            f"{found.household.reference} is still open. A returning applicant can be linked "
            "only to an earlier application that has closed."
        )
        raise Invalid(message, fields={"earlier_applicant": [message]})
    if found.anonymised_at is not None:
        message = "The earlier applicant's details have been removed under retention."
        raise Invalid(message, fields={"earlier_applicant": [message]})
    return found


@transaction.atomic
def applicant_update_needs(*, user, applicant: Applicant, communication_needs: dict) -> Applicant:
    _require_case_worker(user)
    if not can_act_on_household(user, applicant.household):
        raise NotPermitted("You cannot change this household.")
    require_open(applicant.household)
    for field, value in clean_communication_needs(communication_needs).items():
        setattr(applicant, field, value)
    applicant.save()
    return applicant


# --- The case's life: stage moves, closing, legal hold -------------------------

CLOSED_READ_ONLY = "This case is closed. Its records can no longer be changed."
REASON_MAX = 500


def require_open(household: Household):
    if household.is_closed:
        raise AlreadyClosed(CLOSED_READ_ONLY)


def _locked_household(user, household_id) -> Household:
    """The household row, locked until the transaction ends, if the user may see it (else 404)."""
    household_id = as_id(household_id)
    household = households_visible_to(user).select_for_update(of=("self",)).filter(pk=household_id).first()
    if household is None:
        raise NotFound("No household here.")
    return household


def _clean_reason(reason: str | None, *, required: bool, what: str) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise Invalid(f"Enter the reason {what}.", fields={"reason": [f"Enter the reason {what}."]})
    if len(reason) > REASON_MAX:
        message = f"The reason must be {REASON_MAX} characters or fewer."
        raise Invalid(message, fields={"reason": [message]})
    return reason


def _clean_on(on: datetime.date | None, label: str) -> datetime.date:
    if on is None:
        raise Invalid(f"Enter the date {label}.", fields={"on": [f"Enter the date {label}."]})
    _not_in_future(on, "on", f"The date {label}")
    return on


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def household_move(
    *,
    user,
    household_id: int,
    stage: str,
    on: datetime.date | None,
    reason: str = "",
    panel_recommendation: str = "",
    decision_maker: str = "",
) -> StageMove:
    """Move a household one step forwards along the process (the break may be skipped).

    The move to panel records the panel's recommendation; the move to approved
    records who made the agency's decision (the agency decision maker is not the
    panel, and may decide against its recommendation)."""
    _require_case_worker(user)
    household = _locked_household(user, household_id)
    if not can_act_on_household(user, household):
        raise NotPermitted("Only the household's social workers and managers can move its stage.")
    if stage not in Stage.values:
        raise Invalid("Choose a stage from the list.", fields={"stage": ["Choose a stage from the list."]})
    if household.is_closed:
        raise InvalidTransition(f"{household.reference} is closed: its stage cannot change.")
    on = _clean_on(on, "of the move")
    reason = _clean_reason(reason, required=False, what="for the move")
    current, target = Stage(household.stage), Stage(stage)
    allowed = NEXT_STAGES[current]
    if target not in allowed:
        if not allowed:
            detail = f"{household.reference} is approved: there is no later stage."
        else:
            detail = f"From {current.label} the case can only move to {' or '.join(s.label for s in allowed)}."
        raise InvalidTransition(detail, fields={"stage": [detail]})
    began = household.current_stage_began
    if on < began:
        detail = f"The date of the move cannot be before {current.label} began on {_long(began)}."
        raise InvalidTransition(detail, fields={"on": [detail]})
    if current == Stage.BREAK and on > add_calendar_months(began, BREAK_MAX_MONTHS):
        last = add_calendar_months(began, BREAK_MAX_MONTHS)
        detail = f"A break is at most {BREAK_MAX_MONTHS} months: this one had to end by {_long(last)}."
        raise InvalidTransition(detail, fields={"on": [detail]})
    panel_recommendation, decision_maker = _clean_panel_and_decision(target, panel_recommendation, decision_maker)
    household.stage, household.stage_started_on = target, on
    if target == Stage.ROI_RECEIVED:  # from an enquiry: the ROI's clock starts the day it came
        household.received_on = on
    household.save(update_fields=["stage", "stage_started_on", "received_on"])
    return StageMove.objects.create(
        household=household,
        stage=target,
        on=on,
        by=user,
        reason=reason,
        panel_recommendation=panel_recommendation,
        decision_maker=decision_maker,
    )


def _clean_panel_and_decision(target: Stage, recommendation: str, decision_maker: str) -> tuple[str, str]:
    recommendation, decision_maker = (recommendation or "").strip(), (decision_maker or "").strip()
    if target == Stage.PANEL:
        if recommendation not in PanelRecommendation.values:
            message = "Choose what the panel recommended."
            raise Invalid(message, fields={"panel_recommendation": [message]})
    elif recommendation:
        message = "Only the move to panel records a recommendation."
        raise Invalid(message, fields={"panel_recommendation": [message]})
    limit = max_length(StageMove, "decision_maker")
    if target == Stage.APPROVED:
        if not decision_maker:
            message = "Enter the name of the agency decision maker."
            raise Invalid(message, fields={"decision_maker": [message]})
        if len(decision_maker) > limit:
            message = f"The decision maker's name must be {limit} characters or fewer."
            raise Invalid(message, fields={"decision_maker": [message]})
    elif decision_maker:
        message = "Only the move to approved records the agency decision maker."
        raise Invalid(message, fields={"decision_maker": [message]})
    return recommendation, decision_maker


def _clean_closing(household: Household, outcome: str, on: datetime.date | None) -> datetime.date:
    if outcome not in CaseOutcome.values:
        raise Invalid("Choose the outcome.", fields={"outcome": ["Choose the outcome."]})
    on = _clean_on(on, "the case closed")
    began = household.current_stage_began
    if on < began:
        detail = f"The closing date cannot be before the current stage began on {_long(began)}."
        raise Invalid(detail, fields={"on": [detail]})
    return on


def _closing_manager(user, household_id) -> Household:
    household = _locked_household(user, household_id)
    if not (user.is_manager and can_act_on_household(user, household)):
        raise NotPermitted("Only a manager of the household's team can close it or correct its closing.")
    return household


@transaction.atomic
def household_close(*, user, household_id: int, outcome: str, on: datetime.date | None, reason: str) -> Household:
    """A manager closes a case, once, from any stage. Retention runs from `on`."""
    household = _closing_manager(user, household_id)
    if household.is_closed:
        raise AlreadyClosed(f"{household.reference} was already closed on {_long(household.closed_on)}.")
    household.closed_on = _clean_closing(household, outcome, on)
    household.outcome = outcome
    household.closed_reason = _clean_reason(reason, required=True, what="for closing")
    household.closed_by = user
    household.save(update_fields=["outcome", "closed_on", "closed_reason", "closed_by"])
    return household


@transaction.atomic
def household_closing_correct(
    *, user, household_id: int, outcome: str, on: datetime.date | None, reason: str
) -> ClosingCorrection:
    """A manager corrects a closed case's outcome or closing date; the correction is recorded.
    The case stays closed: it is never reopened."""
    household = _closing_manager(user, household_id)
    if not household.is_closed:
        raise InvalidTransition(f"{household.reference} is open: close it rather than correct it.")
    on = _clean_closing(household, outcome, on)
    reason = _clean_reason(reason, required=True, what="for the correction")
    if (outcome, on) == (household.outcome, household.closed_on):
        raise Invalid("Nothing would change: give the corrected outcome or date.", fields={"outcome": ["Unchanged."]})
    correction = ClosingCorrection.objects.create(
        household=household,
        outcome_before=household.outcome,
        closed_on_before=household.closed_on,
        outcome=outcome,
        closed_on=on,
        reason=reason,
        by=user,
    )
    household.outcome, household.closed_on = outcome, on
    household.save(update_fields=["outcome", "closed_on"])
    return correction


def _may_hold(user, household_id) -> Household:
    """Managers (of the household) and admins set and lift legal holds."""
    from accounts.models import Role

    if user.is_authenticated and user.is_active and user.role == Role.ADMIN:
        household = Household.objects.select_for_update().filter(pk=as_id(household_id)).first()
        if household is None:
            raise NotFound("No household here.")
        return household
    household = _locked_household(user, household_id)
    if not (user.is_manager and can_act_on_household(user, household)):
        raise NotPermitted("Only a manager or an admin can set or lift a legal hold.")
    return household


@transaction.atomic
def legal_hold_change(*, user, household_id: int, held: bool, reason: str) -> Household:
    """Set (`held`) or lift a legal hold, with its reason. While set, retention skips the case."""
    household = _may_hold(user, household_id)
    reason = _clean_reason(reason, required=True, what="for setting the hold" if held else "for lifting the hold")
    if household.legal_hold == held:
        detail = f"{household.reference} is {'already' if held else 'not'} on legal hold."
        raise Conflict(detail, code="INVALID_TRANSITION")
    household.legal_hold = held
    household.save(update_fields=["legal_hold"])
    LegalHoldChange.objects.create(household=household, held=held, reason=reason, by=user)
    return household


# --- Allocation and corrections -----------------------------------------------------


@transaction.atomic
def household_allocate(*, user, household_id: int, worker) -> Household:
    """A manager allocates (or re-allocates, or with `worker=None` un-allocates) a household
    to a social worker of its team. The worker is told; the change is on the audit trail."""
    household = _locked_household(user, household_id)
    if not (user.is_manager and can_act_on_household(user, household)):
        raise NotPermitted("Only a manager of the household's team can allocate its worker.")
    require_open(household)
    if worker is not None and not (
        worker.is_active and worker.is_case_worker and household.team.members.filter(pk=worker.pk).exists()
    ):
        message = f"Choose a social worker in {household.team.name}."
        raise Invalid(message, fields={"worker": [message]})
    if (worker.pk if worker else None) == household.allocated_worker_id:
        message = "That is already the allocated worker."
        raise Invalid(message, fields={"worker": [message]})
    household.allocated_worker = worker
    household.save(update_fields=["allocated_worker"])
    if worker is not None and worker.email:
        from notifications.services import absolute_url, notify

        notify(
            kind="allocation",
            template="allocation",
            context={
                "household": household,
                "worker_name": worker.get_full_name() or worker.username,
                "manager_name": user.get_full_name() or user.username,
                "url": absolute_url("household", household.pk),
            },
            recipients=[worker.email],
            about=f"household:{household.pk}",
            local_authority=household.local_authority,
        )
    return household


@transaction.atomic
def applicant_correct(
    *, user, applicant_id: int, first_name: str, last_name: str, date_of_birth: datetime.date | None, reason: str
) -> ApplicantCorrection:
    """Correct an applicant's name or date of birth. The values before are kept in the
    applicant's correction history; the change itself is on the audit trail."""
    _require_case_worker(user)
    from .scope import applicants_visible_to

    applicant = (
        applicants_visible_to(user)
        .select_for_update(of=("self",))
        .select_related("household")
        .filter(pk=as_id(applicant_id))
        .first()
    )
    if applicant is None or applicant.anonymised_at is not None:
        raise NotFound("No applicant here.")
    if not can_act_on_household(user, applicant.household):
        raise NotPermitted("You cannot change this household.")
    require_open(applicant.household)
    first_name = _clean_name(first_name, "first_name", "first name")
    last_name = _clean_name(last_name, "last_name", "last name")
    _not_in_future(date_of_birth, "date_of_birth", "Date of birth")
    reason = _clean_reason(reason, required=True, what="for the correction")
    before = (applicant.first_name, applicant.last_name, applicant.date_of_birth)
    if (first_name, last_name, date_of_birth) == before:
        message = "Nothing would change: give the corrected name or date of birth."
        raise Invalid(message, fields={"first_name": [message]})
    correction = ApplicantCorrection.objects.create(
        applicant=applicant,
        first_name_before=before[0],
        last_name_before=before[1],
        date_of_birth_before=before[2],
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        reason=reason,
        by=user,
    )
    applicant.first_name, applicant.last_name, applicant.date_of_birth = first_name, last_name, date_of_birth
    applicant.save(update_fields=["first_name", "last_name", "date_of_birth"])
    return correction
