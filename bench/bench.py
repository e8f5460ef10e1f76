"""Benchmarks for t4c-socialcheck. Run through `bench/run` (PostgreSQL + Redis).

Every figure is a ratio of two things measured side by side in the same run,
so the machine's speed cancels out. Prints a table and writes bench/results.md.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

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

from accounts.models import Role, Team, User  # noqa: E402
from audit.models import AuditEvent  # noqa: E402

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
    "applicant": {"applicant": "200011"},
    "action": {"action": "check_refused"},
    "record type": {"record_type": "consent"},
    "date range": {},  # set from the data: one day of synthetic entries, the same at both sizes
}


def audit_admin_client() -> Client:
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    client = Client()
    client.force_login(admin)
    return client


def measure_audit_page(client: Client, repeat: int) -> dict[str, tuple[float, int]]:
    figures = {}
    for name, params in AUDIT_FILTERS.items():
        seconds = timed(lambda params=params: client.get("/manage/audit/", params), repeat)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/manage/audit/", params)
        assert response.status_code == 200, (name, response.status_code)
        assert b"No entries match" not in response.content, f"filter {name!r} found nothing: the bench data is wrong"
        figures[name] = (seconds, statements(captured))
    return figures


def seed_for_audit() -> None:
    from cases.models import Household, LocalAuthority

    team, _ = Team.objects.get_or_create(name="Bench team")
    manager, _ = User.objects.get_or_create(username="bench-manager", defaults={"role": Role.MANAGER})
    team.managers.add(manager)
    council, _ = LocalAuthority.objects.get_or_create(name="Bench council")
    Household.objects.get_or_create(
        pk=100_007,
        defaults={"reference": "BENCH-100007", "local_authority": council, "team": team, "received_on": "2026-01-01"},
    )


def bench_audit(small: int, large: int, repeat: int) -> None:
    print(f"\nAudit trail page: {small:,} entries, then {large:,}", flush=True)
    seed_for_audit()
    have = AuditEvent.objects.count()
    call_command("generate_audit_entries", max(small - have, 0), "--allow-production", verbosity=0)
    client = audit_admin_client()
    day = AuditEvent.objects.filter(seq__gt=have + small // 2).order_by("seq").values_list("at", flat=True).first()
    AUDIT_FILTERS["date range"] = {"since": f"{day:%Y-%m-%d}", "until": f"{day:%Y-%m-%d}"}
    at_small = measure_audit_page(client, repeat)
    call_command("generate_audit_entries", large - AuditEvent.objects.count(), "--allow-production", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_auditevent")
    at_large = measure_audit_page(client, repeat)
    worst_ratio, worst_queries = 0.0, 0
    for name in AUDIT_FILTERS:
        (t_small, q_small), (t_large, q_large) = at_small[name], at_large[name]
        ratio = t_large / t_small
        worst_ratio, worst_queries = max(worst_ratio, ratio), max(worst_queries, q_small, q_large)
        record(
            f"audit page, {name}: {large:,} vs {small:,} entries",
            f"{t_large * 1000:.1f} ms / {t_small * 1000:.1f} ms = {ratio:.2f}x, {q_large} queries",
        )
    record("audit page, worst filter: time ratio", f"{worst_ratio:.2f}x", "≤ 1.5x", worst_ratio <= 1.5)
    record("audit page, most SQL queries", str(worst_queries), "≤ 8", worst_queries <= 8)


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
    rows, seconds, peak_mb, baseline_mb = (float(x) for x in probe.stdout.split())
    record("CSV export: rows written", f"{int(rows):,}", f"= {rows_expected:,} + header", int(rows) >= rows_expected)
    record("CSV export: rows per second", f"{rows / seconds:,.0f}")
    record(
        "CSV export: peak memory of the server process",
        f"{peak_mb:.0f} MB (of which {baseline_mb:.0f} MB before the export began)",
        "< 150 MB",
        peak_mb < 150,
    )


# --- Output --------------------------------------------------------------------------------


def write_results(args) -> None:
    import datetime

    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M} on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores, {_memory_gib():.0f} GiB memory, Python {platform.python_version()}, "
        f"PostgreSQL {connection.pg_version // 10000}. Command: `bench/run {' '.join(sys.argv[1:])}`.",
        "",
        "| figure | value | target | verdict |",
        "|---|---|---|---|",
        *[f"| {f} | {v} | {t} | {ok} |" for f, v, t, ok in RESULTS],
        "",
    ]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines))
    print("\n" + "\n".join(lines))


def _memory_gib() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        return 0.0


SECTIONS = ["checks", "http", "audit", "export"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", choices=SECTIONS, action="append", help="Run only this section (repeatable).")
    args = parser.parse_args()
    only = set(args.only or SECTIONS)
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmarks run on PostgreSQL: use bench/run.")
    call_command("migrate", "--run-syncdb", verbosity=0)
    if "checks" in only:
        from bench import checks_bench

        checks_bench.run(record, timed)
    if "http" in only:
        from bench import http_bench

        http_bench.run(record)
    if "audit" in only:
        bench_audit(args.small, args.large, args.repeat)
    if "export" in only:
        bench_export(AuditEvent.objects.count())
    write_results(args)


if __name__ == "__main__":
    main()
