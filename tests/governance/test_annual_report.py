"""Point 7: the annual report's counts against a hand-made data set; the JSON's keys; the CSV;
the PDF's text (read back with pdftotext) holding the figures and the audit chain's head."""

import datetime
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from audit.chain import read_head
from audit.checkpoint import write_checkpoint
from audit.models import AuditEvent
from cases.models import LocalAuthority
from checks.services import check_complete
from dataprotection.models import SubjectAccessRequest
from governance.annual import KEYS, annual_report
from incidents.models import IcoDecision, Incident, IncidentKind
from tests.factories import ApplicantFactory, HouseholdFactory

YEAR = timezone.localdate().year


@pytest.fixture
def data_set(worker, manager, household, applicant, consent, profile, start, team_a):
    """In the household's council this year: one completed check (Facebook, no concerns), one refused
    repeat view, a personal data breach reported to the ICO in 40 hours, a second one reported late,
    a trolling incident, and a subject access request answered in time. Elsewhere: a check of another council."""
    council = household.local_authority
    council.senior_responsible_officer_name = "Priya Shah"
    council.save()
    check = start(worker, applicant, profile).social_check
    check_complete(
        user=worker,
        social_check_id=check.pk,
        findings_summary="Nothing of concern.",
        outcome="no_concerns",
        no_third_party_details=True,
    )
    assert not start(worker, applicant, profile).allowed  # the repeat view, refused
    now = timezone.now()
    for hours in (40, 80):
        Incident.objects.create(
            kind=IncidentKind.DATA_BREACH,
            description="A letter went to the wrong address.",
            household=household,
            local_authority=council,
            occurred_at=now,
            aware_at=now - datetime.timedelta(hours=hours),
            ico_decision=IcoDecision.REPORTED,
            ico_notified_at=now,
            reported_by=worker,
        )
    Incident.objects.create(
        kind=IncidentKind.TROLLING, description="Messages.", household=household, occurred_at=now, reported_by=worker
    )
    SubjectAccessRequest.objects.create(
        applicant=applicant,
        received_on=timezone.localdate(),
        pack_made_at=now,
        completed_on=timezone.localdate(),
        recorded_by=manager,
    )
    other = HouseholdFactory(team=team_a, local_authority=LocalAuthority.objects.create(name="Other Council"))
    from consent.services import consent_record
    from platforms.services import profile_add

    somebody = ApplicantFactory(household=other)
    consent_record(user=worker, applicant=somebody, given=True, signed_on=timezone.localdate(), form_reference="F2")
    start(worker, somebody, profile_add(user=worker, applicant=somebody, platform=profile.platform, handle="else"))
    return council


def test_the_report_counts_the_hand_made_data_set(data_set):
    report = annual_report(data_set, YEAR)
    assert tuple(report) == KEYS
    assert report["checks"]["total"] == 1
    assert report["checks"]["by_platform"] == {"Facebook": 1}
    assert report["checks"]["by_outcome"] == {"no_concerns": 1}
    assert report["checks"]["by_team"] == {"Team A": 1}
    assert report["checks"]["repeat_view_attempts"] == 1
    assert report["checks"]["voids"] == 0
    assert report["refusals_by_code"] == {"APPLICANT_ALREADY_CHECKED": 1}
    assert report["incidents_by_kind"] == {"policy_breach": 0, "data_breach": 2, "trolling": 1, "threat": 0}
    assert report["breaches"] == {
        "total": 2,
        "reported_to_ico": 2,
        "reported_within_72_hours": 1,
        "not_reportable": 0,
    }
    assert report["subject_access"] == {"received": 1, "answered": 1, "answered_in_time": 1}
    assert report["ripa"]["approved_by_justice"] == 0
    assert report["training"]["staff"] >= 2
    assert report["policy_acceptance"]["accepted"] == report["policy_acceptance"]["staff"]
    assert report["audit_head"]["sequence"] == read_head()[0]
    # The whole agency counts the other council's check too; last year nothing.
    assert annual_report(None, YEAR)["checks"]["total"] == 2
    assert annual_report(data_set, YEAR - 1)["checks"]["total"] == 0


def test_the_json_has_exactly_the_contracts_keys_and_is_audited(api_as, manager, worker, data_set):
    response = api_as(manager).get(f"/api/v1/reports/annual/?council={data_set.pk}&year={YEAR}")
    assert response.status_code == 200
    assert set(response.json()) == {
        "checks",
        "refusals_by_code",
        "incidents_by_kind",
        "breaches",
        "subject_access",
        "ripa",
        "training",
        "policy_acceptance",
        "audit_head",
    }
    assert response.json()["checks"]["total"] == 1
    assert AuditEvent.objects.filter(record_type="annual_report", actor=manager).exists()
    assert api_as(worker).get(f"/api/v1/reports/annual/?year={YEAR}").status_code == 403
    assert api_as(manager).get("/api/v1/reports/annual/?council=98765&year=2026").json()["code"] == "NOT_FOUND"
    assert api_as(manager).get("/api/v1/reports/annual/?year=1999").json()["code"] == "INVALID"


def test_the_csv_holds_the_figures(client, manager, data_set):
    client.force_login(manager)
    response = client.get(f"/reports/annual/{data_set.slug}/{YEAR}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert "checks,total,1" in lines
    assert "breaches,reported_within_72_hours,1" in lines


def test_the_page_shows_charts_with_tables_and_who_is_responsible(client, manager, data_set):
    client.force_login(manager)
    page = client.get(f"/reports/annual/{data_set.slug}/{YEAR}/").content.decode()
    assert page.count("<svg") == 5 and page.count("<table") >= 5
    assert "Priya Shah" in page
    assert client.get(f"/reports/annual/no-such-council/{YEAR}/").status_code == 404


def test_the_pdf_template_uses_a_stylesheet_file_never_inline_styles(data_set):
    from governance.views import _context

    html = render_to_string("governance/annual_pdf.html", _context(data_set, YEAR))
    assert "<style" not in html and "style=" not in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils) to read the PDF back")
def test_the_pdf_holds_the_figures_and_the_chain_head_and_is_audited(client, manager, data_set, tmp_path):
    checkpoint = write_checkpoint()
    client.force_login(manager)
    seq, head_hash = read_head()
    response = client.get(f"/reports/annual/{data_set.slug}/{YEAR}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert data_set.name in text
    assert "Checksstarted:1." in flat
    assert "Priya Shah" in text
    assert f"entry{seq},hash{head_hash}" in flat
    assert f"checkpointwasentry{checkpoint.seq},hash{checkpoint.head_hash}" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    names = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
    assert names and all(name.startswith("DejaVu-Sans") for name in names), names  # the shipped fonts, embedded
    assert AuditEvent.objects.filter(record_type="annual_report", summary__contains="PDF").exists()


def test_the_report_takes_at_most_ten_queries(data_set, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        annual_report(data_set, YEAR)
