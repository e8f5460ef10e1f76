"""Subject access requests, from receipt to the sent pack. One service layer for pages, admin and shell.

The data protection officer (the auditor role: every council) and managers (their
teams' applicants) run a request: they record it, the app gathers every item about
the person, they review each item, and only then is the pack made and sent. Every
step is audited. Auditors otherwise change nothing: this is the one thing they do.
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role
from audit.models import Action
from audit.services import audit_record
from cases.models import Applicant
from cases.scope import applicants_visible_to
from t4c_socialcheck.dates import add_calendar_months, is_calendar_date
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted
from t4c_socialcheck.limits import max_length

from .gather import gather
from .models import (
    MAX_EXTENSION_MONTHS,
    Decision,
    Exemption,
    SendMethod,
    SubjectAccessItem,
    SubjectAccessRequest,
)

REVIEWERS = (Role.AUDITOR, Role.MANAGER)
ONLY_REVIEWERS = "Only the data protection officer and managers deal with subject access requests."


def may_review(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in REVIEWERS


def _require_reviewer(user) -> None:
    if not may_review(user):
        raise NotPermitted(ONLY_REVIEWERS)


def requests_visible_to(user) -> QuerySet:
    """The data protection officer sees every council's requests; a manager those about their
    teams' applicants; nobody else any."""
    if not may_review(user):
        return SubjectAccessRequest.objects.none()
    requests = SubjectAccessRequest.objects.all()
    if user.role != Role.AUDITOR:
        requests = requests.filter(applicant__in=applicants_visible_to(user).values("pk"))
    return requests.select_related("applicant__household__local_authority")


def overdue_requests(user) -> QuerySet:
    return requests_visible_to(user).filter(completed_on__isnull=True, due_on__lt=timezone.localdate())


