from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_audit


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain, its redactions, the checks and refusals it vouches for, and the last"
        " checkpoint: from the newest good checkpoint onwards, or the whole chain with --full."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Walk the whole chain, not only what follows the checkpoint."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Walk a long chain in this many processes at once, a stretch each (PostgreSQL; e.g. the number"
            " of cores). A break is always reported as one walk finds it.",
        )

    def handle(self, *args, full, jobs, **options):
        if jobs < 1:
            raise CommandError("--jobs must be 1 or more.")
        report = verify_audit(full=full, jobs=jobs)
        for note in report.notes:
            self.stdout.write(note)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"Audit trail verification failed ({len(report.problems)} problem(s)).")
        walked = f"from the checkpoint at entry {report.started_after}" if report.started_after else "in full"
        self.stdout.write(
            f"Audit trail verified {walked}: {report.entries} entries ({report.rows_read} read),"
            f" head {report.head_hash[:16]}…"
        )
