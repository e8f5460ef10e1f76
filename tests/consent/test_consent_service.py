import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import InformationFormat
from consent.models import Consent, ConsentState
from consent.services import consent_record, consent_state, consent_withdraw
from t4c_socialcheck.errors import Conflict, Invalid, NotPermitted
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def record(user, applicant, **overrides):
    arguments = {"given": True, "signed_on": TODAY(), "form_reference": "ROI-7"}
    arguments.update(overrides)
    return consent_record(user=user, applicant=applicant, **arguments)


def test_consent_given_is_recorded_with_who_when_and_the_text_version(worker, applicant):
    from consent.models import ConsentText

    text = ConsentText.objects.create(version="9", body="Words.", published_at=timezone.now())
    consent = record(worker, applicant)
    assert consent.recorded_by == worker
    assert consent.text_version == text and consent.text_sha256 == text.body_sha256
    assert consent_state(applicant) == (ConsentState.GIVEN, consent)


def test_no_consent_refused_and_withdrawn_states(worker, applicant):
    assert consent_state(applicant)[0] == ConsentState.NONE
    record(worker, applicant, given=False)
    assert consent_state(applicant)[0] == ConsentState.REFUSED
    record(worker, applicant, given=True)
    assert consent_state(applicant)[0] == ConsentState.GIVEN
    consent_withdraw(user=worker, applicant=applicant, reason="No longer wishes")
    assert consent_state(applicant)[0] == ConsentState.WITHDRAWN


def test_a_future_signature_date_is_refused(worker, applicant):
    with pytest.raises(Invalid) as error:
        record(worker, applicant, signed_on=TODAY() + datetime.timedelta(days=1))
    assert "signed_on" in error.value.fields
    assert not Consent.objects.exists()


@pytest.mark.parametrize("reference", ["", "   ", "x" * 65])
def test_the_form_reference_is_required_and_bounded(worker, applicant, reference):
    with pytest.raises(Invalid):
        record(worker, applicant, form_reference=reference)


def test_a_second_live_consent_is_refused_by_the_service(worker, applicant):
    record(worker, applicant)
    with pytest.raises(Conflict):
        record(worker, applicant)
    assert Consent.objects.count() == 1


def test_a_second_live_consent_is_refused_by_the_database(worker, applicant):
    record(worker, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            applicant=applicant, given=True, signed_on=TODAY(), form_reference="x", recorded_by=worker
        )


def test_recording_a_refusal_over_a_live_consent_asks_for_a_withdrawal(worker, applicant):
    record(worker, applicant)
    with pytest.raises(Invalid) as error:
        record(worker, applicant, given=False)
    assert "withdraw" in error.value.detail


def test_a_withdrawal_dated_before_the_signature_is_refused(worker, applicant):
    record(worker, applicant, signed_on=TODAY() - datetime.timedelta(days=2))
    with pytest.raises(Invalid) as error:
        consent_withdraw(
            user=worker, applicant=applicant, reason="x", withdrawn_on=TODAY() - datetime.timedelta(days=3)
        )
    assert "withdrawn_on" in error.value.fields
    assert consent_state(applicant)[0] == ConsentState.GIVEN


def test_the_database_refuses_a_withdrawal_dated_before_the_signature(worker, applicant):
    consent = record(worker, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(
            withdrawn_at=timezone.now(), withdrawn_on=TODAY() - datetime.timedelta(days=30)
        )


@pytest.mark.parametrize("reason", ["", "x" * 501])
def test_a_withdrawal_needs_a_reason(worker, applicant, reason):
    record(worker, applicant)
    with pytest.raises(Invalid):
        consent_withdraw(user=worker, applicant=applicant, reason=reason)


def test_nothing_to_withdraw_is_a_clear_error(worker, applicant):
    with pytest.raises(Invalid) as error:
        consent_withdraw(user=worker, applicant=applicant, reason="x")
    assert "no consent to withdraw" in error.value.detail


def test_consent_information_must_be_given_in_the_format_the_applicant_needs(worker, household):
    applicant = ApplicantFactory(household=household, information_formats=[InformationFormat.LARGE_PRINT])
    with pytest.raises(Invalid) as error:
        record(worker, applicant, information_format="standard")
    assert "large print" in error.value.detail
    consent = record(worker, applicant, information_format="large_print")
    assert consent.information_format == "large_print"


def test_an_outsider_cannot_record_consent(outsider, applicant):
    with pytest.raises(NotPermitted):
        record(outsider, applicant)
