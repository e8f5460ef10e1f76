"""Retention: after a household closes, remove what has been kept long enough.

Periods are admin-set per outcome (withdrawn, not approved, approved) and per
kind of record. A legal hold stops everything for that household. Checks and
refusals are deleted through the one path the database allows (the
`socialcheck.retention` flag), their audit entries are redacted in the same
transaction so the chain still verifies, and each removal is written to the
destruction register. Applicants are anonymised rather than deleted, so the
register and the trail keep their shape.
"""

import datetime
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from audit.models import Action, AuditEvent
from audit.redaction import redact_events
from audit.services import audit_record
from cases.models import Applicant, CaseOutcome, Household
from checks.models import CheckCorrection, Refusal, SocialCheck
from consent.models import Consent
from incidents.models import Incident
from platforms.models import SocialProfile
from ripa.selectors import keep_records_until, records_kept_until, ripa_records_of
from t4c_socialcheck.dates import add_calendar_months

from .models import DestructionRecord, RecordKind, RetentionPeriod, SubjectAccessItem, SubjectAccessRequest

# Used when an admin has not set a period. Deliberately cautious placeholders:
# each local authority sets its own from its retention schedule.
DEFAULT_MONTHS = {
    CaseOutcome.WITHDRAWN: 24,
    CaseOutcome.NOT_SUITABLE: 36,
    CaseOutcome.NOT_APPROVED: 36,
    CaseOutcome.APPROVED_AND_CLOSED: 120,
    CaseOutcome.CLOSED_OTHER: 36,
}
ANONYMISED = "Removed"


def household_outcome(household: Household) -> CaseOutcome | None:
    if household.closed_on is None or not household.outcome:
        return None
    return CaseOutcome(household.outcome)


def retention_until(
    household: Household, periods: dict | None = None, ripa_records: list | None = None
) -> datetime.date | None:
    """The last day the applicants' personal details are kept: the closing date plus
    the outcome's period, or later if RIPA records about them must still be kept.
    None while the case is open, on legal hold, or a RIPA application is live.
    `periods` and `ripa_records` (the household's, from `retention_until_each`) save their queries."""
    outcome = household_outcome(household)
    if outcome is None or household.legal_hold:
        return None
    periods = periods if periods is not None else _periods()
    until = add_calendar_months(household.closed_on, periods[(outcome, RecordKind.CASE)])
    if ripa_records is None:
        held, ripa_until = keep_records_until(Applicant.objects.filter(household=household).values("pk"))
    else:
        held, ripa_until = records_kept_until(ripa_records)
    if held and ripa_until is None:
        return None  # a RIPA application is still live: kept, like a hold
    return max(until, ripa_until) if held else until


def retention_until_each(households) -> dict[int, datetime.date | None]:
    """`retention_until` of each household (by id) of a page: at most two queries whatever its
    size (the periods, and the RIPA records of the closed households' applicants)."""
    closed = [h for h in households if household_outcome(h) is not None and not h.legal_hold]
    if not closed:
        return {h.pk: None for h in households}
    periods = _periods()
    records: dict[int, list] = {h.pk: [] for h in closed}
    applicants = Applicant.objects.filter(household__in=[h.pk for h in closed]).values("pk")
    for application in ripa_records_of(applicants).select_related("applicant"):
        records[application.applicant.household_id].append(application)
    until = {h.pk: retention_until(h, periods, records[h.pk]) for h in closed}
    return {h.pk: until.get(h.pk) for h in households}


@dataclass
class PlannedRemoval:
    household: Household
    outcome: CaseOutcome
    kind: RecordKind
    months: int
    ids: list[int]


@dataclass
class RetentionReport:
    removals: list[PlannedRemoval] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    # Households whose RIPA records must still be kept (3 years after the authorisation ends).
    ripa_held: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        totals = {kind.value: 0 for kind in RecordKind}
        for removal in self.removals:
            totals[removal.kind] += len(removal.ids)
        return totals


def retention_periods() -> dict[tuple[str, str], int]:
    """The live periods, (outcome, record kind) → months, defaults where an admin set none."""
    return _periods()


def _periods() -> dict[tuple[str, str], int]:
    periods = {(o, k): DEFAULT_MONTHS[o] for o in CaseOutcome for k in RecordKind}
    periods.update({(p.outcome, p.record_kind): p.months for p in RetentionPeriod.objects.all()})
    return periods


def _record_ids(kind: RecordKind, household: Household) -> list[int]:
    applicants = Applicant.objects.filter(household=household)
    if kind == RecordKind.CHECKS:
        return list(SocialCheck.objects.filter(applicant__in=applicants).values_list("pk", flat=True))
    if kind == RecordKind.REFUSALS:
        return list(Refusal.objects.filter(applicant__in=applicants).values_list("pk", flat=True))
    if kind == RecordKind.INCIDENTS:
        return list(Incident.objects.filter(household=household).values_list("pk", flat=True))
    return list(applicants.filter(anonymised_at__isnull=True).values_list("pk", flat=True))


def retention_plan(today: datetime.date | None = None) -> RetentionReport:
    today = today or timezone.localdate()
    periods = _periods()
    report = RetentionReport()
    for household in Household.objects.filter(closed_on__isnull=False).order_by("closed_on", "pk"):
        outcome = household_outcome(household)
        if outcome is None:
            continue
        if household.legal_hold:
            report.held.append(household.reference)
            continue
        # The RIPA code's floor outranks the case's own periods: nothing of a household whose
        # applicant was a RIPA subject goes (not the subject's details, not the views, not the
        # refusals) until 3 years after the last authorisation ended.
        if keep_records_until(Applicant.objects.filter(household=household).values("pk"), today)[0]:
            report.ripa_held.append(household.reference)
            continue
        for kind in RecordKind:
            months = periods[(outcome, kind)]
            if today <= add_calendar_months(household.closed_on, months):
                continue
            ids = _record_ids(kind, household)
            if ids:
                report.removals.append(PlannedRemoval(household, outcome, kind, months, ids))
    return report


