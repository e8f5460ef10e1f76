"""Recording and withdrawing consent given on the Registration of Interest form."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Applicant, CommunicationSupport
from cases.scope import can_act_on_household
from cases.services import require_open
from dataprotection.notice import current_lawful_basis
from t4c_socialcheck.dates import is_calendar_date
from t4c_socialcheck.errors import Conflict, Invalid, NotPermitted
from t4c_socialcheck.limits import max_length

from .documents import ENGLISH, DocumentUnavailable, wording_for
from .models import Consent, ConsentFormat, ConsentState, ConsentText
from .selectors import consent_state


def _field_error(field: str, message: str) -> Invalid:
    return Invalid(message, fields={field: [message]})


@transaction.atomic
def consent_record(
    *,
    user,
    applicant: Applicant,
    given: bool,
    signed_on: datetime.date,
    form_reference: str,
    information_format: str = ConsentFormat.STANDARD,
    language: str = ENGLISH,
    support_used: str = "",
    support_language: str = "",
    support_reference: str = "",
) -> Consent:
    """Record the applicant's answer on the ROI form. A new signature after a
    withdrawal is a new consent; it does not reset the one-off check.

    What was given is what is recorded: the format, the language and the
    version of the wording given, the hash of that wording (easy read or
    translated, not the standard one), and any communication support used."""
    # Lock the applicant: two simultaneous recordings cannot both become the live consent.
    applicant = Applicant.objects.select_for_update().select_related("household").get(pk=applicant.pk)
    if not can_act_on_household(user, applicant.household):
        raise NotPermitted("You cannot record consent for this applicant.")
    require_open(applicant.household)
    form_reference = (form_reference or "").strip()
    if not form_reference:
        raise _field_error("form_reference", "Enter the ROI form reference.")
    limit = max_length(Consent, "form_reference")
    if len(form_reference) > limit:
        raise _field_error("form_reference", f"The ROI form reference must be {limit} characters or fewer.")
    if not is_calendar_date(signed_on):
        raise _field_error("signed_on", "Enter the date the ROI form was signed.")
    if signed_on > timezone.localdate():
        raise _field_error("signed_on", "The date signed must be today or in the past.")
    if information_format not in ConsentFormat.values:
        raise _field_error("information_format", "Choose the format the consent information was given in.")
    language = (language or ENGLISH).strip().lower()
    needed = [f for f in applicant.information_formats if f in ConsentFormat.values]
    given_as = {information_format} | ({ConsentFormat.TRANSLATED} if language != ENGLISH else set())
    if needed and not given_as & set(needed):
        labels = ", ".join(ConsentFormat(f).label.lower() for f in needed)
        raise _field_error(
            "information_format",
            f"{applicant.full_name} needs information in {labels}. Give the consent information in that format first.",
        )
    support = _clean_support(support_used, support_language, support_reference)
    state, _ = consent_state(applicant)
    if state == ConsentState.GIVEN:
        if given:
            raise Conflict("Consent is already recorded for this applicant.", fields={"given": ["Already given."]})
        raise _field_error("given", "Consent is recorded as given. To record that it has been taken back, withdraw it.")
    text = ConsentText.objects.current()
    wording = None
    if text is not None:
        try:
            wording = wording_for(text, information_format, language)
        except DocumentUnavailable as missing:
            field = (
                "language"
                if language != ENGLISH or information_format == ConsentFormat.TRANSLATED
                else "information_format"
            )
            raise _field_error(field, missing.message) from None
    elif language != ENGLISH:
        raise _field_error(
            "language", "No consent information has been published, so no translation can have been given."
        )
    basis = current_lawful_basis(applicant.household.local_authority)
    try:
        with transaction.atomic():
            return Consent.objects.create(
                applicant=applicant,
                given=given,
                signed_on=signed_on,
                form_reference=form_reference,
                information_format=information_format,
                text_version=text,
                text_sha256=wording.sha256 if wording else "",
                wording_version=wording.version if wording else "",
                language=language,
                translation=wording.translation if wording else None,
                lawful_basis_version=basis,
                lawful_basis=basis.article_6_basis[: max_length(Consent, "lawful_basis")]
                if basis
                else Consent.LAWFUL_BASIS,
                recorded_by=user,
                **support,
            )
    except IntegrityError:
        raise Conflict("Consent is already recorded for this applicant.") from None


def _clean_support(support_used: str, support_language: str, support_reference: str) -> dict:
    """Communication support used at signing: its type, language and the interpreter's name or booking."""
    support_used = (support_used or "").strip()
    support_language = (support_language or "").strip()
    support_reference = (support_reference or "").strip()
    if support_used and support_used not in CommunicationSupport.values:
        raise _field_error("support_used", "Choose the communication support used from the list.")
    if not support_used and (support_language or support_reference):
        raise _field_error("support_used", "Choose the communication support used, or leave its details empty.")
    if support_used == CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER and not support_language:
        raise _field_error("support_language", "Enter the language the interpreter spoke.")
    for field, value in (("support_language", support_language), ("support_reference", support_reference)):
        limit = max_length(Consent, field)
        if len(value) > limit:
            raise _field_error(field, f"Must be {limit} characters or fewer.")
    return {"support_used": support_used, "support_language": support_language, "support_reference": support_reference}


@transaction.atomic
def consent_withdraw(*, user, applicant: Applicant, reason: str, withdrawn_on: datetime.date | None = None) -> Consent:
    """Withdrawal is final for every check started after it."""
    applicant = Applicant.objects.select_for_update().select_related("household").get(pk=applicant.pk)
    if not can_act_on_household(user, applicant.household):
        raise NotPermitted("You cannot withdraw consent for this applicant.")
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", "Enter the reason consent was withdrawn.")
    limit = max_length(Consent, "withdrawal_reason")
    if len(reason) > limit:
        raise _field_error("reason", f"The reason must be {limit} characters or fewer.")
    withdrawn_on = withdrawn_on or timezone.localdate()
    if not is_calendar_date(withdrawn_on):
        raise _field_error("withdrawn_on", "Enter the date consent was withdrawn.")
    if withdrawn_on > timezone.localdate():
        raise _field_error("withdrawn_on", "The date of withdrawal must be today or in the past.")
    state, consent = consent_state(applicant)
    if state != ConsentState.GIVEN:
        raise _field_error("reason", "There is no consent to withdraw for this applicant.")
    if withdrawn_on < consent.signed_on:
        raise _field_error("withdrawn_on", "The date of withdrawal cannot be before the date consent was signed.")
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_reason = reason
    consent.withdrawn_by = user
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_on", "withdrawal_reason", "withdrawn_by", "withdrawn_at"])
    return consent
