"""The case's life: stage moves, their clocks, closing and legal hold (issue 15)."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.clocks import add_working_days, stage_due_on
from cases.models import CaseOutcome, Household, LegalHoldChange, Stage, StageMove
from cases.services import household_close, household_move, legal_hold_change
from t4c_socialcheck.errors import AlreadyClosed, Conflict, Invalid, InvalidTransition, NotFound, NotPermitted

pytestmark = pytest.mark.django_db

ORDER = [s.value for s in Stage]
ALLOWED = {
    ("enquiry", "roi_received"),
    ("roi_received", "stage_1"),
    ("stage_1", "break"),
    ("stage_1", "stage_2"),
    ("break", "stage_2"),
    ("stage_2", "panel"),
    ("panel", "approved"),
}


# What the moves to panel and to approved record besides their date.
DETAILS = {"panel": {"panel_recommendation": "approve"}, "approved": {"decision_maker": "Dr A. Demo-Decider"}}


def _at(household, stage, began):
    Household.objects.filter(pk=household.pk).update(stage=stage, stage_started_on=began)


@pytest.mark.parametrize("current", ORDER)
@pytest.mark.parametrize("target", ORDER)
def test_every_transition_is_allowed_or_refused_as_the_process_says(worker, household, current, target):
    began = timezone.localdate() - datetime.timedelta(days=30)
    _at(household, current, began)
    today = timezone.localdate()
    if (current, target) in ALLOWED:
        move = household_move(
            user=worker, household_id=household.pk, stage=target, on=today, reason="ok", **DETAILS.get(target, {})
        )
        household.refresh_from_db()
        assert (household.stage, household.stage_started_on) == (target, today)
        assert (move.stage, move.on, move.by, move.reason) == (target, today, worker, "ok")
    else:
        with pytest.raises(InvalidTransition):
            household_move(user=worker, household_id=household.pk, stage=target, on=today)
        household.refresh_from_db()
        assert (household.stage, household.stage_started_on) == (current, began)
        assert not StageMove.objects.exists()


def test_the_move_to_panel_records_the_panels_recommendation(worker, household):
    _at(household, Stage.STAGE_2, timezone.localdate() - datetime.timedelta(days=30))
    with pytest.raises(Invalid) as refused:
        household_move(user=worker, household_id=household.pk, stage=Stage.PANEL, on=timezone.localdate())
    assert "panel_recommendation" in refused.value.fields
    assert not StageMove.objects.exists()
    move = household_move(
        user=worker,
        household_id=household.pk,
        stage=Stage.PANEL,
        on=timezone.localdate(),
        panel_recommendation="do_not_approve",
    )
    assert move.get_panel_recommendation_display() == "Did not recommend approval"


def test_the_move_to_approved_records_the_agency_decision_maker(worker, household):
    _at(household, Stage.PANEL, timezone.localdate() - datetime.timedelta(days=7))
    for missing in ("", "   "):
        with pytest.raises(Invalid) as refused:
            household_move(
                user=worker,
                household_id=household.pk,
                stage=Stage.APPROVED,
                on=timezone.localdate(),
                decision_maker=missing,
            )
        assert "decision_maker" in refused.value.fields
    with pytest.raises(Invalid):
        household_move(
            user=worker,
            household_id=household.pk,
            stage=Stage.APPROVED,
            on=timezone.localdate(),
            decision_maker="x" * 101,
        )
    move = household_move(
        user=worker,
        household_id=household.pk,
        stage=Stage.APPROVED,
        on=timezone.localdate(),
        decision_maker=" J. Demo ",
    )
    assert move.decision_maker == "J. Demo"


def test_a_recommendation_or_decision_maker_on_another_move_is_refused(worker, household):
    with pytest.raises(Invalid):
        household_move(
            user=worker,
            household_id=household.pk,
            stage=Stage.STAGE_1,
            on=timezone.localdate(),
            panel_recommendation="approve",
        )
    with pytest.raises(Invalid):
        household_move(
            user=worker,
            household_id=household.pk,
            stage=Stage.STAGE_1,
            on=timezone.localdate(),
            decision_maker="J. Demo",
        )
    household.refresh_from_db()
    assert household.stage == Stage.ROI_RECEIVED and not StageMove.objects.exists()


def test_a_move_writes_history_and_an_audit_entry(worker, household):
    household_move(user=worker, household_id=household.pk, stage=Stage.STAGE_1, on=timezone.localdate())
    assert StageMove.objects.filter(household=household, stage=Stage.STAGE_1).count() == 1
    assert AuditEvent.objects.filter(record_type="stagemove", household_id=household.pk).exists()


def test_history_is_never_edited(worker, household):
    move = household_move(user=worker, household_id=household.pk, stage=Stage.STAGE_1, on=timezone.localdate())
    move.reason = "changed"
    with pytest.raises(ValueError):
        move.save()


@pytest.mark.parametrize(
    "on, error",
    [
        (lambda today, began: today + datetime.timedelta(days=1), Invalid),
        (lambda today, began: began - datetime.timedelta(days=1), InvalidTransition),
        (lambda today, began: None, Invalid),
    ],
    ids=["future", "before-the-stage-began", "missing"],
)
def test_the_date_must_be_between_the_stage_start_and_today(worker, household, on, error):
    began = household.stage_started_on
    with pytest.raises(error):
        household_move(user=worker, household_id=household.pk, stage=Stage.STAGE_1, on=on(timezone.localdate(), began))
    assert not StageMove.objects.exists()


def test_a_break_is_at_most_six_months(worker, household):
    _at(household, Stage.BREAK, datetime.date(2025, 1, 10))
    with pytest.raises(InvalidTransition, match="at most 6 months"):
        household_move(user=worker, household_id=household.pk, stage=Stage.STAGE_2, on=datetime.date(2025, 7, 11))
    household_move(user=worker, household_id=household.pk, stage=Stage.STAGE_2, on=datetime.date(2025, 7, 10))


def test_only_the_households_workers_and_managers_move_it(outsider, auditor, household):
    with pytest.raises(NotFound):
        household_move(user=outsider, household_id=household.pk, stage=Stage.STAGE_1, on=timezone.localdate())
    with pytest.raises(NotPermitted):
        household_move(user=auditor, household_id=household.pk, stage=Stage.STAGE_1, on=timezone.localdate())


# --- Clocks --------------------------------------------------------------------


def test_five_working_days_skip_the_weekend():
    # Wednesday 2026-03-04 → Wednesday 2026-03-11.
    assert add_working_days(datetime.date(2026, 3, 4), 5) == datetime.date(2026, 3, 11)


def test_a_bank_holiday_inside_the_five_working_days_is_not_counted():
    # Thursday 2026-04-02: Good Friday (3rd) and Easter Monday (6th) are bank holidays.
    assert stage_due_on(Stage.ROI_RECEIVED, datetime.date(2026, 4, 2)) == datetime.date(2026, 4, 13)
    # Christmas 2026: 25th, Boxing Day observed Monday 28th.
    assert add_working_days(datetime.date(2026, 12, 23), 5) == datetime.date(2027, 1, 4)


@pytest.mark.parametrize(
    "stage, began, due",
    [
        (Stage.ENQUIRY, datetime.date(2026, 1, 5), None),
        (Stage.STAGE_1, datetime.date(2026, 1, 31), datetime.date(2026, 3, 31)),
        (Stage.BREAK, datetime.date(2026, 1, 10), datetime.date(2026, 7, 10)),
        (Stage.STAGE_2, datetime.date(2026, 10, 31), datetime.date(2027, 2, 28)),
        (Stage.PANEL, datetime.date(2026, 1, 5), None),
        (Stage.APPROVED, datetime.date(2026, 1, 5), None),
    ],
)
def test_each_stage_has_its_target(stage, began, due):
    assert stage_due_on(stage, began) == due


def test_due_date_days_left_and_overdue(household):
    today = timezone.localdate()
    _at(household, Stage.STAGE_1, today - datetime.timedelta(days=70))
    household.refresh_from_db()
    assert household.due_on < today and household.overdue and household.days_overdue > 0
    _at(household, Stage.STAGE_2, today)
    household.refresh_from_db()
    assert not household.overdue and household.days_left() > 100


# --- Closing and legal hold ------------------------------------------------------


def test_a_manager_closes_a_case_once_from_any_stage(manager, household):
    _at(household, Stage.STAGE_2, timezone.localdate() - datetime.timedelta(days=3))
    today = timezone.localdate()
    household_close(user=manager, household_id=household.pk, outcome=CaseOutcome.WITHDRAWN, on=today, reason="Moved")
    household.refresh_from_db()
    assert household.is_closed and (household.outcome, household.closed_on) == (CaseOutcome.WITHDRAWN, today)
    with pytest.raises(AlreadyClosed):
        household_close(user=manager, household_id=household.pk, outcome=CaseOutcome.CLOSED_OTHER, on=today, reason="x")
    with pytest.raises(InvalidTransition):
        household_move(user=manager, household_id=household.pk, stage=Stage.PANEL, on=today)


def test_a_worker_cannot_close_and_closing_needs_an_outcome_and_a_reason(worker, manager, household):
    today = timezone.localdate()
    with pytest.raises(NotPermitted):
        household_close(user=worker, household_id=household.pk, outcome=CaseOutcome.WITHDRAWN, on=today, reason="x")
    with pytest.raises(Invalid):
        household_close(user=manager, household_id=household.pk, outcome="", on=today, reason="x")
    with pytest.raises(Invalid):
        household_close(user=manager, household_id=household.pk, outcome=CaseOutcome.WITHDRAWN, on=today, reason=" ")
    household.refresh_from_db()
    assert not household.is_closed


def test_legal_hold_is_set_and_lifted_with_a_reason_by_a_manager_or_admin(manager, admin_user, worker, household):
    with pytest.raises(NotPermitted):
        legal_hold_change(user=worker, household_id=household.pk, held=True, reason="Complaint")
    legal_hold_change(user=manager, household_id=household.pk, held=True, reason="Complaint")
    with pytest.raises(Conflict):
        legal_hold_change(user=admin_user, household_id=household.pk, held=True, reason="Again")
    legal_hold_change(user=admin_user, household_id=household.pk, held=False, reason="Complaint resolved")
    household.refresh_from_db()
    assert not household.legal_hold
    assert list(LegalHoldChange.objects.values_list("held", "by__username")) == [
        (True, manager.username),
        (False, admin_user.username),
    ]


@pytest.mark.parametrize("stage", [Stage.ROI_RECEIVED, Stage.STAGE_1, Stage.BREAK, Stage.STAGE_2])
def test_the_overdue_filter_agrees_with_each_households_due_date(team_a, stage):
    from cases.selectors import filter_households
    from tests.factories import HouseholdFactory

    today = timezone.localdate()
    households = [HouseholdFactory(team=team_a) for _ in range(0, 200, 5)]
    for days, household in zip(range(0, 200, 5), households, strict=True):
        _at(household, stage, today - datetime.timedelta(days=days))
    overdue = set(filter_households(Household.objects.all(), overdue=True).values_list("pk", flat=True))
    expected = {h.pk for h in Household.objects.all() if h.overdue}
    assert overdue == expected and expected


def test_search_matches_the_reference_or_an_applicants_name(team_a):
    from cases.selectors import matching
    from tests.factories import ApplicantFactory, HouseholdFactory

    morgan = HouseholdFactory(team=team_a, reference="ROI-2026-0001")
    ApplicantFactory(household=morgan, position=1, first_name="Alex", last_name="Morgan")
    HouseholdFactory(team=team_a, reference="ROI-2026-0002")
    found = lambda q: set(matching(Household.objects.all(), q).values_list("reference", flat=True))  # noqa: E731
    assert found("alex morgan") == found("MORGAN") == found("0001") == {"ROI-2026-0001"}
    assert found("ROI-2026") == {"ROI-2026-0001", "ROI-2026-0002"}


def test_the_overdue_notification_is_sent_once_per_case_per_stage(household, worker, manager, team_a):
    from cases.tasks import notify_overdue_cases_daily
    from notifications.models import Notification

    worker.email, manager.email = "worker@example.org", "manager@example.org"
    worker.save()
    manager.save()
    household.allocated_worker = worker
    household.save()
    _at(household, Stage.STAGE_1, timezone.localdate() - datetime.timedelta(days=70))
    assert notify_overdue_cases_daily() == 1
    assert notify_overdue_cases_daily() == 0
    notice = Notification.objects.get(kind="case_overdue")
    assert household.reference in notice.subject
    assert set(notice.recipients) == {"worker@example.org", "manager@example.org"}
    # A later stage that becomes overdue is told once more.
    _at(household, Stage.STAGE_2, timezone.localdate() - datetime.timedelta(days=200))
    assert notify_overdue_cases_daily() == 1
    assert Notification.objects.filter(kind="case_overdue").count() == 2


def test_a_manager_corrects_a_closing_and_the_correction_is_recorded(manager, worker, household):
    from cases.models import ClosingCorrection
    from cases.services import household_closing_correct

    today = timezone.localdate()
    with pytest.raises(InvalidTransition):
        household_closing_correct(
            user=manager, household_id=household.pk, outcome=CaseOutcome.WITHDRAWN, on=today, reason="Not closed yet"
        )
    household_close(user=manager, household_id=household.pk, outcome=CaseOutcome.WITHDRAWN, on=today, reason="Moved")
    with pytest.raises(NotPermitted):
        household_closing_correct(
            user=worker, household_id=household.pk, outcome=CaseOutcome.NOT_SUITABLE, on=today, reason="x"
        )
    correction = household_closing_correct(
        user=manager, household_id=household.pk, outcome=CaseOutcome.NOT_SUITABLE, on=today, reason="Wrong outcome"
    )
    household.refresh_from_db()
    assert household.is_closed and household.outcome == CaseOutcome.NOT_SUITABLE
    assert (correction.outcome_before, correction.outcome, correction.by) == (
        CaseOutcome.WITHDRAWN,
        CaseOutcome.NOT_SUITABLE,
        manager,
    )
    assert AuditEvent.objects.filter(record_type="closingcorrection", household_id=household.pk).exists()
    with pytest.raises(ValueError):
        ClosingCorrection.objects.get().save()


def test_an_enquiry_becomes_a_case_when_its_roi_arrives_and_the_roi_clock_starts_then(worker, team_a):
    from cases.services import household_create
    from tests.factories import LocalAuthorityFactory

    today = timezone.localdate()
    enquired = today - datetime.timedelta(days=30)
    household = household_create(
        user=worker,
        reference="ROI-ENQ-1",
        local_authority=LocalAuthorityFactory(),
        team=team_a,
        received_on=enquired,
        stage=Stage.ENQUIRY,
    )
    assert household.stage == Stage.ENQUIRY
    roi_came = today - datetime.timedelta(days=10)
    household_move(user=worker, household_id=household.pk, stage=Stage.ROI_RECEIVED, on=roi_came)
    household.refresh_from_db()
    assert (household.stage, household.received_on) == (Stage.ROI_RECEIVED, roi_came)
    assert household.due_on == add_working_days(roi_came, 5)
    with pytest.raises(Invalid):
        household_create(user=worker, reference="ROI-ENQ-2", local_authority=household.local_authority, stage="stage_1")
