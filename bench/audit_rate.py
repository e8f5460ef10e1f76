"""The audit chain's append rate: the ceiling on how much the service can write.

Every change appends one entry to one hash chain, under one transaction-level
advisory lock, so appends are serialised however many web processes there are.
This appends COUNT entries, each in its own transaction (as a request does),
from THREADS connections at once, and prints appends per second.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/audit_rate.py [COUNT] [THREADS]
"""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.appends import timed_appends  # noqa: E402


def main(count: int, threads: int) -> None:
    call_command("migrate", verbosity=0)
    timed_appends(1, 20)  # warm up
    each = count // threads
    seconds, errors = timed_appends(threads, each)
    print(
        f"{each * threads} appends from {threads} connections in {seconds:.2f} s: {each * threads / seconds:.0f} appends/s, {len(errors)} errors"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, int(sys.argv[2]) if len(sys.argv) > 2 else 8)
