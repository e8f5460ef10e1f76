from django.core.management.base import BaseCommand

from audit.checkpoint import write_checkpoint


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit chain head outside the database (beat does this hourly)."

    def handle(self, *args, **options):
        checkpoint = write_checkpoint()
        self.stdout.write(f"Checkpoint at entry {checkpoint.seq} ({checkpoint.count} entries).")
