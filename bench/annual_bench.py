"""The annual report at size (issue 18, point 8): a council with ANNUAL_CHECKS completed
checks in the year (bulk-inserted: the report reads them, it does not make them) and the
trail grown to ANNUAL_AUDIT entries. Times the JSON through the API and the PDF at its
fixed path, and counts the JSON's queries."""

import datetime
import os

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, Team, User
from audit.models import AuditEvent
from bench.signin import signed_in_client
from cases.models import Applicant, Household, LocalAuthority
from checks.models import SocialCheck
from consent.models import Consent
from platforms.defaults import ensure_default_platforms
from platforms.models import Platform, SocialProfile, ViewingAccount

CHECKS = int(os.environ.get("BENCH_ANNUAL_CHECKS", "100000"))
AUDIT = int(os.environ.get("BENCH_ANNUAL_AUDIT", "1000000"))
BATCH = 5000
OUTCOMES = ("no_concerns", "concerns_to_discuss", "profile_private", "profile_not_found")


def _build(council, team, worker) -> None:
    """Two applicants a household, each with consent, a profile and one completed check this year."""
    ensure_default_platforms()
    platforms = list(Platform.objects.filter(checkable=True))
    accounts = {a.platform_id: a for a in ViewingAccount.objects.filter(platform__in=platforms)}
    have = SocialCheck.objects.filter(applicant__household__local_authority=council).count()
    start = timezone.make_aware(datetime.datetime(timezone.localdate().year, 1, 1, 9))
    for first in range(have, CHECKS, BATCH):
        numbers = range(first, min(first + BATCH, CHECKS))
        households = Household.objects.bulk_create(
            [
                Household(
                    reference=f"BENCH-ANNUAL-{n:06d}", local_authority=council, team=team, received_on=start.date()
                )
                for n in numbers[::2]
            ]
        )
        applicants = Applicant.objects.bulk_create(
            [
                Applicant(household=households[i // 2], position=i % 2 + 1, first_name="Bench", last_name=f"A{n}")
                for i, n in enumerate(numbers)
            ]
        )
        consents = Consent.objects.bulk_create(
            [
                Consent(applicant=a, given=True, signed_on=start.date(), form_reference="B", recorded_by=worker)
                for a in applicants
            ]
        )
        profiles = SocialProfile.objects.bulk_create(
            [
                SocialProfile(
                    applicant=a,
                    platform=platforms[n % len(platforms)],
                    entered=f"bench.annual.{n}",
                    identity=f"bench.annual.{n}",
                    created_by=worker,
                )
                for a, n in zip(applicants, numbers, strict=True)
            ]
        )
        SocialCheck.objects.bulk_create(
            [
                SocialCheck(
                    applicant=a,
                    profile=p,
                    consent=c,
                    worker=worker,
                    viewing_account=accounts[p.platform_id],
                    no_personal_connection=True,
                    no_dummy_or_personal_account=True,
                    no_interaction=True,
                    this_profile_only=True,
                    purpose="Assessment",
                    started_at=start + datetime.timedelta(minutes=n % 400_000),
                    completed_at=start + datetime.timedelta(minutes=n % 400_000 + 5),
                    completed_by=worker,
                    findings_summary="Nothing of note.",
                    outcome=OUTCOMES[n % len(OUTCOMES)],
                    no_third_party_details=True,
                )
                for a, p, c, n in zip(applicants, profiles, consents, numbers, strict=True)
            ]
        )
    have = AuditEvent.objects.count()
    if have < AUDIT:
        call_command("generate_audit_entries", AUDIT - have, "--households", "100", "--allow-production", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(record, timed) -> None:
    council, _ = LocalAuthority.objects.get_or_create(name="Bench annual council")
    team, _ = Team.objects.get_or_create(name="Bench annual team")
    worker, _ = User.objects.get_or_create(username="bench-annual-worker", defaults={"role": Role.WORKER})
    manager, _ = User.objects.get_or_create(username="bench-annual-manager", defaults={"role": Role.MANAGER})
    team.members.add(worker)
    team.managers.add(manager)
    _build(council, team, worker)
    client = signed_in_client(manager)
    year = timezone.localdate().year
    json_url = f"/api/v1/reports/annual/?council={council.pk}&year={year}"
    pdf_url = f"/reports/annual/{council.slug}/{year}.pdf"
    with CaptureQueriesContext(connection):
        response = client.get(json_url)
    assert response.status_code == 200 and response.json()["checks"]["total"] >= CHECKS, response.content[:300]
    from governance.annual import annual_report

    with CaptureQueriesContext(connection) as captured:
        annual_report(council, year)
    queries = len(captured.captured_queries)
    checks = SocialCheck.objects.filter(applicant__household__local_authority=council).count()
    entries = AuditEvent.objects.count()
    size = f"{checks:,} checks, {entries:,} audit entries"
    record("annual report: queries", str(queries), "≤ 10", queries <= 10)
    json_seconds = timed(lambda: client.get(json_url), 3)
    record(f"annual report JSON ({size}): median", f"{json_seconds:.2f} s", "< 5 s", json_seconds < 5)
    pdf_seconds = timed(lambda: client.get(pdf_url), 2)
    record(f"annual report PDF ({size}): median", f"{pdf_seconds:.2f} s", "< 15 s", pdf_seconds < 15)