def retention_rule(removal: PlannedRemoval) -> str:
    """The rule a removal falls under, as the audit trail records it."""
    return (
        f"retention: {removal.kind} of households {removal.outcome}, {removal.months} months after closing"
        f" (household {removal.household.reference})"
    )


def _forget_logentries(model, ids) -> None:
    """django-auditlog's own rows hold the removed values too."""
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(i) for i in ids]).delete()


def _remove(removal: PlannedRemoval) -> list[int]:
    """Remove one planned set; returns the audit entries to redact."""
    ids = removal.ids
    if removal.kind == RecordKind.CHECKS:
        events = AuditEvent.objects.filter(
            record_type__in=["socialcheck", "checkcorrection"], record_id__in=map(str, ids)
        )
        correction_ids = list(CheckCorrection.objects.filter(social_check__in=ids).values_list("pk", flat=True))
        CheckCorrection.objects.filter(pk__in=correction_ids).delete()
        SocialCheck.objects.filter(pk__in=ids).delete()
        _forget_logentries(SocialCheck, ids)
        _forget_logentries(CheckCorrection, correction_ids)
    elif removal.kind == RecordKind.REFUSALS:
        events = AuditEvent.objects.filter(record_type="refusal", record_id__in=map(str, ids))
        Incident.objects.filter(refusal__in=ids).update(refusal=None)
        from checks.models import RefusalReview

        RefusalReview.objects.filter(refusal__in=ids).delete()
        Refusal.objects.filter(pk__in=ids).delete()
        _forget_logentries(Refusal, ids)
    elif removal.kind == RecordKind.INCIDENTS:
        events = AuditEvent.objects.filter(record_type="incident", record_id__in=map(str, ids))
        Incident.objects.filter(pk__in=ids).delete()
        _forget_logentries(Incident, ids)
    else:
        events = AuditEvent.objects.filter(applicant_id__in=ids)
        now = timezone.now()
        Applicant.objects.filter(pk__in=ids).update(
            first_name=ANONYMISED,
            last_name=ANONYMISED,
            date_of_birth=None,
            information_formats=[],
            translation_language="",
            communication_support=[],
            interpreter_language="",
            communication_notes="",
            needs_review_on=None,
            anonymised_at=now,
        )
        for profile in SocialProfile.objects.filter(applicant__in=ids):
            SocialProfile.objects.filter(pk=profile.pk).update(identity=f"removed-{profile.pk}", entered="")
        Consent.objects.filter(applicant__in=ids).update(withdrawal_reason="")
        # Subject access: the gathered copies go too; the requests keep their dates and decisions.
        items = SubjectAccessItem.objects.filter(request__applicant__in=ids)
        _forget_logentries(SubjectAccessItem, list(items.values_list("pk", flat=True)))
        items.update(rows=[], title=ANONYMISED, redact_phrases="", note="")
        requests = SubjectAccessRequest.objects.filter(applicant__in=ids)
        _forget_logentries(SubjectAccessRequest, list(requests.values_list("pk", flat=True)))
        requests.update(requested_by=ANONYMISED, identity_check=ANONYMISED, extension_reason="")
        # Corrections hold the names and dates of birth before: they go with the rest.
        from cases.models import ApplicantCorrection

        corrections = ApplicantCorrection.objects.filter(applicant__in=ids)
        _forget_logentries(ApplicantCorrection, list(corrections.values_list("pk", flat=True)))
        corrections.delete()
        _forget_logentries(Applicant, ids)
        _forget_logentries(
            SocialProfile, list(SocialProfile.objects.filter(applicant__in=ids).values_list("pk", flat=True))
        )
        _forget_logentries(Consent, list(Consent.objects.filter(applicant__in=ids).values_list("pk", flat=True)))
    return list(events.values_list("pk", flat=True))


@transaction.atomic
def apply_retention(*, today: datetime.date | None = None, actor=None) -> RetentionReport:
    report = retention_plan(today)
    run_at = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('socialcheck.retention', 'on', true)")
    to_redact: list[tuple[list[int], str]] = []
    with disable_auditlog():
        for removal in report.removals:
            to_redact.append((_remove(removal), retention_rule(removal)))
            DestructionRecord.objects.create(
                run_at=run_at,
                household_reference=removal.household.reference,
                household_id=removal.household.pk,
                outcome=removal.outcome,
                record_kind=removal.kind,
                count=len(removal.ids),
                closed_on=removal.household.closed_on,
                retention_months=removal.months,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('socialcheck.retention', 'off', true)")
    # Each redacted audit entry gets a chained entry of its own naming the rule it fell under.
    redacted = sum(redact_events(ids, rule=rule, actor=actor) for ids, rule in to_redact)
    audit_record(
        actor=actor,
        action=Action.DELETE,
        record_type="retention_run",
        summary="Retention run: " + ", ".join(f"{k} {n}" for k, n in report.counts().items()),
        data={
            "counts": report.counts(),
            "legal_holds": len(report.held),
            "ripa_records_kept": len(report.ripa_held),
            "redacted_audit_entries": redacted,
        },
    )
    return report
