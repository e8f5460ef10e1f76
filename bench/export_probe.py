"""Stream the whole audit trail as CSV in this process and report its peak memory.

The peak is the export's own: the kernel's high-water mark of resident memory
is reset just before the export begins (Linux /proc/self/clear_refs), so what
the process used while it started up does not count.

Prints: rows seconds peak_MB baseline_MB lifetime_peak_MB."""

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


def status_mb(name: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{name}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # resets VmHWM to the present resident size
        return True
    except OSError:
        return False


admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
client = signed_in_client(admin)
client.get("/healthz/")
peak_reset = reset_peak()
baseline = status_mb("VmRSS")
start = time.perf_counter()
response = client.get("/manage/audit/export.csv")
if response.status_code != 200:
    raise SystemExit(f"the export answered {response.status_code}")
rows = 0
for chunk in response.streaming_content:
    rows += chunk.count(b"\n")
seconds = time.perf_counter() - start
# ru_maxrss, what was measured before: it predates the export, and Linux carries the high-water mark of the
# process this one was started from across exec, so it overstated the export's growth.
lifetime_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
peak = status_mb("VmHWM") if peak_reset else lifetime_peak
print(rows, seconds, peak, baseline, lifetime_peak)
