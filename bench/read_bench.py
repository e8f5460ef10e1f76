"""Read paths side by side with a trivial view (issue 23).

The demo agency plus 300 more households, served by gunicorn (2 sync workers)
on loopback. Each page and API read is loaded by wrk (Debian's package: C, so
the load generator costs the server's two cores little) with 16 keep-alive
clients, signed in as in production: a session with a verified second factor
for the pages, a token for the API. `/healthz/` (one `SELECT 1`) is measured
before and after the others and its mean is the baseline, so every ratio is
of figures taken in the same run. Queries per request are counted in process
with Django's test client, at two list sizes (a short list and a full page),
to show they do not grow with the page. Starting a check (POST, each request
for another applicant) is measured in the same run for comparison, and so is
the rate of audit appends: every household read appends a record-view entry
under the chain's lock, so the reads that append show their appends per second
beside the ceiling of 16 connections doing nothing but append.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from accounts.models import User
from api.models import ApiToken
from api.tokens import api_token_issue
from audit.models import AuditEvent
from bench.signin import signed_in_client, signed_in_session
from cases.models import Applicant, Household, Stage
from cases.services import applicant_add, household_create
from checks.models import Refusal
from consent.services import consent_record
from governance.models import Course, TrainingRecord
from policy.services import acknowledge_current_policy

from .appends import timed_appends
from .checks_bench import check_body, seed
from .http_bench import Gunicorn

CLIENTS = 16
SECONDS = int(os.environ.get("BENCH_READ_SECONDS", "4"))
# Every read is run once per round, each round between two runs of /healthz/: a read is compared
# with the baseline taken around it, so a machine whose load changes during the run is compensated.
ROUNDS = int(os.environ.get("BENCH_READ_ROUNDS", "2"))
EXTRA_HOUSEHOLDS = 300
TARGET_SHARE = 5  # each read serves at least 1/5 of /healthz/'s requests per second
ME_SHARE = 4  # /me/ at least 1/4
ME_SINGLE_CLIENT = 2.5  # single-client median of /me/ at most 2.5x /healthz/'s
CHECK_POSTS_PER_SECOND = 250  # fresh applicants seeded per second of the POST run: more than it can start
APPENDS_PER_CONNECTION = 60  # the append ceiling: 16 connections, each appending this many entries
# A check POST per request, each for the next of the seeded applicants (one Lua state per wrk thread).
POST_SCRIPT = """
local bodies, n = {}, 0
function setup(thread) thread:set("offset", #threads); table.insert(threads, thread) end
threads = {}
function init(args)
  for line in io.lines(args[1]) do table.insert(bodies, line) end
  n = offset + tonumber(args[2])
end
function request()
  n = n + %d
  local body = bodies[math.min(n, #bodies)]
  return wrk.format("POST", nil, nil, body)
end
"""


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


def _reads(worker: User, manager: User) -> list[tuple[str, str, str, str | None]]:
    """(label, who, path, query string of a short list or None) of the reads people use most.

    A list is counted at a short list and at a full page: the short one is a filter that
    leaves one household's rows, or for the API a small page size."""
    household = Household.objects.filter(team__in=worker.teams.all(), applicants__isnull=False).order_by("pk").first()
    checkable = (
        Applicant.objects.filter(household__team__in=worker.teams.all(), social_checks__isnull=True)
        .filter(household__outcome="")
        .order_by("pk")
        .first()
    )
    refused = Refusal.objects.select_related("applicant__household").order_by("pk").first()
    one_refused = f"?household={refused.applicant.household.reference}" if refused else None
    reads = [
        ("GET /api/v1/me/", "token", "/api/v1/me/", None),
        ("GET /api/v1/households/", "token", "/api/v1/households/", "?page_size=5"),
        ("GET /api/v1/households/{id}/", "token", f"/api/v1/households/{household.pk}/", None),
        ("caseload (worker)", "worker", reverse("caseload"), "?q=BENCH-READ-0001"),
        ("household page", "worker", reverse("household", args=[household.pk]), None),
        ("check form", "worker", reverse("check-new", args=[checkable.pk]), None),
        ("manager's dashboard", "manager", reverse("oversight-dashboard"), None),
        ("audit trail", "manager", reverse("audit-trail"), f"?household={household.reference}"),
        ("refusal list", "manager", reverse("refusal-list"), one_refused),
    ]
    register = _first_url([("ripa-register", []), ("ripa-list", [])])
    if register:
        reads.append(("RIPA register", "manager", register, "?status=refused"))
    return reads


def _queries(client, path: str, **headers) -> int:
    client.get(path, **headers)  # a client's first request also refreshes its session: not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE")))


def _query_counts(reads, worker, manager, token) -> dict[str, str]:
    """Queries per request; for lists, at a short list and a full page (they must be equal)."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    clients = {"worker": signed_in_client(worker), "manager": signed_in_client(manager)}
    counts = {}
    for label, who, path, short in reads:
        client = api if who == "token" else clients[who]
        full = _queries(client, path)
        counts[label] = f"{_queries(client, path + short)} / {full}" if short else str(full)
    return counts


def _wrk(
    port: int, path: str, clients: int, headers: dict[str, str], script: list[str] = ()
) -> tuple[float, float, int]:
    """(requests per second, median ms, non-2xx responses) of one wrk run."""
    command = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{SECONDS}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script[0]]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}", *(["--", *script[1:]] if script else [])],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[median.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, float(median.group(1)) * scale, int(bad.group(1)) if bad else 0


def _check_posts(directory: str) -> tuple[list[str], str]:
    """(wrk script arguments, token) for starting checks: one seeded applicant per request."""
    threads = min(CLIENTS, 2)
    worker, account, pairs = seed(CHECK_POSTS_PER_SECOND * SECONDS * ROUNDS, "reads")
    for course in Course.objects.required():  # the demo data's courses gate every check
        TrainingRecord.objects.get_or_create(
            user=worker, course=course, defaults={"completed_on": datetime.date.today(), "recorded_by": worker}
        )
    token = api_token_issue(user=worker, name="Read benchmark", kind=ApiToken.Kind.INTEGRATION, replace=True)[1]
    bodies = os.path.join(directory, "bodies.jsonl")
    with open(bodies, "w") as out:
        for applicant_id, profile_id in pairs:
            out.write(json.dumps(check_body(applicant_id, profile_id, account)) + "\n")
    script = os.path.join(directory, "post.lua")
    with open(script, "w") as out:
        out.write(POST_SCRIPT % threads)
    return [script, bodies], token


def _append_ceiling() -> float:
    """Appends per second from CLIENTS connections doing nothing else, each entry its own transaction."""
    seconds, errors = timed_appends(CLIENTS, APPENDS_PER_CONNECTION)
    assert not errors, errors[:1]
    return CLIENTS * APPENDS_PER_CONNECTION / seconds


def token_of(headers: dict[str, str]) -> str | None:
    value = headers.get("Authorization", "")
    return value.split(" ", 1)[1] if value.startswith("Token ") else None


def _drained(server) -> None:
    """Wait for the requests wrk left queued when it stopped, so they do not count against the next run."""
    threads = [threading.Thread(target=server.request, args=("GET", "/healthz/")) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _measured(server, path: str, headers: dict[str, str], script: list[str] = ()) -> tuple:
    """One wrk run, and the audit entries appended per second while it ran."""
    _drained(server)
    before = AuditEvent.objects.count()
    connection.close()
    begin = time.perf_counter()
    rate, median, bad = _wrk(server.port, path, CLIENTS, headers, script)
    elapsed = time.perf_counter() - begin
    _drained(server)
    return rate, median, bad, (AuditEvent.objects.count() - before) / elapsed


def _combined(runs: list[tuple], baselines: list[float]) -> tuple:
    """(requests/s, share of the baseline taken around each round, p50, non-2xx, appends/s) of a read's rounds."""
    rates = [max(run[0], 0.01) for run in runs]  # wrk reports 0 when no request finished in the run
    shares = [(baselines[r] + baselines[r + 1]) / 2 / rate for r, rate in enumerate(rates)]
    return (
        sum(rates) / len(rates),
        sum(shares) / len(shares),
        max(run[1] for run in runs),
        sum(run[2] for run in runs),
        sum(run[3] for run in runs) / len(runs),
    )


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
    directory = tempfile.mkdtemp(prefix="read-bench-")
    post_script, post_token = _check_posts(directory)
    for user in (worker, manager):  # seeding the check POSTs published a policy version: accepted, as staff do
        acknowledge_current_policy(user=user)
    post_headers = {"Authorization": f"Token {post_token}", "Content-Type": "application/json"}
    ceiling = _append_ceiling()
    connection.close()  # the server's workers take their own connections
    labels = [label for label, _, _, _ in reads]
    runs: dict[str, list] = {label: [] for label in [*labels, "POST"]}
    health, single = [], []  # single: (median of /healthz/, of /me/) with one client, each round
    # For comparison, not a target: what being signed in costs before a page does anything.
    frames = {  # name: (path, what the row says, requests/s of each round)
        "signed-in /healthz/": (
            "/healthz/",
            "GET /healthz/ with a signed-in session (session, user, second factor): for comparison",
            [],
        ),
        "page frame": (
            "/bench/signed-in-page/",
            "a signed-in page with the layout and nothing else (bench/signed-in-page/): for comparison",
            [],
        ),
    }
    frame_client = signed_in_client(worker)
    frame_queries = {name: _queries(frame_client, path) for name, (path, _, _) in frames.items()}
    try:
        with Gunicorn(workers=2, env={"DATABASE_CONN_MAX_AGE": "60"}) as server:
            for label, who, path, _ in reads:  # wrk counts a redirect (to sign in, say) as a success
                status, _ = server.request("GET", path, cookie=headers[who].get("Cookie"), token=token_of(headers[who]))
                assert status == 200, (label, status)
            for path, _, _ in frames.values():
                assert server.request("GET", path, cookie=headers["worker"]["Cookie"])[0] == 200, path
            for round_number in range(ROUNDS):
                health.append(_measured(server, "/healthz/", {})[0])
                for path, _, rates in frames.values():
                    rates.append(_measured(server, path, headers["worker"])[0])
                for label, who, path, _ in reads:
                    runs[label].append(_measured(server, path, headers[who]))
                first_body = str(round_number * CHECK_POSTS_PER_SECOND * SECONDS)
                runs["POST"].append(_measured(server, "/api/v1/checks/", post_headers, [*post_script, first_body]))
                single.append(
                    (_wrk(server.port, "/healthz/", 1, {})[1], _wrk(server.port, "/api/v1/me/", 1, headers["token"])[1])
                )
            health.append(_measured(server, "/healthz/", {})[0])
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    baseline = sum(health) / len(health)
    record(
        f"GET /healthz/ (one SELECT 1), {CLIENTS} clients: the baseline, {ROUNDS} rounds of {SECONDS} s",
        f"{baseline:,.0f} requests/s (" + ", ".join(f"{rate:,.0f}" for rate in health) + " around the rounds), 1 query",
    )
    frame_rates = {}
    for name, (_, description, rates) in frames.items():
        frame_rates[name] = sum(rates) / len(rates)
        record(
            description,
            f"{frame_rates[name]:,.0f}/s = 1/{baseline / frame_rates[name]:.1f} of /healthz/, "
            f"{frame_queries[name]} queries",
        )
    for label in labels:
        rate, share, median, bad, appends = _combined(runs[label], health)
        is_page = not label.startswith(("GET /api/", "POST /api/"))
        target = TARGET_SHARE if label != "GET /api/v1/me/" else ME_SHARE
        counts = queries[label]
        constant = " / " not in counts or len(set(counts.split(" / "))) == 1
        record(
            f"{label}: requests/s vs /healthz/ ({CLIENTS} clients), p50, queries"
            + (" (short / full list)" if " / " in counts else ""),
            f"{rate:,.0f}/s = 1/{share:.1f}, p50 {median:.0f} ms, {counts} queries"
            + (f", 1/{frame_rates['page frame'] / rate:.1f} of the page frame" if is_page else "")
            + (f", {appends:,.0f} audit appends/s" if appends >= 1 else "")
            + (f", {bad} non-2xx" if bad else ""),
            f"≥ 1/{target}" + (", constant queries" if " / " in counts else ""),
            share <= target and constant and bad == 0,
        )
    rate, share, median, bad, appends = _combined(runs["POST"], health)
    record(
        f"POST /api/v1/checks/ (rules, lock, check, audit chain), {CLIENTS} clients: for comparison",
        f"{rate:,.0f}/s = 1/{share:.1f}, p50 {median:.0f} ms, {appends:,.0f} audit appends/s"
        + (f", {bad} non-2xx" if bad else ""),
    )
    record(
        f"audit append ceiling: {CLIENTS} connections appending, nothing else",
        f"{ceiling:,.0f} appends/s (a read that appends uses a share of it)",
    )
    ratio = sum(me / health_median for health_median, me in single) / len(single)
    record(
        "single client: median of /api/v1/me/ vs /healthz/",
        " and ".join(f"{me:.2f} ms / {health_median:.2f} ms" for health_median, me in single) + f": {ratio:.2f}x",
        f"≤ {ME_SINGLE_CLIENT}x",
        ratio <= ME_SINGLE_CLIENT,
    )
    sys.stdout.flush()
