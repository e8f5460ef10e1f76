"""The RIPA services' own guards, called as a shell user would call them (`manage.py shell`), with
the bad input each guard is for (tests/test_service_guards_cases.py has the rest): the project's own
error, a message for a social worker, the field named, and nothing recorded."""

import datetime

import pytest
from django.utils import timezone

from audit.models import Action, AuditEvent
from ripa import services as ripa
from ripa.models import RipaApplication, RipaCancellation, RipaReview, Status
from t4c_socialcheck.errors import Invalid, InvalidTransition, NotFound, NotPermitted
from tests.test_service_guards_cases import TODAY, assert_plain

pytestmark = pytest.mark.django_db


# --- RIPA: every step's guards ------------------------------------------------------------------------


@pytest.fixture
def awaiting(apply, officer):
    return apply()


def _denials():
    return AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"offence": "O" * 501}, "offence"),
        ({"offence_max_sentence_months": "120"}, "offence_max_sentence_months"),
        ({"offence_max_sentence_months": True}, "offence_max_sentence_months"),
        ({"offence_max_sentence_months": 1201}, "offence_max_sentence_months"),
        ({"threshold_offence": "shoplifting"}, "threshold_offence"),
        ({"confidential_information_likely": "no"}, "confidential_information_likely"),
        ({"necessity": "   "}, "necessity"),
        ({"proportionality": "proportionate"}, "proportionality_balance"),
        ({"collateral_intrusion_minimised": "M" * 2001}, "collateral_intrusion_minimised"),
        ({"profile_ids": []}, "profiles"),
    ],
)
def test_application_create_refuses_bad_fields_and_records_nothing(apply, officer, overrides, field):
    before = _denials()
    with pytest.raises(Invalid) as refused:
        apply(**overrides)
    assert refused.value.code == "INVALID"
    assert refused.value.detail == "Check the application."
    assert_plain(refused.value, field=field)
    assert refused.value.fields[field][0][0].isupper()
    assert RipaApplication.objects.count() == 0
    assert _denials() == before  # the pre-screen's refusal is recorded; these are not refusals of it


@pytest.mark.parametrize("applicant_id", [10**6, "Alex", None])
def test_application_create_for_an_applicant_that_does_not_exist_is_not_found(apply, applicant_id):
    with pytest.raises(NotFound) as refused:
        apply(applicant_id=applicant_id)
    assert refused.value.detail == "The applicant was not found."
    assert RipaApplication.objects.count() == 0


@pytest.mark.parametrize("profile_ids", ["one id", "its text", "the id twice"])
def test_application_create_takes_one_profile_id_as_that_profile(apply, profile, profile_ids):
    """`profile_ids=12` typed for `[12]` was a TypeError; `[12, "12"]` was "a profile was not found"."""
    given = {"one id": profile.pk, "its text": str(profile.pk), "the id twice": [profile.pk, str(profile.pk)]}
    application = apply(profile_ids=given[profile_ids])
    assert list(application.profiles.all()) == [profile]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"granted": "yes"}, "granted"),
        ({"granted": None}, "granted"),
        ({"reasons": ""}, "decision_reasons"),
        ({"reasons": "R" * 2001}, "decision_reasons"),
        ({"officer_involved": "no"}, "officer_involved"),
        ({"review_every_days": 0}, "review_every_days"),
        ({"review_every_days": 93}, "review_every_days"),
        ({"review_every_days": "28"}, "review_every_days"),
        ({"review_every_days": True}, "review_every_days"),
    ],
)
def test_application_decide_refuses_bad_fields_and_decides_nothing(awaiting, officer, overrides, field):
    arguments = {"granted": True, "reasons": "Necessary and proportionate."} | overrides
    with pytest.raises(Invalid) as refused:
        ripa.application_decide(user=officer, application_id=awaiting.pk, **arguments)
    assert refused.value.detail == "Check the decision."
    assert_plain(refused.value, field=field)
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.decided_by_id, awaiting.decision_reasons) == (Status.AWAITING_DECISION, None, "")


def test_a_renewal_of_a_cancelled_authorisation_cannot_be_decided(active, manager, officer):
    renewal = ripa.renewal_apply(
        user=manager, application_id=active.pk, reasons="Still needed.", obtained_so_far="Two posts."
    )
    ripa.authorisation_cancel(
        user=officer,
        application_id=active.pk,
        reasons="No longer needed.",
        ceased_at=timezone.now(),
        product_handling="Destroyed by the coordinator.",
    )
    with pytest.raises(InvalidTransition) as refused:
        ripa.application_decide(user=officer, application_id=renewal.pk, granted=True, reasons="Still needed.")
    assert refused.value.code == "INVALID_TRANSITION"
    assert refused.value.detail == "The authorisation this renewal continues has been cancelled."
    renewal.refresh_from_db()
    assert renewal.status == Status.AWAITING_DECISION and renewal.decided_by_id is None


