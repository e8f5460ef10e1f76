"""The data steps of cases 0011 and consent 0002: nothing recorded before is lost."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from cases.models import Applicant, NeedsStatus
from consent.models import Consent, ConsentText
from policy.models import sha256_text

pytestmark = pytest.mark.django_db


def test_applicants_with_needs_already_listed_count_as_asked(applicant, household):
    from tests.factories import ApplicantFactory

    listed = ApplicantFactory(household=household, communication_support=["note_taker"])
    Applicant.objects.update(needs_status=NeedsStatus.NOT_ASKED)  # as the new column's default left them
    import_module("cases.migrations.0011_communication_needs_status_and_review").mark_recorded_needs(apps, None)
    assert Applicant.objects.get(pk=listed.pk).needs_status == NeedsStatus.HAS_NEEDS
    assert Applicant.objects.get(pk=applicant.pk).needs_status == NeedsStatus.NOT_ASKED


def test_earlier_consents_keep_the_version_they_were_given(worker, applicant):
    from consent.services import consent_record

    text = ConsentText.objects.create(
        version="2", body="Words.", easy_read_body="Short words.", easy_read_version="ER-2", published_at=timezone.now()
    )
    consent = consent_record(
        user=worker, applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference="ROI-M"
    )
    Consent.objects.update(wording_version="")
    ConsentText.objects.update(easy_read_sha256="")
    import_module("consent.migrations.0002_wording_versions_and_support_used").fill_versions(apps, None)
    assert Consent.objects.get(pk=consent.pk).wording_version == "2"
    text.refresh_from_db()
    assert text.easy_read_sha256 == sha256_text("Short words.")
