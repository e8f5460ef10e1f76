"""Prepare one benchmark database for the audit trail comparison (run with its DATABASE_URL).

Migrates, seeds a manager and a household, appends COUNT chained entries, and
prints a JSON line: a signed-in admin's session key and a day that has entries."""

import json
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from accounts.models import Role, Team, User  # noqa: E402
from audit.models import AuditEvent  # noqa: E402
from bench.signin import signed_in_session  # noqa: E402
from cases.models import Household, LocalAuthority  # noqa: E402


def main(count: int) -> None:
    call_command("migrate", "--run-syncdb", verbosity=0)
    team, _ = Team.objects.get_or_create(name="Bench team")
    manager, _ = User.objects.get_or_create(username="bench-manager", defaults={"role": Role.MANAGER})
    team.managers.add(manager)
    council, _ = LocalAuthority.objects.get_or_create(name="Bench council")
    Household.objects.get_or_create(
        pk=100_007,
        defaults={"reference": "BENCH-100007", "local_authority": council, "team": team, "received_on": "2026-01-01"},
    )
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    have = AuditEvent.objects.count()
    # 100 households: every household and applicant filter fills a page at both sizes.
    call_command(
        "generate_audit_entries", max(count - have, 0), "--households", "100", "--allow-production", verbosity=0
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_auditevent")
    first_synthetic = AuditEvent.objects.filter(seq__gt=have + 100).order_by("seq").values_list("at", flat=True).first()
    session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    signed_in_session(session, admin)
    session.create()
    print(
        json.dumps(
            {
                "session": session.session_key,
                "day": f"{first_synthetic:%Y-%m-%d}",
                "entries": AuditEvent.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
