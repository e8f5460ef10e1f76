"""Append synthetic entries to the audit chain, for benchmarks (never in production)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audit import chain
from audit.models import Action, AuditEvent

ACTIONS = [Action.VIEW, Action.UPDATE, Action.CREATE, Action.SIGN_IN, Action.CHECK_STARTED, Action.CHECK_REFUSED]
RECORD_TYPES = ["applicant", "household", "consent", "socialcheck", "refusal", "user"]


class Command(BaseCommand):
    help = "Append COUNT synthetic, correctly chained audit entries (benchmarks only; refused in production)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--households", type=int, default=2000, help="Spread entries over this many household ids.")
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, count, batch, households, allow_production, **options):
        if not settings.DEBUG and not settings.SOCIALCHECK_DEMO_MODE and not allow_production:
            raise CommandError("Synthetic audit entries are for demo and benchmark databases only.")
        if count < 0:
            raise CommandError("COUNT must be 0 or more.")
        if count == 0:
            # bench/audit_setup.py asks for what is missing, which is nothing when the database is big enough.
            self.stdout.write("0 entries asked for: nothing appended, the chain is unchanged.")
            return
        from accounts.models import User

        actors = list(User.objects.order_by("pk").values_list("pk", "username")[:50]) or [(None, "bench-user")]
        written = 0
        # Entries are numbered in time order: continue 30 seconds apart after the newest.
        newest = AuditEvent.objects.order_by("-seq").values_list("at", flat=True).first()
        start = (newest or timezone.now() - datetime.timedelta(days=365)) + datetime.timedelta(seconds=30)
        while written < count:
            size = min(batch, count - written)
            with transaction.atomic():
                seq, prev_hash = chain.keyed_head()
                rows = []
                for i in range(size):
                    seq += 1
                    n = written + i
                    event = AuditEvent(
                        seq=seq,
                        at=start + datetime.timedelta(seconds=n * 30),
                        actor_id=actors[n % len(actors)][0],
                        actor_username=actors[n % len(actors)][1],
                        action=ACTIONS[n % len(ACTIONS)],
                        record_type=RECORD_TYPES[n % len(RECORD_TYPES)],
                        record_id=str(n),
                        household_id=100_000 + n % households,
                        applicant_id=200_000 + n % (households * 2),
                        team_id=n % 20,
                        summary=f"Synthetic entry {n}",
                        data={},
                        prev_hash=prev_hash,
                    )
                    chain.seal(event)
                    prev_hash = event.row_hash
                    rows.append(event)
                AuditEvent.objects.bulk_create(rows)
            written += size
        self.stdout.write(f"{written} entries appended; head is now entry {seq}.")
