"""Through gunicorn on loopback: the one-view rule under 32 simultaneous requests,
latency of mixed traffic from 16 clients, and a bounded load run. Every request
goes to 127.0.0.1 only; counts and durations are fixed, and the run stops by itself."""

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection

from api.models import ApiToken
from api.tokens import api_token_issue
from checks.models import Refusal, SocialCheck

from .checks_bench import check_body, seed

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, workers: int, env: dict | None = None):
        self.port = _free_port()
        self.workers = workers
        self.env = env or {}

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "t4c_socialcheck.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--no-control-socket",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **self.env},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = self.request("GET", "/healthz/")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def request(self, method, path, body=None, token=None, timeout=60, cookie=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Host": "127.0.0.1"}
        if cookie:
            headers["Cookie"] = cookie
        if token:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def race(server, token, account, pair, record) -> None:
    barrier = threading.Barrier(32)
    statuses = []

    def attempt():
        barrier.wait(timeout=30)
        status, _ = server.request("POST", "/api/v1/checks/", check_body(*pair, account), token)
        statuses.append(status)

    threads = [threading.Thread(target=attempt) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    created = statuses.count(201)
    refused = statuses.count(409)
    errors = len(statuses) - created - refused
    in_db = SocialCheck.objects.filter(applicant_id=pair[0]).count()
    refusals = Refusal.objects.filter(applicant_id=pair[0]).count()
    record(
        "32 simultaneous starts for one applicant (gunicorn)",
        f"{created} allowed, {refused} refused (409), {errors} errors; in the database: {in_db} check, "
        f"{refusals} refusals",
        "1 / 31 / 0",
        created == 1 and refused == 31 and errors == 0 and in_db == 1 and refusals == 31,
    )


def mixed(server, token, account, pairs, household_id, applicant_id, record, total=200, clients=16) -> None:
    paths = [
        ("GET", "/api/v1/me/", None),
        ("GET", "/api/v1/households/", None),
        ("GET", f"/api/v1/households/{household_id}/", None),
        ("GET", f"/api/v1/applicants/{applicant_id}/", None),
        ("GET", "/api/v1/checks/", None),
        ("GET", "/api/v1/platforms/", None),
    ]
    plan = []
    fresh = iter(pairs)
    for i in range(total):
        if i % 4 == 0:
            plan.append(("POST", "/api/v1/checks/", check_body(*next(fresh), account)))
        else:
            plan.append(paths[i % len(paths)])

    def one(item):
        method, path, body = item
        begin = time.perf_counter()
        status, _ = server.request(method, path, body, token)
        return status, time.perf_counter() - begin

    begin = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, plan))
    elapsed = time.perf_counter() - begin
    latencies = sorted(t for _, t in results)
    errors = sum(1 for status, _ in results if status >= 400)
    p50 = statistics.median(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    record(
        f"{total} mixed API requests from {clients} clients: p50 / p95",
        f"{p50 * 1000:.0f} ms / {p95 * 1000:.0f} ms ({errors} errors, {total / elapsed:.0f} requests/s)",
        "0 errors",
        errors == 0,
    )


def load(server, token, record, requests=1000, clients=16, max_seconds=60) -> None:
    """A bounded load run: a fixed number of reads, stopped early after max_seconds."""
    deadline = time.monotonic() + max_seconds
    statuses = []

    def one(_):
        if time.monotonic() > deadline:
            return None
        status, _ = server.request("GET", "/api/v1/households/", None, token)
        return status

    begin = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = [s for s in pool.map(one, range(requests)) if s is not None]
    elapsed = time.perf_counter() - begin
    errors = sum(1 for s in statuses if s != 200)
    record(
        f"load run: {len(statuses)} reads, {clients} clients, gunicorn with 2 workers",
        f"{len(statuses) / elapsed:.0f} requests/s, {errors} errors",
        "0 errors",
        errors == 0,
    )


def run(record) -> None:
    print("\nThrough gunicorn (2 workers) on 127.0.0.1", flush=True)
    worker, account, pairs = seed(80, "http")
    token = api_token_issue(user=worker, name="Benchmark", kind=ApiToken.Kind.INTEGRATION, replace=True)[1]
    race_pair, read_pair, fresh = pairs[0], pairs[1], pairs[2:]
    from cases.models import Applicant

    household_id = Applicant.objects.get(pk=read_pair[0]).household_id
    connection.close()  # the server's workers take their own connections
    with Gunicorn(workers=2) as server:
        race(server, token, account, race_pair, record)
        mixed(server, token, account, fresh, household_id, read_pair[0], record)
        load(server, token, record)
    sys.stdout.flush()
