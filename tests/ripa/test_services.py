"""Each step of the code of practice, through ripa.services, and the bad input point 10 lists."""

import datetime

import pytest
from django.utils import timezone

from audit.models import Action, AuditEvent
from notifications.models import Notification
from ripa import services
from ripa.dates import last_valid_day
from ripa.models import RipaApplication, RipaCancellation, RipaReview, Status
from ripa.reminders import remind_ripa
from ripa.selectors import (
    applications_for_council_year,
    council_year_statistics,
    display_status,
    overdue_reviews,
    records_about_applicant,
    reviews_due,
)
from t4c_socialcheck.errors import Invalid, InvalidTransition, NotFound, NotPermitted

from .conftest import designate, move_back

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _snapshot(application):
    application.refresh_from_db()
    return {f.name: getattr(application, f.name) for f in RipaApplication._meta.concrete_fields}


# --- 1. Application and the pre-screen ----------------------------------------------------------------


def test_an_application_records_the_codes_fields_and_awaits_a_decision(apply, manager, applicant, profile):
    application = apply(collateral_intrusion_minimised="Only the applicant's own posts are read.")
    assert application.status == Status.AWAITING_DECISION
    assert application.council == applicant.household.local_authority
    assert application.applied_by == manager and list(application.profiles.all()) == [profile]
    assert application.proportionality_alternatives.startswith("Bank records")
    assert application.collateral_intrusion_minimised == "Only the applicant's own posts are read."
    assert application.confidential_information_likely is False
    assert application.reference.startswith("RIPA-") and application.reference.endswith("-001")


def test_the_pre_screen_refuses_an_offence_below_the_crime_threshold_and_says_why(apply):
    with pytest.raises(services.CrimeThresholdNotMet) as refused:
        apply(offence="Failing to disclose a previous address", offence_max_sentence_months=3)
    assert refused.value.code == "CRIME_THRESHOLD_NOT_MET"
    assert "6 months" in refused.value.detail
    assert "Assessing whether someone can adopt is not a criminal investigation" in refused.value.detail
    assert not RipaApplication.objects.exists()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, data__code="CRIME_THRESHOLD_NOT_MET").exists()


def test_the_underage_sale_offences_the_threshold_names_pass_the_pre_screen(apply):
    application = apply(
        offence="Sale of alcohol to a child", offence_max_sentence_months=0, threshold_offence="alcohol_sale"
    )
    assert application.status == Status.AWAITING_DECISION


def test_only_a_manager_of_the_team_applies(apply, worker, outsider):
    with pytest.raises(NotPermitted):
        apply(user=worker)
    assert not RipaApplication.objects.exists()


def test_an_application_needs_all_four_elements_of_proportionality(apply):
    with pytest.raises(Invalid) as refused:
        apply(proportionality={"balance": "Only this."})
    assert {"proportionality_least_intrusive", "proportionality_alternatives"} <= set(refused.value.fields)


# --- 2. The authorising officer ------------------------------------------------------------------------


def test_a_designated_officer_grants_with_reasons_and_their_grade_and_involvement(apply, officer):
    application = apply()
    decided = services.application_decide(
        user=officer,
        application_id=application.pk,
        granted=True,
        reasons="Necessary.",
        officer_involved=True,
        review_every_days=14,
    )
    assert decided.status == Status.AWAITING_JUSTICE and decided.decided_by == officer
    assert decided.authorising_officer_grade == "Director of Children's Services"
    assert decided.authorising_officer_involved is True and decided.review_every_days == 14
    told = Notification.objects.get(about=f"ripa:{application.pk}:decision")  # the outbox
    assert told.recipients == [officer.email] and application.reference in told.subject


def test_a_refused_application_stays_on_the_register(apply, officer):
    application = apply()
    services.application_decide(user=officer, application_id=application.pk, granted=False, reasons="Not necessary.")
    application.refresh_from_db()
    assert application.status == Status.REFUSED and application.decision_reasons == "Not necessary."
    assert display_status(application) == "refused"


def test_the_applying_officer_never_decides_even_when_designated(apply, manager, household):
    designate(manager, household.local_authority)
    application = apply()
    before = _snapshot(application)
    with pytest.raises(NotPermitted, match="cannot decide their own"):
        services.application_decide(user=manager, application_id=application.pk, granted=True, reasons="Fine.")
    assert _snapshot(application) == before


def test_an_officer_of_another_council_cannot_decide(apply, household, team_a):
    from tests.factories import LocalAuthorityFactory, UserFactory

    other = UserFactory(role="manager")
    team_a.managers.add(other)  # sees the application, but is designated elsewhere
    designate(other, LocalAuthorityFactory())
    application = apply()
    before = _snapshot(application)
    with pytest.raises(NotPermitted, match="designated authorising officer of"):
        services.application_decide(user=other, application_id=application.pk, granted=True, reasons="Fine.")
    assert _snapshot(application) == before


