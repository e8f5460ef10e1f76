import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from audit.verify import verify_audit
from cases.models import Applicant, CaseOutcome
from checks.models import Refusal, SocialCheck
from checks.services import check_complete
from dataprotection.models import DestructionRecord, RecordKind, RetentionPeriod
from dataprotection.retention import apply_retention, retention_plan
from incidents.services import incident_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path)


@pytest.fixture
def closed_case(worker, applicant, consent, profile, start):
    """A withdrawn household with a completed check, a refusal and an incident."""
    check = start(worker, applicant, profile).social_check
    check_complete(
        user=worker,
        social_check_id=check.pk,
        findings_summary="Private detail about Alex.",
        outcome="no_concerns",
        no_third_party_details=True,
    )
    start(worker, applicant, profile)  # refused: already checked
    incident_report(
        user=worker, kind="policy_breach", description="x", occurred_at=timezone.now(), applicant_id=applicant.pk
    )
    household = applicant.household
    household.outcome, household.closed_on = CaseOutcome.WITHDRAWN, datetime.date(2020, 1, 15)
    household.save()
    for kind in RecordKind:
        RetentionPeriod.objects.create(outcome=CaseOutcome.WITHDRAWN, record_kind=kind, months=24)
    return household


def test_nothing_goes_before_the_period_ends(closed_case):
    assert retention_plan(today=datetime.date(2022, 1, 15)).removals == []
    assert len(retention_plan(today=datetime.date(2022, 1, 16)).removals) == 4


def test_the_dry_run_shows_what_would_go_and_changes_nothing(closed_case, capsys):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"Would remove 1 checks of household {closed_case.reference}" in out
    assert SocialCheck.objects.count() == 1 and Refusal.objects.count() == 1
    assert not DestructionRecord.objects.exists()


def test_retention_removes_expired_records_registers_them_and_keeps_the_chain_verifiable(closed_case, applicant):
    report = apply_retention()
    assert report.counts() == {"checks": 1, "refusals": 1, "incidents": 1, "case": 1}
    assert not SocialCheck.objects.exists() and not Refusal.objects.exists()
    anonymised = Applicant.objects.get(pk=applicant.pk)
    assert anonymised.first_name == "Removed" and anonymised.anonymised_at is not None
    assert DestructionRecord.objects.filter(household_reference=closed_case.reference).count() == 4
    assert not AuditEvent.objects.filter(applicant_id=applicant.pk, redacted_at__isnull=True).exists()
    assert "Private detail" not in str(list(AuditEvent.objects.values_list("data", flat=True)))
    run = AuditEvent.objects.get(record_type="retention_run")
    assert run.data["counts"]["checks"] == 1
    report = verify_audit()
    assert report.ok, report.problems
    # Running again finds nothing more to do.
    assert apply_retention().counts() == {"checks": 0, "refusals": 0, "incidents": 0, "case": 0}


def test_a_legal_hold_stops_deletion(closed_case):
    closed_case.legal_hold = True
    closed_case.save()
    report = apply_retention()
    assert report.removals == [] and report.held == [closed_case.reference]
    assert SocialCheck.objects.count() == 1


def test_periods_differ_by_kind(closed_case):
    RetentionPeriod.objects.filter(record_kind=RecordKind.REFUSALS).update(months=120)
    apply_retention()
    assert not SocialCheck.objects.exists()
    assert Refusal.objects.count() == 1


def test_open_households_are_never_touched(worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    assert retention_plan(today=datetime.date(2099, 1, 1)).removals == []


def test_retention_runs_from_the_closing_date_by_outcome_and_skips_a_hold(manager, household):
    from cases.services import household_close, legal_hold_change
    from dataprotection.retention import retention_until
    from t4c_socialcheck.dates import add_calendar_months

    on = timezone.localdate() - datetime.timedelta(days=1)
    household_close(user=manager, household_id=household.pk, outcome=CaseOutcome.NOT_SUITABLE, on=on, reason="Panel")
    household.refresh_from_db()
    RetentionPeriod.objects.create(outcome=CaseOutcome.NOT_SUITABLE, record_kind=RecordKind.CASE, months=12)
    kept_until = retention_until(household)
    assert kept_until == add_calendar_months(on, 12)
    legal_hold_change(user=manager, household_id=household.pk, held=True, reason="Complaint")
    household.refresh_from_db()
    assert retention_until(household) is None
    assert retention_plan(today=kept_until + datetime.timedelta(days=400)).held == [household.reference]


def test_retention_removes_the_subject_access_copies_too(closed_case, applicant, auditor):
    from dataprotection.models import SubjectAccessItem, SubjectAccessRequest
    from dataprotection.services import sar_open

    sar = sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Their solicitor, Pat Ng",
        identity_check="Passport seen.",
        received_on=datetime.date(2020, 1, 10),
    )
    assert any("Private detail about Alex." in str(item.rows) for item in sar.items.all())
    apply_retention(today=datetime.date(2023, 1, 1))
    assert not any("Alex" in str(item.rows) or "Alex" in item.title for item in SubjectAccessItem.objects.all())
    kept = SubjectAccessRequest.objects.get(pk=sar.pk)
    assert kept.requested_by == "Removed" and kept.received_on == datetime.date(2020, 1, 10)
    assert verify_audit().ok


def test_retention_removes_an_applicants_correction_history_with_their_details(worker, applicant, consent, profile):
    """Issue 22: a correction keeps the name and date of birth before it; they go with the rest."""
    from auditlog.models import LogEntry

    from cases.models import ApplicantCorrection
    from cases.services import applicant_correct

    correction = applicant_correct(
        user=worker,
        applicant_id=applicant.pk,
        first_name="Alexandra",
        last_name="Morgan",
        date_of_birth=datetime.date(1985, 3, 31),
        reason="Misspelt.",
    )
    household = applicant.household
    household.outcome, household.closed_on = CaseOutcome.WITHDRAWN, datetime.date(2020, 1, 15)
    household.save()
    RetentionPeriod.objects.create(outcome=CaseOutcome.WITHDRAWN, record_kind=RecordKind.CASE, months=24)
    apply_retention()
    assert not ApplicantCorrection.objects.exists()
    assert not LogEntry.objects.get_for_object(correction).exists()
    assert Applicant.objects.get(pk=applicant.pk).first_name == "Removed"
    assert verify_audit().ok
