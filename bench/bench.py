"""Benchmarks for t4c-socialcheck. Run through `bench/run` (PostgreSQL + Redis).

Every figure is a ratio of two things measured side by side in the same run,
so the machine's speed cancels out. Prints a table a section and writes them into
bench/results.md, keeping the sections this run did not run (bench/results.py).
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from audit.models import AuditEvent  # noqa: E402
from bench import results  # noqa: E402
from bench.signin import signed_in_client  # noqa: E402

RESULTS: list[tuple[str, str, str, str]] = []  # (figure, value, target, verdict)


def record(figure: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("met" if ok else "NOT MET")
    RESULTS.append((figure, value, target, verdict))
    print(f"  {figure}: {value}" + (f"  (target {target}: {verdict})" if target else ""), flush=True)


def timed(fn, repeat: int) -> float:
    """Median seconds of `repeat` calls, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def statements(captured) -> int:
    """SQL queries sent, not counting transaction control (BEGIN, COMMIT, savepoints)."""
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL))


# --- Audit trail at 10^4 and 10^6 entries --------------------------------------------------

AUDIT_FILTERS = {
    "no filter": {},
    "actor": {"actor": "bench-manager"},
    "household": {"household": "BENCH-100007"},
    # No applicant filter: it looks applicants up among those the reader may see, and the benchmark's
    # admin sees none (admins read no case content), so it would measure an empty page.
    "action": {"action": "check_refused"},
    "record type": {"record_type": "consent"},
    "date range": {},  # one day of synthetic entries in each database
}


def audit_admin_client() -> Client:
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    return signed_in_client(admin)


def prepare_audit_database(database_url: str, count: int) -> dict:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "audit_setup.py"), str(count)],
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "DATABASE_URL": database_url},
    )
    if result.returncode != 0:
        print(result.stderr)
        raise SystemExit("preparing a benchmark database failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _audit_query(name: str, params: dict, day: str) -> dict:
    return {"since": day, "until": day} if name == "date range" else dict(params)


def bench_audit(small: int, large: int, repeat: int) -> None:
    """The same page, served by two gunicorns side by side, one on a database of `small`
    entries and one of `large`; requests alternate between them so machine noise cancels."""
    from bench.http_bench import Gunicorn

    print(f"\nAudit trail page: {small:,} entries against {large:,}, side by side", flush=True)
    large_url, small_url = os.environ["DATABASE_URL"], os.environ["SMALL_DATABASE_URL"]
    at = {"small": prepare_audit_database(small_url, small), "large": prepare_audit_database(large_url, large)}
    connection.close()
    seconds: dict[str, dict[str, float]] = {"small": {}, "large": {}}
    with (
        Gunicorn(workers=1, env={"DATABASE_URL": small_url}) as server_small,
        Gunicorn(workers=1, env={"DATABASE_URL": large_url}) as server_large,
    ):
        servers = {"small": server_small, "large": server_large}
        for name, params in AUDIT_FILTERS.items():
            samples: dict[str, list[float]] = {"small": [], "large": []}
            for round_number in range(repeat + 1):
                for size in ("small", "large") if round_number % 2 else ("large", "small"):
                    path = "/manage/audit/?" + urlencode(_audit_query(name, params, at[size]["day"]))
                    begin = time.perf_counter()
                    status, body = servers[size].request("GET", path, cookie=f"sessionid={at[size]['session']}")
                    elapsed = time.perf_counter() - begin
                    assert status == 200 and b"No entries match" not in body, (name, size, status)
                    if round_number:  # the first round warms up
                        samples[size].append(elapsed)
            for size, values in samples.items():
                seconds[size][name] = statistics.median(values)
    # Query counts, in this process, on the large database. The first page of a session
    # notes its policy status and refreshes the session's expiry (once a minute): not the page's cost.
    client = audit_admin_client()
    assert client.get("/manage/audit/").status_code == 200
    worst_ratio, worst_queries = 0.0, 0
    for name, params in AUDIT_FILTERS.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/manage/audit/", _audit_query(name, params, at["large"]["day"]))
        assert response.status_code == 200, (name, response.status_code)
        queries = statements(captured)
        ratio = seconds["large"][name] / seconds["small"][name]
        worst_ratio, worst_queries = max(worst_ratio, ratio), max(worst_queries, queries)
        record(
            f"audit page, {name}: {at['large']['entries']:,} vs {at['small']['entries']:,} entries",
            f"{seconds['large'][name] * 1000:.1f} ms / {seconds['small'][name] * 1000:.1f} ms = {ratio:.2f}x, "
            f"{queries} queries",
        )
    record("audit page, worst filter: time ratio", f"{worst_ratio:.2f}x", "≤ 1.5x", worst_ratio <= 1.5)
    record("audit page, most SQL queries", str(worst_queries), "≤ 8", worst_queries <= 8)
    bench_full_verify()
    bench_incremental_verify()


def bench_full_verify() -> None:
    """verify_audit --full: the whole chain walked, in keyset batches, every hash recomputed; in one
    process, then in one process per core (--jobs), a stretch of the chain each."""
    import tempfile

    from django.conf import settings

    from audit.verify import verify_audit

    # At least two, so that the target's row is measured on a one-core machine too.
    jobs = max(2, os.cpu_count() or 1)
    for walkers in (1, jobs):
        with tempfile.TemporaryDirectory() as directory:
            settings.AUDIT_CHECKPOINT_DIR = directory  # no checkpoint: nothing to start from
            begin, cpu_begin = time.perf_counter(), time.process_time()
            report = verify_audit(full=True, jobs=walkers)
            elapsed, cpu = time.perf_counter() - begin, time.process_time() - cpu_begin
        assert report.ok and report.rows_read == report.entries, (report.problems, report.rows_read)
        rate = f"{report.entries / elapsed:,.0f} entries/s"
        if walkers == 1:
            record(
                f"verify_audit --full over {report.entries:,} entries, one process",
                f"{elapsed:.1f} s ({cpu:.1f} s of it this process's CPU; {rate})",
            )
        else:
            record(
                f"verify_audit --full --jobs {walkers} over {report.entries:,} entries",
                f"{elapsed:.1f} s ({rate})",
                "< 20 s",
                elapsed < 20,
            )


def bench_incremental_verify(new_entries: int = 10_000) -> None:
    """verify_audit from a checkpoint walks only what came after it, however long the chain."""
    import tempfile

    from django.conf import settings

    from audit.checkpoint import write_checkpoint
    from audit.verify import verify_audit

    with tempfile.TemporaryDirectory() as directory:
        settings.AUDIT_CHECKPOINT_DIR = directory
        write_checkpoint()
        call_command("generate_audit_entries", new_entries, "--allow-production", verbosity=0)
        begin = time.perf_counter()
        report = verify_audit()
        elapsed = time.perf_counter() - begin
    assert report.ok and report.rows_read == new_entries, (report.problems, report.rows_read)
    record(
        f"verify {new_entries:,} new entries after a checkpoint ({report.entries:,} in the chain)",
        f"{elapsed:.2f} s",
        "< 1 s",
        elapsed < 1,
    )


def bench_export(rows_expected: int) -> None:
    print(f"\nCSV export of {rows_expected:,} rows", flush=True)
    probe = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "export_probe.py")],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=1800,
    )
    if probe.returncode != 0:
        print(probe.stderr)
        raise SystemExit("export probe failed")
    rows, seconds, peak_mb, baseline_mb, lifetime_peak_mb = (float(x) for x in probe.stdout.split())
    record("CSV export: rows written", f"{int(rows):,}", f"= {rows_expected:,} + header", int(rows) >= rows_expected)
    record("CSV export: rows per second", f"{rows / seconds:,.0f}")
    record(
        "CSV export: peak memory of the server process",
        f"{peak_mb:.0f} MB (of which {baseline_mb:.0f} MB before the export began)",
        "< 150 MB",
        peak_mb < 150,
    )
    growth = peak_mb - baseline_mb
    record(
        "CSV export: the server's memory while exporting, above what it was before",
        f"+{growth:.1f} MB (peak since the export began; ru_maxrss, {lifetime_peak_mb:.1f} MB, also counts"
        " the bench process the probe was started from)",
        "≤ 8 MB",
        growth <= 8,
    )


