"""Worker and manager pages share one look (issue #22 point 8): one page-width container,
GOV.UK breadcrumbs on record pages and a Back link on question pages (each inside the main
landmark, never both), "None recorded" for every empty value, examples that look like real
references, and "X (formerly Twitter)" wherever the platform is named."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from incidents.services import incident_report
from platforms.models import Platform

from .helpers import breadcrumbs_of, main_of

ROOT = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "tests", "migrations", "static", "staticfiles", "docs", "bench"}
CONTAINER = '<div class="govuk-width-container">\n    <main class="govuk-main-wrapper" id="main-content">'
# Every empty value says "None recorded"; these are the variants it replaced.
OTHER_EMPTY_WORDINGS = re.compile(r'Not recorded|Not given|None given|default:"(None|-|not set|not recorded)"')
BARE_TWITTER = re.compile(r"(?<!formerly )(?<!dawniej )Twitter(?! gynt)")  # and the Polish and Welsh consent texts
FAKE_EXAMPLE = re.compile(r"(?:like|for example|e\.g\.),? (?:ABC|XYZ|ABCD-|12345|0000|REF\d|1234\b)", re.IGNORECASE)


def _sources(*suffixes):
    for path in ROOT.rglob("*"):
        if path.suffix in suffixes and not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_template_words_an_empty_value_other_than_none_recorded():
    said = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in _sources(".html")
        for m in OTHER_EMPTY_WORDINGS.finditer(p.read_text())
    ]
    assert said == []


def test_the_platform_is_named_x_formerly_twitter_outside_the_policy_as_written():
    """The policy's own text (policy/texts) is quoted as written, and names Twitter."""
    said = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _sources(".html", ".py", ".md")
        if "texts" not in p.parts
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if BARE_TWITTER.search(line)
    ]
    assert said == []


def test_x_is_named_x_formerly_twitter(platforms):
    assert Platform.objects.get(slug="x").name == "X (formerly Twitter)"


def test_hints_give_examples_that_look_like_real_references_and_codes():
    said = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in _sources(".html", ".py")
        for m in FAKE_EXAMPLE.finditer(p.read_text())
    ]
    assert said == []


def test_the_roi_reference_hint_shows_the_teams_latest_reference(as_user, worker, household):
    html = as_user(worker).get(reverse("household-add")).content.decode()
    assert f"The latest in your team is {household.reference}." in html


@pytest.fixture
def records(worker, manager, auditor, applicant, profile, start):
    from dataprotection.services import sar_open

    refusal = start(worker, applicant, profile).refusal  # no consent yet
    incident = incident_report(
        user=worker,
        kind="trolling",
        description="Messages.",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        applicant_id=applicant.pk,
    )
    sar = sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Applicant",
        identity_check="ID seen",
        received_on=timezone.localdate(),
    )
    return {"refusal": refusal, "incident": incident, "sar": sar}


def test_worker_and_manager_pages_share_one_width_container_and_one_wording(
    as_user, worker, manager, household, applicant, records
):
    worker_pages = [
        reverse("caseload"),
        reverse("household", args=[household.pk]),
        reverse("household-add"),
        reverse("consent-record", args=[applicant.pk]),
        reverse("profile-add", args=[applicant.pk]),
        reverse("refusal", args=[records["refusal"].pk]),
        reverse("incident-report"),
        reverse("your-account"),
    ]
    manager_pages = [
        reverse("oversight-dashboard"),
        reverse("refusal-list"),
        reverse("refusal-detail", args=[records["refusal"].pk]),
        reverse("incident-list"),
        reverse("incident-detail", args=[records["incident"].pk]),
        reverse("audit-trail"),
        reverse("ripa-list"),
        reverse("sar-list"),
        reverse("sar-detail", args=[records["sar"].pk]),
    ]
    for user, paths in ((worker, worker_pages), (manager, manager_pages)):
        client = as_user(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.content.decode()
            assert html.count(CONTAINER) == 1, path
            main = main_of(html)
            assert "govuk-width-container" not in main and 'style="' not in main, path
            assert not OTHER_EMPTY_WORDINGS.search(main) and ">None<" not in main, path
            assert not BARE_TWITTER.search(main), path


def test_record_pages_have_breadcrumbs_and_no_back_link(as_user, worker, manager, household, applicant, records):
    caseload = (reverse("caseload"), "Caseload")
    in_household = [caseload, (reverse("household", args=[household.pk]), f"Household {household.reference}")]
    manage = (reverse("oversight-dashboard"), "Manage")
    expected = {
        (worker, reverse("household", args=[household.pk])): [caseload],
        (worker, reverse("refusal", args=[records["refusal"].pk])): in_household,
        (manager, reverse("refusal-detail", args=[records["refusal"].pk])): [
            manage,
            (reverse("refusal-list"), "Refusals"),
        ],
        (manager, reverse("incident-detail", args=[records["incident"].pk])): [
            manage,
            (reverse("incident-list"), "Incidents"),
        ],
        (manager, reverse("sar-detail", args=[records["sar"].pk])): [(reverse("sar-list"), "Subject access requests")],
    }
    for (user, path), trail in expected.items():
        html = as_user(user).get(path).content.decode()
        assert breadcrumbs_of(html) == trail, path
        assert "govuk-back-link" not in html, path


def test_the_check_page_has_breadcrumbs_to_its_household(
    as_user, worker, household, applicant, consent, profile, start
):
    check = start(worker, applicant, profile).social_check
    html = as_user(worker).get(reverse("check", args=[check.pk])).content.decode()
    assert breadcrumbs_of(html) == [
        (reverse("caseload"), "Caseload"),
        (reverse("household", args=[household.pk]), f"Household {household.reference}"),
    ]


def test_question_pages_have_a_back_link_inside_main_and_nobreadcrumbs_of(as_user, worker, applicant):
    for path, back in (
        (reverse("household-add"), reverse("caseload")),
        (reverse("consent-record", args=[applicant.pk]), reverse("household", args=[applicant.household_id])),
    ):
        html = as_user(worker).get(path).content.decode()
        assert f'<a href="{back}" class="govuk-back-link">Back</a>' in main_of(html), path
        assert breadcrumbs_of(html) == [], path


def test_every_filter_labels_its_boxes_alike(as_user, worker, manager):
    """The caseload's, the refusal and incident lists' and the audit trail's filters: small bold labels."""
    pages = [(worker, reverse("caseload"))] + [
        (manager, reverse(name)) for name in ("refusal-list", "incident-list", "audit-trail")
    ]
    for user, path in pages:
        labels = re.findall(
            r'<label [^>]*class="(govuk-label[^"]*)"', main_of(as_user(user).get(path).content.decode())
        )
        boxes = [c for c in labels if not re.search(r"checkboxes__label|radios__label|date-input__label", c)]
        assert len(boxes) >= 2 and all("govuk-label--s" in c for c in boxes), (path, boxes)
