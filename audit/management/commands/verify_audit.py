from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_audit


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain, the checks and refusals it vouches for, and the last checkpoint."

    def handle(self, *args, **options):
        report = verify_audit()
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"Audit trail verification failed ({len(report.problems)} problem(s)).")
        self.stdout.write(f"Audit trail verified: {report.entries} entries, head {report.head_hash[:16]}…")