# --- Output --------------------------------------------------------------------------------


def write_results(measured: dict[str, tuple[str, list]]) -> None:
    """Put the sections just run into bench/results.md, keeping the other sections' figures."""
    path = ROOT / "bench" / "results.md"
    machine = (
        f"on {platform.node() or 'this machine'}: {os.cpu_count()} cores, {_memory_gib():.0f} GiB memory, "
        f"Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}. "
        f"Command: `{' '.join(['bench/run', *sys.argv[1:]])}`."
    )
    new = {
        name: results.section_text(name, SECTIONS[name], f"Run {started} {machine}", rows)
        for name, (started, rows) in measured.items()
    }
    path.write_text(results.merged(path.read_text() if path.exists() else "", new, list(SECTIONS)))
    print("\n" + "\n\n".join(new.values()))


def _memory_gib() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        return 0.0


# The --only names, in the order they run and stand in results.md, and their headings there.
SECTIONS = {
    "checks": "Starting a check against a bare form POST, a bare API POST and a raw INSERT",
    "http": "The one-view rule, mixed traffic and a load run through gunicorn",
    "reads": "Read paths against /healthz/ through gunicorn",
    "audit": "Audit trail page at two sizes, and verifying the chain",
    "export": "CSV export of the audit trail",
    "annual": "The annual report at size",
}


def run_section(name: str, args) -> None:
    if name == "checks":
        from bench import checks_bench

        checks_bench.run(record, timed)
    elif name == "http":
        from bench import http_bench

        http_bench.run(record)
    elif name == "reads":
        from bench import read_bench

        read_bench.run(record)
    elif name == "audit":
        bench_audit(args.small, args.large, args.repeat)
    elif name == "export":
        bench_export(AuditEvent.objects.count())
    elif name == "annual":
        from bench import annual_bench

        annual_bench.run(record, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", choices=list(SECTIONS), action="append", help="Run only this section (repeatable).")
    args = parser.parse_args()
    only = set(args.only or SECTIONS)
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmarks run on PostgreSQL: use bench/run.")
    call_command("migrate", "--run-syncdb", verbosity=0)
    measured = {}  # section: (when it began, its rows)
    for name in SECTIONS:
        if name in only:
            started, first = f"{datetime.datetime.now():%Y-%m-%d %H:%M}", len(RESULTS)
            run_section(name, args)
            measured[name] = (started, RESULTS[first:])
    write_results(measured)


if __name__ == "__main__":
    main()