def _request(user, request_id, *, lock=False) -> SubjectAccessRequest:
    _require_reviewer(user)
    queryset = requests_visible_to(user)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(pk=request_id)
    except (SubjectAccessRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound("The subject access request was not found.") from None


def _text(name: str, value, model, field: str, *, required: str | None = None) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise Invalid(required, fields={name: [required]})
    limit = max_length(model, field)
    if len(value) > limit:
        message = f"Must be {limit} characters or fewer."
        raise Invalid(message, fields={name: [message]})
    return value


def _past_date(name: str, value, what: str) -> datetime.date:
    if not is_calendar_date(value):
        raise Invalid(f"Enter {what}.", fields={name: [f"Enter {what}."]})
    if value > timezone.localdate():
        message = f"{what[0].upper()}{what[1:]} must be today or in the past."
        raise Invalid(message, fields={name: [message]})
    return value


def _audit(user, sar: SubjectAccessRequest, action: str, summary: str, data: dict | None = None) -> None:
    audit_record(
        actor=user,
        action=action,
        record_type="subjectaccessrequest",
        record_id=sar.pk,
        summary=summary,
        obj=sar,
        data={"subject_access_request": sar.pk, **(data or {})},
    )


@transaction.atomic
def sar_open(*, user, applicant_id, requested_by: str, identity_check: str, received_on) -> SubjectAccessRequest:
    """Record a request and gather every item about the person, each waiting for review."""
    _require_reviewer(user)
    try:
        applicant = (
            applicants_visible_to(user)
            .select_for_update(of=("self",))
            .select_related("household__local_authority", "household__allocated_worker")
            .get(pk=applicant_id)
        )
    except (Applicant.DoesNotExist, ValueError, TypeError):
        raise NotFound("The applicant was not found.") from None
    requested_by = _text(
        "requested_by", requested_by, SubjectAccessRequest, "requested_by", required="Enter who made the request."
    )
    identity_check = _text(
        "identity_check",
        identity_check,
        SubjectAccessRequest,
        "identity_check",
        required="Enter how the requester's identity was checked.",
    )
    received_on = _past_date("received_on", received_on, "the date the request was received")
    sar = SubjectAccessRequest.objects.create(
        applicant=applicant,
        requested_by=requested_by,
        identity_check=identity_check,
        received_on=received_on,
        recorded_by=user,
    )
    items = [
        SubjectAccessItem(request=sar, category=g.category, source=g.source, title=g.title[:200], rows=g.rows)
        for g in gather(applicant)
    ]
    SubjectAccessItem.objects.bulk_create(items)
    _audit(
        user,
        sar,
        Action.CREATE,
        f"Subject access request {sar.pk} recorded; {len(items)} items gathered",
        {"items": len(items), "due_on": sar.due_on.isoformat()},
    )
    return sar


@transaction.atomic
def sar_extend(*, user, request_id, months, reason: str, told_on) -> SubjectAccessRequest:
    """Extend the deadline by up to two further months in all, with the reason and when the requester was told."""
    sar = _request(user, request_id, lock=True)
    if sar.completed_on:
        raise Conflict("The pack has been sent: the request is finished.", code="ALREADY_COMPLETED")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise Invalid("Choose how many months to extend by.", fields={"months": ["Choose 1 or 2 months."]})
    if sar.extension_months + months > MAX_EXTENSION_MONTHS:
        left = MAX_EXTENSION_MONTHS - sar.extension_months
        message = "A request can be extended by at most two further months, three months in all. " + (
            f"This one can be extended by {left} more month." if left else "This one has been extended fully."
        )
        raise Invalid(message, fields={"months": [message]})
    reason = _text(
        "reason", reason, SubjectAccessRequest, "extension_reason", required="Enter why more time is needed."
    )
    told_on = _past_date("told_on", told_on, "the date the requester was told")
    if told_on < sar.received_on:
        message = "The requester cannot have been told before the request was received."
        raise Invalid(message, fields={"told_on": [message]})
    if told_on > sar.due_on:
        # Article 12(3): the requester is told of an extension within the first month (or current deadline).
        message = "The requester must be told of an extension before the current deadline."
        raise Invalid(message, fields={"told_on": [message]})
    sar.extension_months += months
    sar.extension_reason = reason
    sar.extension_told_on = told_on
    sar.save(update_fields=["extension_months", "extension_reason", "extension_told_on"])
    _audit(
        user,
        sar,
        Action.UPDATE,
        f"Subject access request {sar.pk} extended by {months} month(s)",
        {"months": months, "due_on": sar.due_on.isoformat(), "told_on": told_on.isoformat()},
    )
    return sar


def items_visible_to(user) -> QuerySet:
    return SubjectAccessItem.objects.filter(request__in=requests_visible_to(user).values("pk")).select_related(
        "request__applicant__household"
    )


@transaction.atomic
def sar_review_item(
    *, user, item_id, decision: str, exemption: str = "", note: str = "", redact_phrases: str = ""
) -> SubjectAccessItem:
    """Disclose, redact (staff and third parties' details masked, visibly) or withhold with an exemption."""
    _require_reviewer(user)
    try:
        item = items_visible_to(user).select_for_update(of=("self",)).get(pk=item_id)
    except (SubjectAccessItem.DoesNotExist, ValueError, TypeError):
        raise NotFound("The item was not found.") from None
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=item.request_id)
    if sar.pack_made_at:
        raise Conflict("The pack has been made: its items can no longer be changed.", code="ALREADY_COMPLETED")
    errors: dict[str, list[str]] = {}
    if decision not in (Decision.DISCLOSE, Decision.REDACT, Decision.WITHHOLD):
        errors["decision"] = ["Choose disclose, redact or withhold."]
    note = _text("note", note, SubjectAccessItem, "note")
    redact_phrases = _text("redact_phrases", redact_phrases, SubjectAccessItem, "redact_phrases")
    if decision == Decision.WITHHOLD:
        if exemption not in Exemption.values:
            errors["exemption"] = ["Choose the exemption the decision to withhold relies on."]
        if not note:
            errors["note"] = ["Explain why the exemption applies to this item."]
    else:
        exemption = ""
    if decision != Decision.REDACT:
        redact_phrases = ""
    if errors:
        raise Invalid("Check the review of this item.", fields=errors)
    item.decision = decision
    item.exemption = exemption
    item.note = note
    item.redact_phrases = redact_phrases
    item.reviewed_by = user
    item.reviewed_at = timezone.now()
    item.save()
    _audit(
        user,
        sar,
        Action.UPDATE,
        f"Subject access item {item.pk} reviewed: {item.get_decision_display().lower()}",
        {"item": item.pk, "decision": decision, "exemption": exemption},
    )
    return item


