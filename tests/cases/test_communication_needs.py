"""The Accessible Information Standard's steps (issue 20): identify, record,
flag, share, meet, review."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cases.models import CommunicationSupport, ContactMethod, InformationFormat, NeedsStatus
from cases.reminders import remind_needs_reviews
from cases.selectors import communication_needs_summary
from cases.services import applicant_update_needs
from cases.tasks import remind_needs_reviews_daily
from consent.models import ConsentFormat, ConsentText, ConsentTranslation
from consent.services import consent_record
from notifications.models import Notification
from t4c_socialcheck.errors import Invalid
from tests.factories import ApplicantFactory
from tests.web.helpers import date_fields

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def set_needs(worker, applicant, **needs):
    return applicant_update_needs(user=worker, applicant=applicant, communication_needs=needs)


# --- Identify and record --------------------------------------------------------


def test_not_yet_asked_and_asked_no_needs_are_different_answers(worker, applicant):
    assert applicant.needs_status == NeedsStatus.NOT_ASKED
    set_needs(worker, applicant, needs_status=NeedsStatus.NO_NEEDS)
    applicant.refresh_from_db()
    assert applicant.needs_status == NeedsStatus.NO_NEEDS and not applicant.has_communication_needs
    assert communication_needs_summary(applicant)["status_label"] == "Asked: no needs"


def test_needs_in_every_category_of_the_standard(worker, applicant):
    set_needs(
        worker,
        applicant,
        information_formats=[
            InformationFormat.EASY_READ,
            InformationFormat.LARGE_PRINT,
            InformationFormat.AUDIO,
            InformationFormat.BRAILLE,
            InformationFormat.TRANSLATED,
            InformationFormat.ELECTRONIC,
        ],
        translation_language="Polish",
        large_print_points=20,
        communication_support=list(CommunicationSupport.values),
        interpreter_language="Urdu",
        contact_method=ContactMethod.TEXT_RELAY,
    )
    applicant.refresh_from_db()
    labels = applicant.communication_needs_labels()
    assert applicant.needs_status == NeedsStatus.HAS_NEEDS
    for expected in (
        "Large print (20 point)",
        "Translated text (Polish)",
        "Email or electronic",
        "British Sign Language interpreter",
        "Deafblind interpreter",
        "Lipspeaker",
        "Note taker",
        "Speech-to-text reporter",
        "Spoken language interpreter (Urdu)",
        "Contact by text relay (relay uk)",
    ):
        assert expected in labels


@pytest.mark.parametrize(
    ("needs", "field"),
    [
        ({"needs_status": NeedsStatus.NO_NEEDS, "information_formats": [InformationFormat.AUDIO]}, "needs_status"),
        ({"needs_status": NeedsStatus.HAS_NEEDS}, "needs_status"),
        ({"information_formats": [InformationFormat.LARGE_PRINT], "large_print_points": 12}, "large_print_points"),
        ({"contact_method": "pigeon"}, "contact_method"),
    ],
)
def test_needs_that_do_not_fit_together_are_refused_with_a_message(worker, applicant, needs, field):
    with pytest.raises(Invalid) as refused:
        set_needs(worker, applicant, **needs)
    assert field in refused.value.fields


def test_the_needs_page_records_asked_no_needs(worker, applicant):
    response = signed_in(worker).post(
        f"/applicants/{applicant.pk}/communication-needs/", {"needs_status": NeedsStatus.NO_NEEDS}
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.needs_status == NeedsStatus.NO_NEEDS


# --- Flag and share -------------------------------------------------------------


def test_needs_not_yet_asked_are_flagged_on_the_caseload_and_household(worker, applicant):
    client = signed_in(worker)
    assert "Needs not yet asked" in client.get("/").content.decode()
    assert "Needs not yet asked" in client.get(f"/households/{applicant.household_id}/").content.decode()
    set_needs(worker, applicant, communication_support=[CommunicationSupport.BSL_INTERPRETER])
    page = client.get("/").content.decode()
    assert "Needs not yet asked" not in page and "British Sign Language interpreter" in page


def test_the_api_shares_the_needs_status(worker, applicant):
    set_needs(worker, applicant, needs_status=NeedsStatus.NO_NEEDS)
    body = signed_in(worker).get(f"/api/v1/applicants/{applicant.pk}/").json()
    assert body["needs_status"] == "no_needs"
    assert body["communication_needs"]["needs_status"] == "no_needs"


def test_the_summary_for_the_subject_access_pack(worker, applicant):
    set_needs(
        worker,
        applicant,
        information_formats=[InformationFormat.TRANSLATED],
        translation_language="Welsh",
        needs_review_on=TODAY + datetime.timedelta(days=30),
    )
    applicant.refresh_from_db()
    summary = communication_needs_summary(applicant)
    assert summary["status"] == "has_needs"
    assert summary["needs"] == ["Translated text (Welsh)"]
    assert summary["review_on"] == (TODAY + datetime.timedelta(days=30)).isoformat()


def test_the_refusal_email_to_managers_flags_the_needs(worker, manager, applicant, platforms, logged_out_view):
    from checks.services import check_start
    from platforms.services import profile_add

    set_needs(worker, applicant, communication_support=[CommunicationSupport.LIPSPEAKER])
    profile = profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle="alex.needs")
    check_start(
        user=worker,
        applicant_id=applicant.pk,
        profile_id=profile.pk,
        viewing_account_id=logged_out_view.pk,
        declarations={},
        purpose="Assessment",
    )
    email = Notification.objects.get(kind="refusal")
    assert "Lipspeaker" in email.body and "Lipspeaker" in email.html_body
    assert applicant.full_name not in email.body
    # The manager's oversight pages flag the needs too.
    from django.urls import reverse

    from checks.models import Refusal

    refusal = Refusal.objects.get()
    client = signed_in(manager)
    assert "Communication needs" in client.get(reverse("refusal-list")).content.decode()
    assert "Lipspeaker" in client.get(reverse("refusal-detail", args=[refusal.pk])).content.decode()


# --- Review ---------------------------------------------------------------------


def test_the_allocated_worker_is_reminded_once_when_the_review_is_due(worker, applicant):
    set_needs(worker, applicant, needs_status=NeedsStatus.NO_NEEDS, needs_review_on=TODAY)
    not_due = ApplicantFactory(household=applicant.household, needs_review_on=TODAY + datetime.timedelta(days=1))
    assert remind_needs_reviews(TODAY) == 1
    assert remind_needs_reviews(TODAY) == 0
    assert remind_needs_reviews_daily() == 0
    reminder = Notification.objects.get(kind="needs_review_due")
    assert reminder.recipients == [worker.email]
    assert applicant.full_name in reminder.subject
    assert f"/applicants/{applicant.pk}/communication-needs/" in reminder.body
    assert not Notification.objects.filter(about__contains=f"applicant:{not_due.pk}:").exists()
    # A new review date is a new reminder.
    set_needs(worker, applicant, needs_status=NeedsStatus.NO_NEEDS, needs_review_on=TODAY + datetime.timedelta(days=1))
    assert remind_needs_reviews(TODAY + datetime.timedelta(days=1)) == 2


def test_beat_runs_the_review_reminder_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["needs-reviews-daily"]
    assert entry["task"] == "cases.tasks.remind_needs_reviews_daily"


# --- Meet: what was given is what is recorded --------------------------------------


@pytest.fixture
def wording(db):
    text = ConsentText.objects.create(
        version="7",
        body="The standard wording.",
        easy_read_body="We look once.\nYou can say no.",
        easy_read_version="ER-3",
        published_at=timezone.now(),
    )
    translation = ConsentTranslation.objects.create(
        consent_text=text, language="pl", language_name="Polish", version="PL-2", body="Polskie brzmienie."
    )
    return text, translation


def record(worker, applicant, **kwargs):
    return consent_record(
        user=worker,
        applicant=applicant,
        given=True,
        signed_on=TODAY,
        form_reference="ROI-20",
        **kwargs,
    )


def test_the_consent_hash_follows_the_easy_read_version_given(worker, applicant, wording):
    text, _ = wording
    consent = record(worker, applicant, information_format=ConsentFormat.EASY_READ)
    assert consent.text_sha256 == text.easy_read_sha256 != text.body_sha256
    assert consent.wording_version == "ER-3" and consent.language == "en"


def test_the_consent_hash_follows_the_translation_given(worker, applicant, wording):
    _, translation = wording
    consent = record(
        worker,
        applicant,
        information_format=ConsentFormat.TRANSLATED,
        language="pl",
        support_used=CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER,
        support_language="Polish",
        support_reference="Booking LB-4411, Anna Demo-Nowak",
    )
    assert consent.text_sha256 == translation.body_sha256
    assert consent.translation == translation and consent.wording_version == "PL-2"
    assert consent.support_used == CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER
    assert consent.support_reference == "Booking LB-4411, Anna Demo-Nowak"


def test_the_standard_formats_record_the_standard_hash(worker, applicant, wording):
    text, _ = wording
    consent = record(worker, applicant, information_format=ConsentFormat.BRAILLE)
    assert consent.text_sha256 == text.body_sha256 and consent.wording_version == "7"


def test_a_translation_that_does_not_exist_cannot_be_recorded(worker, applicant, wording):
    with pytest.raises(Invalid) as refused:
        record(worker, applicant, information_format=ConsentFormat.TRANSLATED, language="ur")
    assert "language" in refused.value.fields


def test_an_interpreter_without_a_language_is_refused(worker, applicant, wording):
    with pytest.raises(Invalid) as refused:
        record(worker, applicant, support_used=CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER)
    assert "support_language" in refused.value.fields


def test_the_consent_page_records_language_and_support(worker, applicant, wording):
    response = signed_in(worker).post(
        f"/applicants/{applicant.pk}/consent/",
        {
            "given": "yes",
            "form_reference": "ROI-77",
            "information_format": "translated",
            "language": "pl",
            "support_used": "bsl_interpreter",
            "support_reference": "Booking 99",
            **date_fields("signed_on", TODAY),
        },
        follow=True,
    )
    assert response.status_code == 200
    consent = applicant.consents.get()
    assert consent.language == "pl" and consent.support_used == "bsl_interpreter"
    assert "wording version PL-2" in response.content.decode()
