"""Read paths side by side with a trivial view (issue 23).

The demo agency plus 300 more households, served by gunicorn (2 sync workers)
on loopback. Each page and API read is loaded by wrk (Debian's package: C, so
the load generator costs the server's two cores little) with 16 keep-alive
clients, signed in as in production: a session with a verified second factor
for the pages, a token for the API. `/healthz/` (one `SELECT 1`) is measured
before and after the others and its mean is the baseline, so every ratio is
of figures taken in the same run. Queries per request are counted in process
with Django's test client, at two list sizes, to show they do not grow with
the page.
"""

import datetime
import os
import re
import shutil
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from accounts.models import User
from api.models import ApiToken
from api.tokens import api_token_issue
from bench.signin import signed_in_client, signed_in_session
from cases.models import Applicant, Household, Stage
from cases.services import applicant_add, household_create
from consent.services import consent_record

from .http_bench import Gunicorn

CLIENTS = 16
SECONDS = int(os.environ.get("BENCH_READ_SECONDS", "8"))
EXTRA_HOUSEHOLDS = 300
TARGET_SHARE = 5  # each read serves at least 1/5 of /healthz/'s requests per second
ME_SHARE = 4  # /me/ at least 1/4
ME_SINGLE_CLIENT = 2.5  # single-client median of /me/ at most 2.5x /healthz/'s


def _extra_households(worker: User, count: int) -> None:
    """More households through the services, so lists are full pages and the tables are not tiny."""
    have = Household.objects.filter(reference__startswith="BENCH-READ-").count()
    team = worker.teams.first()
    council = team.households.first().local_authority
    for n in range(have, count):
        household = household_create(
            user=worker,
            reference=f"BENCH-READ-{n:04d}",
            local_authority=council,
            team=team,
            received_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=n % 150),
            stage=Stage.ROI_RECEIVED,
        )
        applicant = applicant_add(user=worker, household=household, first_name="Bench", last_name=f"Reader {n}")
        consent_record(
            user=worker, applicant=applicant, given=True, signed_on=household.received_on, form_reference=f"R{n}"
        )


def _first_url(names_and_args) -> str | None:
    """The first of several URL names that exists (a page may be renamed by a later change)."""
    for name, args in names_and_args:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def _session_cookie(user: User) -> str:
    session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    signed_in_session(session, user)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _reads(worker: User, manager: User) -> list[tuple[str, str, str]]:
    """(label, who, path) of the reads people use most."""
    household = Household.objects.filter(team__in=worker.teams.all(), applicants__isnull=False).order_by("pk").first()
    checkable = (
        Applicant.objects.filter(household__team__in=worker.teams.all(), social_checks__isnull=True)
        .filter(household__outcome="")
        .order_by("pk")
        .first()
    )
    reads = [
        ("GET /api/v1/me/", "token", "/api/v1/me/"),
        ("GET /api/v1/households/", "token", "/api/v1/households/"),
        ("GET /api/v1/households/{id}/", "token", f"/api/v1/households/{household.pk}/"),
        ("caseload (worker)", "worker", reverse("caseload")),
        ("household page", "worker", reverse("household", args=[household.pk])),
        ("check form", "worker", reverse("check-new", args=[checkable.pk])),
        ("manager's dashboard", "manager", reverse("oversight-dashboard")),
        ("audit trail", "manager", reverse("audit-trail")),
        ("refusal list", "manager", reverse("refusal-list")),
    ]
    register = _first_url([("ripa-register", []), ("ripa-list", [])])
    if register:
        reads.append(("RIPA register", "manager", register))
    return reads


def _queries(client, path: str, **headers) -> int:
    client.get(path, **headers)  # a client's first request also refreshes its session: not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE")))


def _query_counts(reads, worker, manager, token) -> dict[str, str]:
    """Queries per request; for lists, at a short and a full page (they must be equal)."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    clients = {"worker": signed_in_client(worker), "manager": signed_in_client(manager)}
    counts = {}
    for label, who, path in reads:
        client = api if who == "token" else clients[who]
        full = _queries(client, path)
        if label == "GET /api/v1/households/":
            short = _queries(client, path + "?page_size=5")
            counts[label] = f"{short} / {full}"
        elif label == "caseload (worker)":
            short = _queries(client, path + "?q=BENCH-READ-0001")
            counts[label] = f"{short} / {full}"
        else:
            counts[label] = str(full)
    return counts


def _wrk(port: int, path: str, clients: int, headers: dict[str, str]) -> tuple[float, float, int]:
    """(requests per second, median ms, non-2xx responses) of one wrk run."""
    command = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{SECONDS}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, timeout=SECONDS + 60, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[median.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, float(median.group(1)) * scale, int(bad.group(1)) if bad else 0


def run(record) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("The read benchmark needs wrk (Debian package wrk).")
    print("\nRead paths through gunicorn (2 workers), 16 clients, against /healthz/", flush=True)
    call_command("seed_demo", verbosity=0)
    worker, manager = User.objects.get(username="demo-worker"), User.objects.get(username="demo-manager")
    _extra_households(worker, EXTRA_HOUSEHOLDS)
    token = api_token_issue(user=worker, name="Read benchmark", kind=ApiToken.Kind.INTEGRATION, replace=True)[1]
    reads = _reads(worker, manager)
    queries = _query_counts(reads, worker, manager, token)
    headers = {
        "token": {"Authorization": f"Token {token}"},
        "worker": {"Cookie": _session_cookie(worker)},
        "manager": {"Cookie": _session_cookie(manager)},
    }
    connection.close()  # the server's workers take their own connections
    with Gunicorn(workers=2, env={"DATABASE_CONN_MAX_AGE": "60"}) as server:
        before = _wrk(server.port, "/healthz/", CLIENTS, {})
        results = {label: _wrk(server.port, path, CLIENTS, headers[who]) for label, who, path in reads}
        after = _wrk(server.port, "/healthz/", CLIENTS, {})
        health_single = _wrk(server.port, "/healthz/", 1, {})
        me_single = _wrk(server.port, "/api/v1/me/", 1, headers["token"])
    baseline = (before[0] + after[0]) / 2
    record(
        f"GET /healthz/ (one SELECT 1), {CLIENTS} clients: the baseline",
        f"{baseline:,.0f} requests/s (before {before[0]:,.0f}, after {after[0]:,.0f}), p50 {before[1]:.1f} ms, 1 query",
    )
    for label, _, _ in reads:
        rate, median, bad = results[label]
        rate = max(rate, 0.01)  # wrk reports 0 when no request finished in the run
        share = TARGET_SHARE if label != "GET /api/v1/me/" else ME_SHARE
        counts = queries[label]
        constant = " / " not in counts or len(set(counts.split(" / "))) == 1
        record(
            f"{label}: requests/s vs /healthz/ ({CLIENTS} clients), p50, queries",
            f"{rate:,.0f}/s = 1/{baseline / rate:.1f}, p50 {median:.0f} ms, {counts} queries"
            + (f", {bad} non-2xx" if bad else ""),
            f"≥ 1/{share}" + (", constant queries" if " / " in counts else ""),
            rate * share >= baseline and constant and bad == 0,
        )
    ratio = me_single[1] / health_single[1]
    record(
        "single client: median of /api/v1/me/ vs /healthz/",
        f"{me_single[1]:.2f} ms / {health_single[1]:.2f} ms = {ratio:.2f}x",
        f"≤ {ME_SINGLE_CLIENT}x",
        ratio <= ME_SINGLE_CLIENT,
    )
    sys.stdout.flush()
