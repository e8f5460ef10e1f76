"""Writes to households and applicants. Each runs in one transaction."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Team
from accounts.selectors import teams_of
from t4c_socialcheck.errors import Conflict, Invalid, NotPermitted
from t4c_socialcheck.limits import max_length

from .models import (
    MAX_APPLICANTS_PER_HOUSEHOLD,
    Applicant,
    CommunicationSupport,
    Household,
    InformationFormat,
    LocalAuthority,
)
from .scope import can_act_on_household


def _require_case_worker(user):
    if not user.is_case_worker:
        raise NotPermitted("Only social workers and managers can change case records.")


def _not_in_future(value: datetime.date | None, field: str, label: str):
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
) -> Household:
    _require_case_worker(user)
    reference = (reference or "").strip()
    if not reference:
        raise Invalid("Enter the ROI reference.", fields={"reference": ["Enter the ROI reference."]})
    limit = max_length(Household, "reference")
    if len(reference) > limit:
        raise Invalid(f"The reference must be {limit} characters or fewer.", fields={"reference": ["Too long."]})
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
            return Household.objects.create(
                reference=reference,
                local_authority=local_authority,
                team=team,
                allocated_worker=allocated_worker,
                received_on=received_on or timezone.localdate(),
                created_by=user,
            )
    except IntegrityError:
        raise Conflict(f"A household with reference {reference} already exists.") from None


def clean_communication_needs(needs: dict | None) -> dict:
    """Validate Accessible Information Standard needs into model field values."""
    needs = needs or {}
    formats = list(dict.fromkeys(needs.get("information_formats") or []))
    support = list(dict.fromkeys(needs.get("communication_support") or []))
    errors: dict[str, list[str]] = {}
    if any(f not in InformationFormat.values for f in formats):
        errors["information_formats"] = ["Choose formats from the list."]
    if any(s not in CommunicationSupport.values for s in support):
        errors["communication_support"] = ["Choose support from the list."]
    translation_language = (needs.get("translation_language") or "").strip()
    interpreter_language = (needs.get("interpreter_language") or "").strip()
    if InformationFormat.TRANSLATED in formats and not translation_language:
        errors["translation_language"] = ["Enter the language the text should be translated into."]
    if CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER in support and not interpreter_language:
        errors["interpreter_language"] = ["Enter the language the interpreter should speak."]
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
        "information_formats": formats,
        "translation_language": translation_language if InformationFormat.TRANSLATED in formats else "",
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
) -> Applicant:
    """Add a prospective adopter; a household has at most two."""
    _require_case_worker(user)
    # Lock the household so two simultaneous adds cannot both take the last place.
    household = Household.objects.select_for_update().get(pk=household.pk)
    if not can_act_on_household(user, household):
        raise NotPermitted("You cannot change this household.")
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
    return Applicant.objects.create(
        household=household,
        position=free[0],
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        **needs,
    )


@transaction.atomic
def applicant_update_needs(*, user, applicant: Applicant, communication_needs: dict) -> Applicant:
    _require_case_worker(user)
    if not can_act_on_household(user, applicant.household):
        raise NotPermitted("You cannot change this household.")
    for field, value in clean_communication_needs(communication_needs).items():
        setattr(applicant, field, value)
    applicant.save()
    return applicant