@pytest.mark.parametrize("who", ["worker", "officer"], ids=["a worker", "a manager of no team of the household"])
def test_justice_approval_is_recorded_only_by_a_manager_of_the_households_team(request, granted, who):
    with pytest.raises(NotPermitted) as refused:
        ripa.justice_approval_record(
            user=request.getfixturevalue(who),
            application_id=granted.pk,
            approved=True,
            on=TODAY(),
            court="Shrewsbury",
            justice="A. Justice",
        )
    assert_plain(refused.value)
    assert "justice's decision" in refused.value.detail
    granted.refresh_from_db()
    assert granted.status == Status.AWAITING_JUSTICE and granted.justice_decided_on is None


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"approved": "yes"}, "approved"),
        ({"on": None}, "on"),
        ({"on": "2026-01-05"}, "on"),
        ({"on": timezone.now()}, "on"),
        ({"on": TODAY() + datetime.timedelta(days=1)}, "on"),
        ({"court": "C" * 101}, "court"),
        ({"justice": ""}, "justice"),
    ],
)
def test_justice_approval_refuses_bad_fields_and_records_nothing(granted, manager, overrides, field):
    arguments = {"approved": True, "on": TODAY(), "court": "Shrewsbury", "justice": "A. Justice"} | overrides
    with pytest.raises(Invalid) as refused:
        ripa.justice_approval_record(user=manager, application_id=granted.pk, **arguments)
    assert refused.value.detail == "Check the justice's decision."
    assert_plain(refused.value, field=field)
    granted.refresh_from_db()
    assert granted.status == Status.AWAITING_JUSTICE and granted.justice_decided_on is None


def test_only_an_authorisation_in_force_is_reviewed(granted, officer):
    with pytest.raises(InvalidTransition) as refused:
        ripa.review_record(user=officer, application_id=granted.pk, on=TODAY(), outcome="continue", reasons="Fine.")
    assert refused.value.code == "INVALID_TRANSITION"
    assert "Only an authorisation in force is reviewed" in refused.value.detail
    assert RipaReview.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"on": TODAY() - datetime.timedelta(days=1)}, "on"),
        ({"on": TODAY() + datetime.timedelta(days=1)}, "on"),
        ({"on": timezone.now()}, "on"),
        ({"outcome": "stop"}, "outcome"),
        ({"reasons": ""}, "reasons"),
    ],
)
def test_review_record_refuses_bad_fields_and_records_nothing(active, officer, overrides, field):
    arguments = {"on": TODAY(), "outcome": "cancel", "reasons": "No longer needed."} | overrides
    with pytest.raises(Invalid) as refused:
        ripa.review_record(user=officer, application_id=active.pk, **arguments)
    assert refused.value.detail == "Check the review."
    assert_plain(refused.value, field=field)
    active.refresh_from_db()
    assert RipaReview.objects.count() == 0 and active.stopped_on is None


@pytest.mark.parametrize("who", ["worker", "officer"], ids=["a worker", "a manager of no team of the household"])
def test_renewal_is_applied_for_only_by_a_manager_of_the_households_team(request, active, who):
    with pytest.raises(NotPermitted) as refused:
        ripa.renewal_apply(
            user=request.getfixturevalue(who), application_id=active.pk, reasons="Still needed.", obtained_so_far="x"
        )
    assert_plain(refused.value)
    assert RipaApplication.objects.count() == 1


def test_a_second_renewal_while_one_is_in_progress_is_refused(active, manager):
    ripa.renewal_apply(user=manager, application_id=active.pk, reasons="Still needed.", obtained_so_far="Two posts.")
    with pytest.raises(InvalidTransition) as refused:
        ripa.renewal_apply(
            user=manager, application_id=active.pk, reasons="Still needed.", obtained_so_far="Two posts."
        )
    assert refused.value.detail == "A renewal of this application is already in progress or approved."
    assert RipaApplication.objects.count() == 2


@pytest.mark.parametrize(
    "reasons, obtained, fields",
    [
        ("", "Two posts.", {"renewal_reasons"}),
        ("Still needed.", None, {"obtained_so_far"}),
        ("R" * 2001, "O" * 2001, {"renewal_reasons", "obtained_so_far"}),
    ],
)
def test_renewal_apply_refuses_bad_fields_and_records_nothing(active, manager, reasons, obtained, fields):
    with pytest.raises(Invalid) as refused:
        ripa.renewal_apply(user=manager, application_id=active.pk, reasons=reasons, obtained_so_far=obtained)
    assert refused.value.detail == "Check the renewal."
    assert set(refused.value.fields) == fields
    assert RipaApplication.objects.count() == 1


@pytest.mark.parametrize(
    "ceased_at",
    [
        None,
        TODAY(),
        "2026-01-05T10:00",
        timezone.now() + datetime.timedelta(hours=1),
        timezone.localtime().replace(tzinfo=None) + datetime.timedelta(hours=1),
    ],
    ids=["none", "a date", "text", "future", "future, without a time zone"],
)
def test_authorisation_cancel_refuses_a_bad_time_it_ceased_and_cancels_nothing(active, officer, ceased_at):
    with pytest.raises(Invalid) as refused:
        ripa.authorisation_cancel(
            user=officer,
            application_id=active.pk,
            reasons="No longer needed.",
            ceased_at=ceased_at,
            product_handling="Destroyed by the coordinator.",
        )
    assert refused.value.detail == "Check the cancellation."
    assert_plain(refused.value, field="ceased_at")
    active.refresh_from_db()
    assert active.status == Status.ACTIVE and RipaCancellation.objects.count() == 0


def test_a_time_it_ceased_typed_without_a_time_zone_is_the_agencys_time(active, officer):
    """As the page reads the boxes (GovDateTimeField): it was a TypeError comparing naive and aware times."""
    typed = timezone.localtime().replace(tzinfo=None, microsecond=0) - datetime.timedelta(minutes=5)
    cancellation = ripa.authorisation_cancel(
        user=officer,
        application_id=active.pk,
        reasons="No longer needed.",
        ceased_at=typed,
        product_handling="Destroyed by the coordinator.",
    )
    cancellation.refresh_from_db()
    assert timezone.localtime(cancellation.ceased_at).replace(tzinfo=None) == typed