def test_an_officer_who_sees_nothing_of_another_council_gets_not_found(apply, elsewhere_officer):
    application = apply()
    with pytest.raises(NotFound):
        services.application_decide(user=elsewhere_officer, application_id=application.pk, granted=True, reasons="x")


def test_a_second_decision_is_an_invalid_transition(granted, second_officer):
    with pytest.raises(InvalidTransition):
        services.application_decide(user=second_officer, application_id=granted.pk, granted=False, reasons="No.")


# --- 3. The justice's approval --------------------------------------------------------------------------


def test_the_authorisation_is_in_force_from_the_justices_approval_through_its_last_valid_day(active):
    assert active.status == Status.ACTIVE
    assert active.valid_from == TODAY() and active.last_valid_day == last_valid_day(TODAY())
    assert display_status(active) == "in_force"


@pytest.mark.parametrize(
    "on", [lambda: TODAY() - datetime.timedelta(days=1), lambda: TODAY() + datetime.timedelta(days=1)]
)
def test_a_justices_date_before_the_grant_or_in_the_future_is_refused_and_changes_nothing(granted, manager, on):
    before = _snapshot(granted)
    with pytest.raises(Invalid) as refused:
        services.justice_approval_record(
            user=manager, application_id=granted.pk, approved=True, on=on(), court="Court", justice="A. Justice"
        )
    assert refused.value.code == "INVALID" and "on" in refused.value.fields
    assert _snapshot(granted) == before


def test_a_justices_refusal_ends_it(granted, manager):
    refused = services.justice_approval_record(
        user=manager, application_id=granted.pk, approved=False, on=TODAY(), court="Court", justice="A. Justice"
    )
    assert refused.status == Status.JUSTICE_REFUSED and refused.valid_from is None


def test_only_a_granted_application_goes_to_a_justice(apply, manager):
    application = apply()
    with pytest.raises(InvalidTransition):
        services.justice_approval_record(
            user=manager, application_id=application.pk, approved=True, on=TODAY(), court="C", justice="J"
        )


# --- 4. Reviews ------------------------------------------------------------------------------------------


def test_the_officers_frequency_schedules_reviews_and_the_outbox_reminds_them(active, officer):
    due = reviews_due(active)
    assert due[0] == active.valid_from + datetime.timedelta(days=28) and all(d <= active.last_valid_day for d in due)
    move_back(active, 30)
    assert overdue_reviews(active) == [active.valid_from + datetime.timedelta(days=28)]
    assert remind_ripa() >= 1
    assert Notification.objects.filter(kind="ripa_review_due", subject__contains="overdue", recipients=[officer.email])
    assert remind_ripa() == 0  # once


def test_a_review_records_date_outcome_and_reasons_and_clears_the_overdue_flag(active, officer):
    move_back(active, 30)
    review = services.review_record(
        user=officer, application_id=active.pk, on=TODAY(), outcome="continue", reasons="Still necessary."
    )
    assert (review.on, review.outcome, review.reasons) == (TODAY(), "continue", "Still necessary.")
    assert overdue_reviews(RipaApplication.objects.get(pk=active.pk)) == []


def test_a_review_by_someone_else_is_refused_and_records_nothing(active, second_officer, manager):
    for user in (second_officer, manager):
        with pytest.raises(NotPermitted):
            services.review_record(user=user, application_id=active.pk, on=TODAY(), outcome="continue", reasons="x")
    assert not RipaReview.objects.exists()


def test_a_review_that_cancels_stops_it_at_once(active, officer):
    services.review_record(user=officer, application_id=active.pk, on=TODAY(), outcome="cancel", reasons="Done.")
    active.refresh_from_db()
    assert display_status(active) == "stopped"


# --- 5. Renewal ------------------------------------------------------------------------------------------


def test_a_renewal_decided_and_approved_in_time_runs_from_the_day_after_the_last_valid_day(active, manager, officer):
    renewal = services.renewal_apply(
        user=manager, application_id=active.pk, reasons="Still necessary.", obtained_so_far="Two dates."
    )
    assert renewal.kind == "renewal" and renewal.original == active and renewal.status == Status.AWAITING_DECISION
    services.application_decide(user=officer, application_id=renewal.pk, granted=True, reasons="Renewed.")
    renewal = services.justice_approval_record(
        user=manager, application_id=renewal.pk, approved=True, on=TODAY(), court="C", justice="J"
    )
    assert renewal.valid_from == active.last_valid_day + datetime.timedelta(days=1)
    assert renewal.last_valid_day == last_valid_day(renewal.valid_from)
    assert [a.reference for a in active.renewals.all()] == [renewal.reference]


def test_a_renewal_applied_for_after_expiry_is_refused(active, manager):
    move_back(active, 120)
    with pytest.raises(InvalidTransition):
        services.renewal_apply(user=manager, application_id=active.pk, reasons="Still.", obtained_so_far="x")
    assert RipaApplication.objects.count() == 1


