"""A review of the date and clock rules at their edges (api.md, domain.md): RIPA's last valid day,
renewals and reviews; the stages' clocks; the 72-hour breach clock, subject access deadlines and
retention; consent dates; returning applicants; training expiry. Time is frozen by patching
`django.utils.timezone.now` (as tests/checks/test_real_households.py does), at Europe/London
local times, so that "today" is the agency's local date."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import Stage
from cases.services import household_close, household_move, legal_hold_change
from checks.models import CheckSettings
from checks.rules import RefusalCode
from consent.services import consent_record
from dataprotection import services as dp
from dataprotection.models import SubjectAccessRequest
from dataprotection.retention import retention_plan, retention_until
from governance.models import Course, TrainingRecord
from governance.services import training_record
from incidents.services import incident_correct_awareness, incident_report
from platforms.services import profile_add
from ripa import services as ripa
from ripa.dates import last_valid_day
from t4c_socialcheck.errors import Invalid, InvalidTransition
from tests.api.conftest import integration_key
from tests.factories import ApplicantFactory, HouseholdFactory
from tests.ripa.conftest import apply, officer  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def local(y, m, d, hh=12, mm=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def at(moment: datetime.datetime):
    """Freeze `timezone.now()` (and so `timezone.localdate()`) at a London local time."""
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC))


def on_day(day: datetime.date, hh=12, mm=0):
    return at(local(day.year, day.month, day.day, hh, mm))


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {integration_key(user)}")
    return client


# --- 1. RIPA ------------------------------------------------------------------------------------------


CASES = [
    # The contract's examples (2026-11-30 is in the next test: before today, not frozen), and one more.
    (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
    (datetime.date(2027, 2, 15), datetime.date(2027, 5, 14)),
    (datetime.date(2026, 12, 30), datetime.date(2027, 3, 29)),
    # Leap years and month ends.
    (datetime.date(2028, 2, 29), datetime.date(2028, 5, 28)),
    (datetime.date(2027, 11, 30), datetime.date(2028, 2, 28)),
    (datetime.date(2027, 11, 29), datetime.date(2028, 2, 28)),
    (datetime.date(2027, 12, 31), datetime.date(2028, 3, 30)),
    (datetime.date(2028, 11, 30), datetime.date(2029, 2, 27)),
    (datetime.date(2027, 5, 31), datetime.date(2027, 8, 30)),
]


@pytest.mark.parametrize(("took_effect", "last"), CASES)
def test_last_valid_day_at_month_ends_and_in_leap_years(took_effect, last):
    assert last_valid_day(took_effect) == last


def test_the_contracts_november_example():
    assert last_valid_day(datetime.date(2026, 11, 30)) == datetime.date(2027, 2, 27)


def _authorise(apply, officer, manager, day, review_every_days=None):  # noqa: F811
    """Apply, grant and approve on `day` (London midday), through the services."""
    with on_day(day):
        application = apply()
        ripa.application_decide(
            user=officer,
            application_id=application.pk,
            granted=True,
            reasons="Necessary and proportionate.",
            review_every_days=review_every_days,
        )
        return _justice_approves(manager, application, day)


def _justice_approves(manager, application, day):
    return ripa.justice_approval_record(
        user=manager, application_id=application.pk, approved=True, on=day, court="C", justice="J"
    )


@pytest.mark.parametrize(("took_effect", "last"), CASES[3:])
def test_the_justices_approval_sets_the_last_valid_day_and_the_api_answers_it(
    apply,  # noqa: F811
    officer,  # noqa: F811
    manager,
    took_effect,
    last,
):
    with on_day(took_effect):
        application = apply()
        ripa.application_decide(user=officer, application_id=application.pk, granted=True, reasons="Yes.")
        response = api(manager).post(
            f"/api/v1/ripa-applications/{application.pk}/justice-approval/",
            {"approved": True, "on": took_effect.isoformat(), "court": "C", "justice": "J"},
            format="json",
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["valid_from"], body["last_valid_day"]) == (
        "active",
        took_effect.isoformat(),
        last.isoformat(),
    )
    # Every 28 days (the default) within the term, the last of them on or before the last valid day.
    due = [datetime.date.fromisoformat(d) for d in body["reviews_due"]]
    assert due and due[0] == took_effect + datetime.timedelta(days=28)
    assert all(b - a == datetime.timedelta(days=28) for a, b in zip(due, due[1:], strict=False))
    assert due[-1] <= last < due[-1] + datetime.timedelta(days=28)


def test_reviews_due_include_one_on_the_last_valid_day(apply, officer, manager):  # noqa: F811
    # 2027-01-01 → last valid day 2027-03-31, 89 days later: every 89 days gives exactly that day.
    application = _authorise(apply, officer, manager, datetime.date(2027, 1, 1), review_every_days=89)
    assert application.last_valid_day == datetime.date(2027, 3, 31)
    from ripa.selectors import reviews_due

    assert reviews_due(application) == [datetime.date(2027, 3, 31)]


def test_a_renewal_runs_from_the_day_after_the_last_valid_day_across_a_leap_day(
    apply,  # noqa: F811
    officer,  # noqa: F811
    manager,
    viewed,
    worker,
    applicant,
    start,
):
    first = _authorise(apply, officer, manager, datetime.date(2027, 11, 30))
    assert first.last_valid_day == datetime.date(2028, 2, 28)
    with on_day(datetime.date(2028, 2, 20)):
        renewal = ripa.renewal_apply(user=manager, application_id=first.pk, reasons="Still.", obtained_so_far="x")
        ripa.application_decide(user=officer, application_id=renewal.pk, granted=True, reasons="Renewed.")
        renewal = _justice_approves(manager, renewal, datetime.date(2028, 2, 20))
    assert renewal.valid_from == datetime.date(2028, 2, 29)
    assert renewal.last_valid_day == datetime.date(2028, 5, 28)
    # A view citing the first application: its last day, the renewal's first, its last, and the day after.
    for moment, allowed in (
        (local(2028, 2, 28, 23, 59), True),
        (local(2028, 2, 29, 0, 1), True),
        (local(2028, 5, 28, 23, 59), True),
        (local(2028, 5, 29, 0, 30), False),
    ):
        with at(moment):
            assert _repeat(start, worker, applicant, viewed, first).allowed is allowed, moment


def test_a_renewal_approved_on_the_last_valid_day_is_in_time_and_the_day_after_is_not(
    apply,  # noqa: F811
    officer,  # noqa: F811
    manager,
):
    first = _authorise(apply, officer, manager, datetime.date(2027, 12, 31))
    assert first.last_valid_day == datetime.date(2028, 3, 30)
    with on_day(datetime.date(2028, 3, 25)):
        renewal = ripa.renewal_apply(user=manager, application_id=first.pk, reasons="Still.", obtained_so_far="x")
        ripa.application_decide(user=officer, application_id=renewal.pk, granted=True, reasons="Renewed.")
    with on_day(datetime.date(2028, 3, 31), 0, 30), pytest.raises(InvalidTransition):
        _justice_approves(manager, renewal, datetime.date(2028, 3, 31))
    with on_day(datetime.date(2028, 3, 31), 0, 30):
        renewal = _justice_approves(manager, renewal, datetime.date(2028, 3, 30))
    assert (renewal.valid_from, renewal.last_valid_day) == (datetime.date(2028, 3, 31), datetime.date(2028, 6, 29))


@pytest.fixture
def viewed(worker, applicant, profile, consent, start):
    """The one-off check is done (today, before any frozen moment): further views are repeat views."""
    assert start(worker, applicant, profile).allowed
    return profile


def _repeat(start, worker, applicant, profile, application):
    return start(worker, applicant, profile, ripa_authorisation_id=application.pk)


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        # Took effect 2027-06-01: the last valid day is 2027-08-31 (BST all along).
        (local(2027, 8, 31, 23, 59), True),
        (local(2027, 9, 1, 0, 30), False),  # 2027-08-31 23:30 UTC: already the day after in London
        (local(2027, 6, 1, 0, 30), True),  # its first day, just after midnight (still 31 May in UTC)
        (local(2027, 5, 31, 23, 30), False),  # the evening before it took effect
    ],
)
def test_a_repeat_view_on_the_last_valid_day_is_allowed_and_the_day_after_refused_in_london_time(
    apply,  # noqa: F811
    officer,  # noqa: F811
    manager,
    viewed,
    worker,
    applicant,
    start,
    moment,
    allowed,
):
    with on_day(datetime.date(2027, 5, 28)):
        application = apply()
        ripa.application_decide(user=officer, application_id=application.pk, granted=True, reasons="Yes.")
    with on_day(datetime.date(2027, 6, 1)):
        application = _justice_approves(manager, application, datetime.date(2027, 6, 1))
    assert application.last_valid_day == datetime.date(2027, 8, 31)
    with at(moment):
        outcome = _repeat(start, worker, applicant, viewed, application)
    assert outcome.allowed is allowed
    if not allowed:
        assert outcome.refusal.code == RefusalCode.RIPA_AUTHORISATION_REQUIRED


# --- 2. Stages ------------------------------------------------------------------------------------------


@pytest.fixture
def case(team_a, worker):
    return HouseholdFactory(team=team_a, allocated_worker=worker)


def _detail(user, household):
    return api(user).get(f"/api/v1/households/{household.pk}/").json()


def _overdue_refs(user):
    return {h["reference"] for h in api(user).get("/api/v1/households/?overdue=true").json()["results"]}


@pytest.mark.parametrize(
    ("stage", "began", "due"),
    [
        (Stage.STAGE_1, datetime.date(2027, 1, 31), datetime.date(2027, 3, 31)),
        (Stage.STAGE_1, datetime.date(2027, 12, 31), datetime.date(2028, 2, 29)),
        (Stage.STAGE_1, datetime.date(2026, 12, 31), datetime.date(2027, 2, 28)),
    ],
)
def test_stage_one_is_due_two_calendar_months_on_and_overdue_the_day_after(worker, case, stage, began, due):
    with on_day(began):
        household_move(user=worker, household_id=case.pk, stage=stage, on=began)
    with on_day(due, 23, 30):
        detail = _detail(worker, case)
        assert (detail["stage"], detail["stage_started_on"], detail["due_on"]) == (
            stage,
            began.isoformat(),
            due.isoformat(),
        )
        assert detail["overdue"] is False
        assert case.reference not in _overdue_refs(worker)
    with on_day(due + datetime.timedelta(days=1), 0, 30):
        assert _detail(worker, case)["overdue"] is True
        assert case.reference in _overdue_refs(worker)


def test_stage_two_is_due_four_months_on(worker, case):
    for stage, day in (
        (Stage.STAGE_1, datetime.date(2027, 6, 30)),
        (Stage.STAGE_2, datetime.date(2027, 10, 31)),
    ):
        with on_day(day):
            household_move(user=worker, household_id=case.pk, stage=stage, on=day)
    with on_day(datetime.date(2028, 2, 29)):
        assert _detail(worker, case)["due_on"] == "2028-02-29"
        assert case.reference not in _overdue_refs(worker)
    with on_day(datetime.date(2028, 3, 1)):
        assert case.reference in _overdue_refs(worker)


def test_a_break_is_at_most_six_calendar_months_from_a_month_end(worker, case):
    for stage, day in ((Stage.STAGE_1, datetime.date(2027, 7, 1)), (Stage.BREAK, datetime.date(2027, 8, 31))):
        with on_day(day):
            household_move(user=worker, household_id=case.pk, stage=stage, on=day)
    with on_day(datetime.date(2028, 3, 5)):
        assert _detail(worker, case)["due_on"] == "2028-02-29"
        with pytest.raises(InvalidTransition) as refused:
            household_move(user=worker, household_id=case.pk, stage=Stage.STAGE_2, on=datetime.date(2028, 3, 1))
        assert "29 February 2028" in str(refused.value.detail)
        household_move(user=worker, household_id=case.pk, stage=Stage.STAGE_2, on=datetime.date(2028, 2, 29))


def test_the_move_date_may_be_the_london_date_just_after_midnight_in_summer_but_not_the_next(worker, case):
    # 00:30 BST on 1 June 2027 is 23:30 UTC on 31 May.
    with at(local(2027, 6, 1, 0, 30)):
        with pytest.raises(Invalid):
            household_move(user=worker, household_id=case.pk, stage=Stage.STAGE_1, on=datetime.date(2027, 6, 2))
        household_move(user=worker, household_id=case.pk, stage=Stage.STAGE_1, on=datetime.date(2027, 6, 1))
        response = api(worker).post(
            f"/api/v1/households/{case.pk}/stage/", {"stage": "stage_2", "on": "2027-05-31"}, format="json"
        )
        assert response.status_code == 409 and response.json()["code"] == "INVALID_TRANSITION"
        response = api(worker).post(
            f"/api/v1/households/{case.pk}/stage/", {"stage": "stage_2", "on": "2027-06-02"}, format="json"
        )
        assert response.status_code == 400 and response.json()["code"] == "INVALID"


# --- 3. Data protection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "deadline_utc"),
    [
        # Aware on Friday 29 October 2027 at 12:00 BST (11:00 UTC); the clocks go back on the 31st:
        # 72 hours later is 11:00 UTC = 11:00 GMT on 1 November, not 12:00.
        (local(2027, 10, 29, 12), datetime.datetime(2027, 11, 1, 11, tzinfo=datetime.UTC)),
        # Aware on 26 March 2027 at 12:00 GMT; the clocks go forward on the 28th: 12:00 UTC = 13:00 BST.
        (local(2027, 3, 26, 12), datetime.datetime(2027, 3, 29, 12, tzinfo=datetime.UTC)),
    ],
)
def test_the_72_hour_clock_counts_elapsed_hours_across_the_clock_change(worker, manager, aware, deadline_utc):
    with at(aware):
        incident = incident_report(
            user=worker,
            kind="data_breach",
            description="A list of applicants was emailed to the wrong person.",
            occurred_at=aware - datetime.timedelta(hours=1),
        )
        assert incident.ico_deadline == deadline_utc
        incident.refresh_from_db()
        assert incident.ico_deadline == deadline_utc
    # Corrected to a London local time (as the correction page's form gives it), the clock is the same.
    with at(aware + datetime.timedelta(hours=2)):
        corrected = incident_correct_awareness(
            user=manager, incident_id=incident.pk, aware_at=aware, reason="Noticed at noon."
        )
    # Elapsed time, not wall-clock time (subtracting two London times would compare wall clocks).
    assert corrected.ico_deadline.astimezone(datetime.UTC) - aware.astimezone(datetime.UTC) == datetime.timedelta(
        hours=72
    )
    assert corrected.ico_deadline == deadline_utc


def test_reporting_to_the_ico_at_72_hours_is_in_time_across_the_clock_change_and_a_minute_later_is_not(worker, manager):
    from incidents.services import incident_update

    aware = local(2027, 10, 29, 12)
    with at(aware):
        incident = incident_report(
            user=worker, kind="data_breach", description="Emailed to the wrong person.", occurred_at=aware
        )
    told = local(2027, 11, 1, 11)  # GMT: 72 hours after
    with at(told + datetime.timedelta(hours=1)):
        fields = {"ico_decision": "reported", "ico_decision_reason": "Risk.", "ico_reference": "ICO-1"}
        with pytest.raises(Invalid) as late:
            incident_update(
                user=manager, incident_id=incident.pk, ico_notified_at=told + datetime.timedelta(minutes=1), **fields
            )
        assert "late_reason" in late.value.fields
        incident_update(user=manager, incident_id=incident.pk, ico_notified_at=told, **fields)


@pytest.mark.parametrize(
    ("told_after", "in_time"), [(datetime.timedelta(hours=72), 1), (datetime.timedelta(hours=72, minutes=30), 0)]
)
def test_the_annual_reports_breaches_in_time_count_72_elapsed_hours_across_the_clock_change(
    worker, manager, told_after, in_time
):
    from governance.annual import annual_report
    from incidents.services import incident_update

    aware = local(2027, 10, 29, 12)
    with at(aware):
        incident = incident_report(
            user=worker, kind="data_breach", description="Emailed to the wrong person.", occurred_at=aware
        )
    with at(aware + datetime.timedelta(days=5)):
        incident_update(
            user=manager,
            incident_id=incident.pk,
            ico_decision="reported",
            ico_decision_reason="Risk.",
            ico_reference="ICO-1",
            ico_notified_at=aware.astimezone(datetime.UTC) + told_after,
            late_reason="" if in_time else "The DPO was away.",
        )
        breaches = annual_report(None, 2027)["breaches"]
    assert (breaches["reported_to_ico"], breaches["reported_within_72_hours"]) == (1, in_time)


@pytest.mark.parametrize(
    ("received", "due", "extended_twice"),
    [
        (datetime.date(2029, 1, 31), datetime.date(2029, 2, 28), datetime.date(2029, 4, 30)),
        # Three months is Sunday 30 April 2028, then the May Day bank holiday: the next working day.
        (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29), datetime.date(2028, 5, 2)),
        (datetime.date(2027, 3, 31), datetime.date(2027, 4, 30), datetime.date(2027, 6, 30)),
        (datetime.date(2027, 12, 31), datetime.date(2028, 1, 31), datetime.date(2028, 3, 31)),
        (datetime.date(2027, 11, 30), datetime.date(2027, 12, 30), datetime.date(2028, 2, 29)),
    ],
)
def test_a_subject_access_deadline_is_one_calendar_month_extendable_by_two(
    auditor, applicant, received, due, extended_twice
):
    with on_day(received):
        sar = dp.sar_open(
            user=auditor, applicant_id=applicant.pk, requested_by="Applicant", identity_check="ID", received_on=received
        )
    assert sar.due_on == due
    with on_day(due, 23, 30):
        assert not SubjectAccessRequest.objects.get(pk=sar.pk).overdue
        assert not dp.overdue_requests(auditor).exists()
        # Told on the deadline itself: still in time to extend.
        sar = dp.sar_extend(user=auditor, request_id=sar.pk, months=1, reason="Complex.", told_on=due)
        sar = dp.sar_extend(user=auditor, request_id=sar.pk, months=1, reason="Complex.", told_on=due)
    assert sar.due_on == extended_twice
    with pytest.raises(Invalid), on_day(due):
        dp.sar_extend(user=auditor, request_id=sar.pk, months=1, reason="More.", told_on=due)
    with on_day(extended_twice + datetime.timedelta(days=1), 0, 30):
        assert SubjectAccessRequest.objects.get(pk=sar.pk).overdue
        assert list(dp.overdue_requests(auditor)) == [SubjectAccessRequest.objects.get(pk=sar.pk)]


def test_retention_runs_from_the_closing_date_with_month_end_clamping_and_a_legal_hold_stops_it(manager, applicant):
    from dataprotection.models import RecordKind, RetentionPeriod

    household = applicant.household
    RetentionPeriod.objects.update_or_create(outcome="withdrawn", record_kind=RecordKind.CASE, defaults={"months": 1})
    closed = datetime.date(2027, 1, 31)
    with on_day(closed):
        household_close(user=manager, household_id=household.pk, outcome="withdrawn", on=closed, reason="Withdrew")
    household.refresh_from_db()
    assert retention_until(household) == datetime.date(2027, 2, 28)
    kinds = lambda day: {r.kind for r in retention_plan(day).removals}  # noqa: E731
    assert RecordKind.CASE not in kinds(datetime.date(2027, 2, 28))
    assert RecordKind.CASE in kinds(datetime.date(2027, 3, 1))
    with on_day(datetime.date(2027, 2, 1)):
        legal_hold_change(user=manager, household_id=household.pk, held=True, reason="Court order.")
    household.refresh_from_db()
    assert retention_until(household) is None
    plan = retention_plan(datetime.date(2030, 1, 1))
    assert household.reference in plan.held and not plan.removals


# --- 4. Consent and returning applicants -----------------------------------------------------------------


def test_consent_signed_today_in_london_just_after_midnight_in_summer_is_accepted_and_tomorrow_refused(
    worker, applicant
):
    # 00:30 BST on 1 June 2027 is still 31 May in UTC.
    with at(local(2027, 6, 1, 0, 30)):
        response = api(worker).post(
            f"/api/v1/applicants/{applicant.pk}/consent/",
            {"given": True, "signed_on": "2027-06-02", "form_reference": "ROI-1"},
            format="json",
        )
        assert response.status_code == 400 and response.json()["code"] == "INVALID"
        assert "signed_on" in response.json()["fields"]
        consent = consent_record(
            user=worker, applicant=applicant, given=True, signed_on=datetime.date(2027, 6, 1), form_reference="ROI-1"
        )
    assert consent.signed_on == datetime.date(2027, 6, 1)


def test_a_returning_applicant_may_be_checked_from_the_london_date_of_the_last_view_plus_the_interval(
    worker, manager, team_a, platforms, logged_out_view, start
):
    from cases.services import applicant_add
    from checks.services import check_complete

    CheckSettings.objects.update_or_create(pk=1, defaults={"returning_interval_months": 12})
    # The earlier view at 00:30 BST on 1 June 2027 (31 May in UTC); the case closed that day.
    with at(local(2027, 6, 1, 0, 30)):
        earlier = HouseholdFactory(team=team_a, allocated_worker=worker)
        before = ApplicantFactory(
            household=earlier, first_name="Sam", last_name="Lee", date_of_birth=datetime.date(1990, 1, 1)
        )
        consent_record(
            user=worker, applicant=before, given=True, signed_on=datetime.date(2027, 5, 1), form_reference="ROI-A"
        )
        old = profile_add(user=worker, applicant=before, platform=platforms["facebook"], handle="sam.lee.old")
        view = start(worker, before, old).social_check
        check_complete(
            user=worker,
            social_check_id=view.pk,
            findings_summary="Nothing of concern.",
            outcome="no_concerns",
            no_third_party_details=True,
        )
        household_close(
            user=manager, household_id=earlier.pk, outcome="withdrawn", on=datetime.date(2027, 6, 1), reason="Left"
        )
    with on_day(datetime.date(2028, 5, 1)):
        household = HouseholdFactory(team=team_a, allocated_worker=worker)
        person = applicant_add(
            user=worker,
            household=household,
            first_name="Sam",
            last_name="Lee",
            date_of_birth=datetime.date(1990, 1, 1),
            earlier_applicant=before,
        )
        consent_record(
            user=worker, applicant=person, given=True, signed_on=datetime.date(2028, 5, 1), form_reference="ROI-B"
        )
        new = profile_add(user=worker, applicant=person, platform=platforms["facebook"], handle="sam.lee.new")
    with at(local(2028, 5, 31, 23, 59)):
        refused = start(worker, person, new)
    assert refused.decision.codes == ("RECENTLY_CHECKED",)
    assert refused.decision.possible_from == datetime.date(2028, 6, 1)
    with at(local(2028, 6, 1, 0, 30)):
        assert start(worker, person, new).allowed


# --- 5. Training ------------------------------------------------------------------------------------------


def test_training_is_in_date_through_its_expiry_day_for_the_rule_and_the_page_alike(
    worker, manager, applicant, consent, profile, start
):
    course = Course.objects.create(name="Social media checks", validity_months=1, required_for_checking=True)
    with on_day(datetime.date(2027, 1, 31)):
        record = training_record(
            user=manager, person_id=worker.pk, course_id=course.pk, completed_on=datetime.date(2027, 1, 31)
        )
    assert record.expires_on == datetime.date(2027, 2, 27)
    assert TrainingRecord.objects.in_date(datetime.date(2027, 2, 27)).exists()
    page = Client()
    with on_day(datetime.date(2027, 2, 27), 23, 30):
        page.force_login(manager)
        assert "in date until 27 February 2027" in page.get(reverse("training-status")).content.decode()
        assert start(worker, applicant, profile).allowed is True
    with on_day(datetime.date(2027, 2, 28), 0, 30):
        page.force_login(manager)
        text = page.get(reverse("training-status")).content.decode()
        assert "Social media checks: not recorded or expired" in " ".join(text.split())
        other = profile_add(user=worker, applicant=applicant, platform=profile.platform, handle="alex.other")
        assert start(worker, applicant, other).decision.codes[0] == "TRAINING_REQUIRED"
