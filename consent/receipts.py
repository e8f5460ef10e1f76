"""The receipt to the applicant (overt by design): when their one-off check is
completed the app makes a letter, in their format, saying that the check took
place, when, on which platform, what was recorded, how long it is kept and
their rights, with the council's privacy notice; the worker marks it sent."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from cases.scope import can_act_on_household
from t4c_socialcheck.dates import is_calendar_date
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted

from .documents import FORMATS, SUFFIX_FOR_FORMAT, Document, Made, make
from .models import CheckReceipt, ConsentFormat, ReceiptSentHow

ICO = "the Information Commissioner's Office (ico.org.uk, 0303 123 1113)"


def receipt_format(applicant) -> str:
    """The applicant's format for letters: the first of their needs a file can meet, else standard print."""
    for need in applicant.information_formats:
        if need in ConsentFormat.values and need != ConsentFormat.TRANSLATED:
            return need
    return ConsentFormat.STANDARD


def receipt_suffix(applicant) -> str:
    return SUFFIX_FOR_FORMAT[receipt_format(applicant)]


def privacy_notice_url(local_authority) -> str:
    """The council's privacy notice at its fixed public path (api.md)."""
    return f"{settings.SITE_URL}/privacy/{local_authority.slug}/"


def _retention_sentence() -> str:
    from dataprotection.models import RecordKind, RetentionPeriod

    periods = RetentionPeriod.objects.filter(record_kind=RecordKind.CHECKS).order_by("outcome")
    if not periods:
        return "We keep this record while your application is open, and for the time our retention rules set after it closes."
    parts = [f"{p.months} months if it is {p.get_outcome_display().lower()}" for p in periods]
    return (
        "We keep this record while your application is open. After it closes we keep it for "
        + "; ".join(parts)
        + ". Then it is deleted."
    )


def _when(social_check) -> str:
    return date_format(timezone.localtime(social_check.completed_at).date(), "j F Y")


def receipt_document(social_check, *, easy_read: bool = False) -> Document:
    """The letter's words. Easy read: short sentences, one idea a line."""
    applicant = social_check.applicant
    council = applicant.household.local_authority
    platform = social_check.profile.platform.name
    when = _when(social_check)
    agency = settings.SOCIALCHECK_AGENCY_NAME
    notice = privacy_notice_url(council)
    if easy_read:
        lines = (
            f"Dear {applicant.full_name}.",
            f"On {when} we looked at your {platform} page.",
            "We looked one time only.",
            "You said yes to this on your form.",
            "We wrote down a short note for your assessment.",
            f"The note says: {social_check.get_outcome_display()}.",
            "We did not write down anything about other people.",
            "We will not look again.",
            "We keep the note safe. We delete it later.",
            "You can ask to see what we keep about you.",
            "You can ask us to change it if it is wrong.",
            f"You can complain to {ICO}.",
            f"Read how {council.name} uses your information: {notice}",
        )
        return Document("We looked at your social media", lines, f"From {agency} for {council.name}.")
    paragraphs = (
        f"Dear {applicant.full_name},",
        f"On {when} a social worker from {agency} looked once at your social media profile on {platform} "
        f"({social_check.profile.normalised}), as you agreed on your Registration of Interest form. "
        "They used the agency's own account or a logged-out view and did not contact you or anyone else.",
        f"What we recorded: a short summary relevant to your assessment, with the outcome "
        f"\u201c{social_check.get_outcome_display()}\u201d. The summary reads: {social_check.findings_summary} "
        "We recorded no details of other people and took no screenshots. We will not look again.",
        f"How long we keep it: {_retention_sentence()}",
        "Your rights: you can ask for a copy of everything we hold about you (a subject access request), ask us to "
        f"correct anything that is wrong, and complain to {ICO}.",
        f"{council.name} is the data controller. Its privacy notice: {notice}"
        + (f" Its data protection officer: {council.dpo_name}, {council.dpo_email}." if council.dpo_email else ""),
    )
    return Document("Your social media check took place", paragraphs, f"{agency}, for {council.name}.")


def receipt_letter(social_check, suffix: str) -> Made:
    """The letter as a file in a format. It names the applicant and the findings, so it
    is made on each request (well under a second) and never kept on disk."""
    if suffix not in FORMATS:
        raise NotFound("There is no such format.")
    if not social_check.is_completed:
        raise NotFound("The check is not completed yet, so there is no receipt.")
    document = receipt_document(social_check, easy_read=FORMATS[suffix].consent_format == ConsentFormat.EASY_READ)
    return make(document, suffix, filename=f"check-receipt-{social_check.pk}", cache=False)


@transaction.atomic
def receipt_mark_sent(*, user, social_check, sent_on: datetime.date, sent_how: str) -> CheckReceipt:
    """Record that the worker sent the receipt: the date and how. Once per check."""
    from checks.models import SocialCheck

    social_check = (
        SocialCheck.objects.select_for_update().select_related("applicant__household").get(pk=social_check.pk)
    )
    if not can_act_on_household(user, social_check.applicant.household):
        raise NotPermitted("You cannot record the receipt for this check.")
    if not social_check.is_completed:
        raise Invalid("Complete the check before sending the receipt.", fields={"sent_on": ["Not completed yet."]})
    if not is_calendar_date(sent_on):
        raise Invalid("Enter the date it was sent.", fields={"sent_on": ["Enter the date it was sent."]})
    if sent_on > timezone.localdate():
        message = "The date sent must be today or in the past."
        raise Invalid(message, fields={"sent_on": [message]})
    if sent_on < timezone.localtime(social_check.completed_at).date():
        message = "The date sent cannot be before the check was completed."
        raise Invalid(message, fields={"sent_on": [message]})
    if sent_how not in ReceiptSentHow.values:
        message = "Choose how the receipt was sent."
        raise Invalid(message, fields={"sent_how": [message]})
    if CheckReceipt.objects.filter(social_check=social_check).exists():
        raise Conflict("The receipt is already recorded as sent.")
    try:
        with transaction.atomic():
            return CheckReceipt.objects.create(
                social_check=social_check,
                applicant=social_check.applicant,
                information_format=receipt_format(social_check.applicant),
                sent_on=sent_on,
                sent_how=sent_how,
                sent_by=user,
            )
    except IntegrityError:
        raise Conflict("The receipt is already recorded as sent.") from None
