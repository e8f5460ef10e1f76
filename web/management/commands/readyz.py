import json

from django.core.management.base import BaseCommand, CommandError

from web.health import CHECKS, readiness


class Command(BaseCommand):
    help = "The readiness checks of /readyz/, for a container's health check: prints the JSON, fails if any fails."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", choices=sorted(CHECKS), help="Run only this check (repeatable).")

    def handle(self, *args, only=None, **options):
        ready, report = readiness(only)
        self.stdout.write(json.dumps(report))
        if not ready:
            raise CommandError("not ready: " + ", ".join(name for name, r in report["checks"].items() if not r["ok"]))
