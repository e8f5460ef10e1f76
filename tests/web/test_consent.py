import uuid

from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from cases.models import InformationFormat
from consent.models import Consent, ConsentState
from consent.services import consent_state, consent_withdraw

from .helpers import date_fields, error_summary, tomorrow, yesterday


def consent_data(**overrides):
    data = {
        "given": "yes",
        "form_reference": "ROI-FORM-9",
        "information_format": "standard",
        **date_fields("signed_on", yesterday()),
    }
    data.update(overrides)
    return data


def test_a_worker_records_consent_from_the_roi_form(as_user, worker, applicant):
    response = as_user(worker).post(reverse("consent-record", args=[applicant.pk]), consent_data(), follow=True)
    consent = Consent.objects.get()
    assert consent.given and consent.signed_on == yesterday() and consent.form_reference == "ROI-FORM-9"
    assert consent.recorded_by == worker
    assert "You recorded consent for Alex Morgan." in response.content.decode()


def test_a_worker_records_that_consent_was_refused(as_user, worker, applicant):
    as_user(worker).post(reverse("consent-record", args=[applicant.pk]), consent_data(given="no"))
    assert consent_state(applicant)[0] == ConsentState.REFUSED


def test_recording_consent_with_nothing_filled_in_lists_every_field(as_user, worker, applicant):
    response = as_user(worker).post(reverse("consent-record", args=[applicant.pk]), {})
    summary = error_summary(response)
    assert 'href="#id_given_1"' in summary and "Select whether they gave consent" in summary
    assert 'href="#id_signed_on_0"' in summary
    assert "Enter the ROI form reference" in summary
    assert 'href="#id_information_format_1"' in summary
    assert not Consent.objects.exists()


def test_consent_signed_on_an_impossible_or_future_date_is_refused(as_user, worker, applicant):
    client = as_user(worker)
    impossible = client.post(
        reverse("consent-record", args=[applicant.pk]), consent_data(**date_fields("signed_on", d=31, m=2, y=2026))
    )
    assert "The date the ROI form was signed must be a real date" in error_summary(impossible)
    future = client.post(
        reverse("consent-record", args=[applicant.pk]), consent_data(**date_fields("signed_on", tomorrow()))
    )
    assert "must be today or in the past" in error_summary(future)
    letters = client.post(
        reverse("consent-record", args=[applicant.pk]), consent_data(**date_fields("signed_on", d="x", m=2, y=2026))
    )
    assert "must be a real date" in error_summary(letters)
    assert not Consent.objects.exists()


def test_consent_information_must_be_given_in_the_format_the_applicant_needs(as_user, worker, applicant):
    applicant.information_formats = [InformationFormat.EASY_READ]
    applicant.save()
    client = as_user(worker)
    form = client.get(reverse("consent-record", args=[applicant.pk])).content.decode()
    assert "Alex Morgan needs information in easy read." in form
    response = client.post(reverse("consent-record", args=[applicant.pk]), consent_data(information_format="standard"))
    assert "Alex Morgan needs information in easy read." in error_summary(response)
    client.post(reverse("consent-record", args=[applicant.pk]), consent_data(information_format="easy_read"))
    assert Consent.objects.get().information_format == "easy_read"


def test_sending_the_consent_form_twice_records_consent_once(as_user, worker, applicant):
    client = as_user(worker)
    data = consent_data(submission=str(uuid.uuid4()))
    client.post(reverse("consent-record", args=[applicant.pk]), data)
    second = client.post(reverse("consent-record", args=[applicant.pk]), data, follow=True)
    assert Consent.objects.count() == 1
    assert "It has been recorded once." in second.content.decode()


def test_a_stale_consent_form_is_refused_clearly_when_consent_was_recorded_in_another_tab(
    as_user, worker, applicant, consent
):
    response = as_user(worker).post(reverse("consent-record", args=[applicant.pk]), consent_data())
    assert "Consent is already recorded for this applicant." in error_summary(response)
    assert Consent.objects.count() == 1


