"""The public privacy notices, the lawful basis versions consents keep, and the record of processing."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from consent.models import Consent
from consent.services import consent_record
from dataprotection.models import LawfulBasisVersion, RecordKind, RetentionPeriod
from dataprotection.notice import current_lawful_basis
from tests.factories import ApplicantFactory, HouseholdFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return LocalAuthorityFactory(
        name="Riverside Borough Council", dpo_name="Priya Shah", dpo_email="dpo@riverside.example.org"
    )


@pytest.fixture
def basis(council):
    return LawfulBasisVersion.objects.create(
        local_authority=council,
        article_9_condition=LawfulBasisVersion.Condition.SAFEGUARDING,
        condition_detail="The Adoption Agencies Regulations 2005 duty to assess.",
        dpia_reference="DPIA-2026-014",
        dpia_date=datetime.date(2026, 9, 1),
        in_force_from=timezone.now() - datetime.timedelta(days=1),
    )


def test_the_notice_is_public_and_says_what_the_law_asks(client, council, basis):
    assert client.get("/privacy/").status_code == 200
    index = client.get("/privacy/").content.decode()
    assert f'href="/privacy/{council.slug}/"' in index
    response = client.get(f"/privacy/{council.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    for words in (
        "Riverside Borough Council is the data controller",
        "Priya Shah",
        "dpo@riverside.example.org",
        "Why we look at your social media",
        "Public task (UK GDPR Article 6(1)(e))",
        "Safeguarding of children and of individuals at risk (DPA 2018, Schedule 1, Part 2, paragraph 18)",
        "Adoption Agencies Regulations 2005",
        "What we keep",
        "How long we keep it",
        "Who we share it with",
        "Your rights",
        "https://ico.org.uk/make-a-complaint/",
        "DPIA-2026-014",
    ):
        assert words in body, words
    assert "<style" not in body and "style=" not in body


def test_an_unknown_council_is_404(client):
    assert client.get("/privacy/no-such-council/").status_code == 404


def test_the_notices_retention_text_follows_the_live_setting(client, council):
    url = f"/privacy/{council.slug}/"
    assert "24 months" in client.get(url).content.decode()  # the default for withdrawn applications
    assert "17 months" not in client.get(url).content.decode()
    RetentionPeriod.objects.create(outcome="withdrawn", record_kind=RecordKind.CHECKS, months=17)
    assert "17 months" in client.get(url).content.decode()


def test_each_consent_keeps_the_lawful_basis_version_in_force_when_recorded(worker, team_a, council, basis):
    household = HouseholdFactory(team=team_a, allocated_worker=worker, local_authority=council)
    first, second = ApplicantFactory(household=household), ApplicantFactory(household=household)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    one = consent_record(user=worker, applicant=first, given=True, signed_on=yesterday, form_reference="F-1")
    newer = LawfulBasisVersion.objects.create(
        local_authority=council,
        article_9_condition=LawfulBasisVersion.Condition.STATUTORY,
        dpia_reference="DPIA-2026-020",
        dpia_date=datetime.date(2026, 11, 1),
    )
    assert (basis.version, newer.version) == (1, 2)
    assert current_lawful_basis(council) == newer
    two = consent_record(user=worker, applicant=second, given=True, signed_on=yesterday, form_reference="F-2")
    assert Consent.objects.get(pk=one.pk).lawful_basis_version == basis
    assert Consent.objects.get(pk=two.pk).lawful_basis_version == newer
    with pytest.raises(ValueError, match="never edited"):
        basis.save()


def test_the_consent_pages_link_to_the_notice(client, worker, applicant):
    client.force_login(worker)
    council = applicant.household.local_authority
    notice = reverse("privacy-notice", args=[council.slug])
    assert notice in client.get(reverse("consent-record", args=[applicant.pk])).content.decode()
    for version in ("large-print", "easy-read"):
        page = client.get(reverse("consent-information", args=[applicant.pk, version])).content.decode()
        assert f"http://testserver{notice}" in page


def test_the_record_of_processing_per_council_as_page_and_csv(client, auditor, council, basis):
    client.force_login(auditor)
    page = client.get(reverse("record-of-processing", args=[council.slug]))
    assert page.status_code == 200 and "DPIA-2026-014" in page.content.decode()
    response = client.get(reverse("record-of-processing-csv", args=[council.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = dict(csv.reader(io.StringIO(response.content.decode())))
    assert rows["Controller"] == "Riverside Borough Council"
    assert rows["Data protection officer"] == "Priya Shah, dpo@riverside.example.org"
    assert rows["DPIA reference"] == "DPIA-2026-014" and rows["Lawful basis version"] == "1"
    assert "Public task" in rows["Lawful basis (Article 6)"]
    assert "Checks (with profiles and their audit entries): 24 months" in rows["Retention"]


def test_workers_cannot_read_the_record_of_processing(client, worker, council):
    client.force_login(worker)
    assert client.get(reverse("record-of-processing", args=[council.slug])).status_code == 403


def test_admins_keep_the_lawful_basis_as_versions(client, admin_user, council, basis):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:dataprotection_lawfulbasisversion_add"),
        {
            "local_authority": council.pk,
            "article_6_basis": "Public task (UK GDPR Article 6(1)(e))",
            "article_9_condition": "statutory",
            "condition_detail": "",
            "purpose": "To assess prospective adopters.",
            "shared_with": "The adoption panel.",
            "dpia_reference": "DPIA-2027-001",
            "dpia_date": "2027-01-05",
            "in_force_from_0": "2026-01-01",
            "in_force_from_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    newest = LawfulBasisVersion.objects.get(dpia_reference="DPIA-2027-001")
    assert newest.version == 2
    change = client.get(reverse("admin:dataprotection_lawfulbasisversion_change", args=[basis.pk]))
    assert change.status_code == 200 and 'name="dpia_reference"' not in change.content.decode()  # read-only
    assert "DPIA-2027-001" in client.get(f"/privacy/{council.slug}/").content.decode()  # the newest version