def test_a_renewal_approved_after_the_last_valid_day_ends_the_authorisation_as_before(active, manager, officer):
    renewal = services.renewal_apply(user=manager, application_id=active.pk, reasons="Still.", obtained_so_far="x")
    services.application_decide(user=officer, application_id=renewal.pk, granted=True, reasons="Renewed.")
    move_back(active, 100)
    before = _snapshot(renewal)
    with pytest.raises(InvalidTransition, match="must be approved by"):
        services.justice_approval_record(
            user=manager, application_id=renewal.pk, approved=True, on=TODAY(), court="C", justice="J"
        )
    assert _snapshot(renewal) == before
    assert display_status(RipaApplication.objects.get(pk=active.pk)) == "lapsed"


# --- 6. Cancellation ------------------------------------------------------------------------------------


def test_its_officer_cancels_with_reasons_when_stopped_and_what_happens_to_the_material(active, officer):
    ceased = timezone.now() - datetime.timedelta(hours=2)
    cancellation = services.authorisation_cancel(
        user=officer,
        application_id=active.pk,
        reasons="No longer necessary.",
        ceased_at=ceased,
        product_handling="Notes kept in the council's legal file; screenshots destroyed by J. Smith on the day.",
    )
    assert cancellation.ceased_at == ceased and "destroyed" in cancellation.product_handling
    assert display_status(RipaApplication.objects.get(pk=active.pk)) == "cancelled"
    with pytest.raises(InvalidTransition):
        services.authorisation_cancel(
            user=officer, application_id=active.pk, reasons="x", ceased_at=ceased, product_handling="x"
        )


def test_cancelling_by_anyone_but_its_officer_is_refused(active, second_officer):
    with pytest.raises(NotPermitted):
        services.authorisation_cancel(
            user=second_officer, application_id=active.pk, reasons="x", ceased_at=timezone.now(), product_handling="x"
        )
    assert not RipaCancellation.objects.exists()


def test_one_that_lapsed_without_cancellation_is_flagged(active):
    assert display_status(move_back(active, 100)) == "lapsed"


# --- 8. Statistics and the selectors other apps call ----------------------------------------------------


def test_yearly_statistics_count_what_the_commissioner_asks(apply, active, officer, manager):
    refused = apply()
    services.application_decide(user=officer, application_id=refused.pk, granted=False, reasons="No.")
    to_justice = apply()
    services.application_decide(user=officer, application_id=to_justice.pk, granted=True, reasons="Yes.")
    services.justice_approval_record(
        user=manager, application_id=to_justice.pk, approved=False, on=TODAY(), court="C", justice="J"
    )
    services.authorisation_cancel(
        user=officer, application_id=active.pk, reasons="Done.", ceased_at=timezone.now(), product_handling="Kept."
    )
    council, year = active.council, TODAY().year
    assert council_year_statistics(council, year) == {
        "applications": 3,
        "granted": 2,
        "refused": 1,
        "approved_by_justice": 1,
        "refused_by_justice": 1,
        "renewed": 0,
        "cancelled": 1,
        "lapsed": 0,
    }
    assert applications_for_council_year(council, year).count() == 3
    assert applications_for_council_year(council, year - 1).count() == 0


def test_records_about_an_applicant_hold_every_step_and_view(
    active, officer, applicant, profile, worker, consent, start
):
    view = start(worker, applicant, profile, ripa_authorisation_id=active.pk).social_check
    services.review_record(user=officer, application_id=active.pk, on=TODAY(), outcome="continue", reasons="Still.")
    [record] = records_about_applicant(applicant)
    assert record["reference"] == active.reference and record["status"] == "in_force"
    assert record["reviews"] == [{"on": TODAY().isoformat(), "outcome": "continue", "reasons": "Still."}]
    assert [v["check"] for v in record["views"]] == [view.pk]


def test_the_applying_manager_is_reminded_a_week_before_the_last_valid_day(active, manager):
    from ripa.models import RipaApplication

    RipaApplication.objects.filter(pk=active.pk).update(last_valid_day=TODAY() + datetime.timedelta(days=5))
    remind_ripa()
    reminder = Notification.objects.get(kind="ripa_expiring")
    assert reminder.recipients == [manager.email] and active.reference in reminder.subject


def test_references_number_each_councils_initial_applications_and_renewals_follow_theirs(active, apply, manager):
    renewal = services.renewal_apply(user=manager, application_id=active.pk, reasons="Still.", obtained_so_far="x")
    assert renewal.reference == f"{active.reference}-R1"
    assert apply().reference == active.reference.removesuffix("001") + "002"


def test_a_lapse_without_cancellation_tells_the_officer_and_the_councils_senior_officers_once(active, officer):
    from cases.models import LocalAuthority

    LocalAuthority.objects.filter(pk=active.council_id).update(
        senior_responsible_officer_email="sro@council.example.org", ripa_coordinator_email="ripa@council.example.org"
    )
    move_back(active, 100)
    remind_ripa()
    told = Notification.objects.get(kind="ripa_lapsed")
    assert set(told.recipients) == {officer.email, "sro@council.example.org", "ripa@council.example.org"}
    assert remind_ripa() == 0