def test_withdrawing_consent_warns_that_no_check_can_start_afterwards(as_user, worker, applicant, consent):
    html = as_user(worker).get(reverse("consent-withdraw", args=[applicant.pk])).content.decode()
    assert "govuk-warning-text" in html
    assert "no check can be started for Alex Morgan" in html
    assert "Confirm withdrawal" in html


def test_a_worker_withdraws_consent_with_a_reason(as_user, worker, applicant, consent):
    data = {"reason": "Phoned to say no", **date_fields("withdrawn_on", timezone.localdate())}
    response = as_user(worker).post(reverse("consent-withdraw", args=[applicant.pk]), data, follow=True)
    consent.refresh_from_db()
    assert consent.withdrawal_reason == "Phoned to say no" and consent.withdrawn_by == worker
    assert "No check can be started for them now." in response.content.decode()


def test_withdrawing_without_a_reason_or_before_the_signature_is_refused(as_user, worker, applicant, consent):
    client = as_user(worker)
    no_reason = client.post(
        reverse("consent-withdraw", args=[applicant.pk]),
        {"reason": "", **date_fields("withdrawn_on", timezone.localdate())},
    )
    assert "Enter the reason consent was withdrawn" in error_summary(no_reason)
    too_early = client.post(
        reverse("consent-withdraw", args=[applicant.pk]),
        {"reason": "No", **date_fields("withdrawn_on", consent.signed_on.replace(year=consent.signed_on.year - 1))},
    )
    assert "cannot be before the date consent was signed" in error_summary(too_early)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_stale_withdrawal_form_after_withdrawal_in_another_tab_is_refused_clearly(
    as_user, worker, applicant, consent
):
    consent_withdraw(user=worker, applicant=applicant, reason="First tab")
    response = as_user(worker).post(
        reverse("consent-withdraw", args=[applicant.pk]),
        {"reason": "Second tab", **date_fields("withdrawn_on", timezone.localdate())},
    )
    assert "There is no consent to withdraw for this applicant." in error_summary(response)
    consent.refresh_from_db()
    assert consent.withdrawal_reason == "First tab"


def test_consent_information_prints_in_large_print_and_easy_read(as_user, worker, applicant, consent_text):
    client = as_user(worker)
    large = client.get(reverse("consent-information", args=[applicant.pk, "large-print"])).content.decode()
    assert "app-large-print" in large
    assert "<p>A social worker may look once at one of your social media profiles.</p>" in large
    easy = client.get(reverse("consent-information", args=[applicant.pk, "easy-read"])).content.decode()
    assert "app-easy-read" in easy
    assert "<li>We would like to look at your social media, one time.</li>" in easy
    assert "<li>You can say no.</li>" in easy
    assert (
        AuditEvent.objects.filter(action=Action.VIEW, record_type="applicant", record_id=str(applicant.pk)).count() == 2
    )


def test_an_unknown_consent_information_format_is_not_found(as_user, worker, applicant):
    assert as_user(worker).get(reverse("consent-information", args=[applicant.pk, "braille"])).status_code == 404


def test_communication_needs_are_flagged_on_every_page_about_the_applicant(
    as_user, worker, applicant, consent, profile
):
    applicant.communication_support = ["lipspeaker"]
    applicant.save()
    client = as_user(worker)
    for name in ("consent-record", "consent-withdraw", "profile-add", "communication-needs", "check-new"):
        html = client.get(reverse(name, args=[applicant.pk])).content.decode()
        assert "Communication needs</strong>" in html and "Lipspeaker" in html, name
    html = client.get(reverse("incident-report")).content.decode()
    assert "Alex Morgan (" in html and "has communication needs" in html


def test_the_roi_form_reference_is_prefilled_from_the_household(as_user, worker, applicant):
    """Issue #22 point 8: the reference on the ROI form is the household's, offered in the box."""
    response = as_user(worker).get(reverse("consent-record", args=[applicant.pk]))
    reference = applicant.household.reference
    html = response.content.decode()
    assert f'name="form_reference" value="{reference}"' in html
    assert "usually the household" in html and f"reference, {reference}; change it" in html
