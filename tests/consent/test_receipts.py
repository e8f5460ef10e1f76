"""The receipt to the applicant (issue 20, point 4): a letter in their format
when their one-off check is completed; the worker marks it sent."""

import datetime
import shutil
import subprocess

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import InformationFormat
from cases.services import applicant_update_needs
from checks.services import check_complete
from consent.models import CheckReceipt, ReceiptSentHow
from consent.receipts import receipt_mark_sent, receipt_suffix
from dataprotection.models import RecordKind, RetentionPeriod
from t4c_socialcheck.errors import Conflict, Invalid
from tests.web.helpers import date_fields

pytestmark = pytest.mark.django_db

needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "lou_translate")), reason="needs poppler-utils and liblouis-bin"
)


@pytest.fixture
def completed(worker, applicant, consent, profile, start):
    RetentionPeriod.objects.create(outcome="approved_and_closed", record_kind=RecordKind.CHECKS, months=24)
    applicant.household.local_authority.dpo_email = "dpo@council.example.org"
    applicant.household.local_authority.dpo_name = "Dee Protect"
    applicant.household.local_authority.save()
    return check_complete(
        user=worker,
        social_check_id=start(worker, applicant, profile).social_check.pk,
        findings_summary="Public posts about family walks; nothing of concern.",
        outcome="no_concerns",
        no_third_party_details=True,
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=30).stdout.decode()
    return " ".join(out.split())


@needs_tools
def test_the_letter_says_what_happened_what_was_kept_and_their_rights(worker, completed, tmp_path):
    response = signed_in(worker).get(f"/checks/{completed.pk}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    when = timezone.localtime(completed.completed_at).date()
    assert f"On {when.day} {when:%B} {when.year}" in text
    assert "Facebook" in text and completed.profile.normalised in text
    assert "Public posts about family walks; nothing of concern." in text
    assert "24 months if it is approved and closed" in text
    assert "subject access request" in text and "Information Commissioner" in text
    council = completed.applicant.household.local_authority
    assert f"/privacy/{council.slug}/" in text.replace(" ", "") and "dpo@council.example.org" in text


@needs_tools
def test_the_letter_is_in_the_applicants_format(worker, applicant, completed, tmp_path):
    assert receipt_suffix(applicant) == "pdf"
    applicant_update_needs(
        user=worker, applicant=applicant, communication_needs={"information_formats": [InformationFormat.EASY_READ]}
    )
    applicant.refresh_from_db()
    assert receipt_suffix(applicant) == "easy-read.pdf"
    page = signed_in(worker).get(f"/checks/{completed.pk}/receipt/").content.decode()
    assert "Easy read PDF<span" in page and "(their format)" in page
    easy = pdf_text(signed_in(worker).get(f"/checks/{completed.pk}/receipt.easy-read.pdf").content, tmp_path)
    assert "We looked one time only." in easy
    braille = signed_in(worker).get(f"/checks/{completed.pk}/receipt.brf")
    assert braille.status_code == 200 and set(braille.content.decode("ascii")) <= {
        chr(c) for c in range(0x20, 0x60)
    } | {"\r", "\n", "\f"}


def test_the_worker_marks_it_sent(worker, completed):
    response = signed_in(worker).post(
        f"/checks/{completed.pk}/receipt/", {**date_fields("sent_on", timezone.localdate()), "sent_how": "post"}
    )
    assert response.status_code == 302
    receipt = CheckReceipt.objects.get()
    assert receipt.sent_by == worker and receipt.sent_how == ReceiptSentHow.POST
    assert receipt.information_format == "standard"
    page = signed_in(worker).get(f"/checks/{completed.pk}/").content.decode()
    assert "Receipt to the applicant" in page and "sent on" in page
    with pytest.raises(Conflict):
        receipt_mark_sent(user=worker, social_check=completed, sent_on=timezone.localdate(), sent_how="email")


def test_marking_sent_with_bad_input_shows_a_message(worker, completed):
    response = signed_in(worker).post(
        f"/checks/{completed.pk}/receipt/",
        {**date_fields("sent_on", timezone.localdate() + datetime.timedelta(days=2)), "sent_how": "pigeon"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not CheckReceipt.objects.exists()
    with pytest.raises(Invalid):
        receipt_mark_sent(
            user=worker,
            social_check=completed,
            sent_on=timezone.localdate() - datetime.timedelta(days=30),
            sent_how="post",
        )


def test_no_receipt_before_the_check_is_completed(worker, applicant, consent, profile, start):
    started = start(worker, applicant, profile).social_check
    assert signed_in(worker).get(f"/checks/{started.pk}/receipt/").status_code == 404
    assert signed_in(worker).get(f"/checks/{started.pk}/receipt.pdf").status_code == 404


def test_an_auditor_reads_but_cannot_mark_it_sent(auditor, completed):
    client = signed_in(auditor)
    assert client.get(f"/checks/{completed.pk}/receipt/").status_code == 200
    response = client.post(
        f"/checks/{completed.pk}/receipt/", {**date_fields("sent_on", timezone.localdate()), "sent_how": "post"}
    )
    assert response.status_code == 403 and not CheckReceipt.objects.exists()


def test_the_letter_holds_personal_data_so_it_is_never_kept_on_disk(worker, completed, settings):
    from pathlib import Path

    assert signed_in(worker).get(f"/checks/{completed.pk}/receipt.brf").status_code == 200
    folder = Path(settings.CONSENT_DOCUMENTS_DIR)
    assert not folder.exists() or not any(folder.iterdir())