@transaction.atomic
def sar_make_pack(*, user, request_id) -> SubjectAccessRequest:
    """Only once every item is reviewed."""
    sar = _request(user, request_id, lock=True)
    if sar.pack_made_at:
        raise Conflict("The pack has already been made.", code="ALREADY_COMPLETED")
    pending = sar.items.filter(decision=Decision.PENDING).count()
    if pending:
        noun = "item has" if pending == 1 else "items have"
        raise Invalid(
            f"The pack cannot be made yet: {pending} {noun} not been reviewed. Review every item first.",
            fields={"items": [f"{pending} {noun} not been reviewed."]},
        )
    sar.pack_made_at = timezone.now()
    sar.pack_made_by = user
    sar.save(update_fields=["pack_made_at", "pack_made_by"])
    counts = {d: sar.items.filter(decision=d).count() for d in (Decision.DISCLOSE, Decision.REDACT, Decision.WITHHOLD)}
    _audit(user, sar, Action.UPDATE, f"Subject access pack made for request {sar.pk}", {"decisions": counts})
    return sar


def sar_pack_for_download(*, user, request_id, request=None) -> tuple[SubjectAccessRequest, bytes]:
    """The pack as a zip (PDF and JSON); each download is recorded as an export."""
    from .pack import pack_zip

    sar = _request(user, request_id)
    if not sar.pack_made_at:
        raise Conflict("The pack has not been made yet: review every item, then make it.", code="INVALID_TRANSITION")
    data = pack_zip(sar)
    audit_record(
        actor=user,
        action=Action.EXPORT,
        record_type="subjectaccessrequest",
        record_id=sar.pk,
        summary=f"Subject access pack downloaded for request {sar.pk}",
        obj=sar,
        data={"export": "subject access pack"},
        request=request,
    )
    return sar, data


@transaction.atomic
def sar_record_sent(*, user, request_id, sent_on, sent_how: str) -> SubjectAccessRequest:
    sar = _request(user, request_id, lock=True)
    if not sar.pack_made_at:
        raise Conflict("Make the pack before recording that it was sent.", code="INVALID_TRANSITION")
    if sar.completed_on:
        raise Conflict("The pack is already recorded as sent.", code="ALREADY_COMPLETED")
    if sent_how not in SendMethod.values:
        raise Invalid("Choose how the pack was sent.", fields={"sent_how": ["Choose how the pack was sent."]})
    sent_on = _past_date("sent_on", sent_on, "the date the pack was sent")
    if sent_on < sar.received_on:
        message = "The pack cannot have been sent before the request was received."
        raise Invalid(message, fields={"sent_on": [message]})
    sar.completed_on = sent_on
    sar.sent_how = sent_how
    sar.save(update_fields=["completed_on", "sent_how"])
    _audit(
        user,
        sar,
        Action.UPDATE,
        f"Subject access pack sent for request {sar.pk}",
        {"sent_on": sent_on.isoformat(), "sent_how": sent_how, "late": sent_on > sar.due_on},
    )
    return sar


def due_date(received_on: datetime.date, extension_months: int = 0) -> datetime.date:
    return add_calendar_months(received_on, 1 + extension_months)
