"""Stream the whole audit trail as CSV in this process and report its peak memory.

Prints: rows seconds peak_MB baseline_MB."""

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from accounts.models import Role, User  # noqa: E402
from bench.signin import signed_in_client  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
client = signed_in_client(admin)
client.get("/healthz/")
baseline = rss_mb()
start = time.perf_counter()
response = client.get("/manage/audit/export.csv")
if response.status_code != 200:
    raise SystemExit(f"the export answered {response.status_code}")
rows = 0
for chunk in response.streaming_content:
    rows += chunk.count(b"\n")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(rows, seconds, peak, baseline)
