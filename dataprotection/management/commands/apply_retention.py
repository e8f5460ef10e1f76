from django.core.management.base import BaseCommand

from dataprotection.retention import apply_retention, retention_plan


class Command(BaseCommand):
    help = "Remove or anonymise records past their retention period. --dry-run shows what would go."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be removed.")

    def handle(self, *args, dry_run, **options):
        report = retention_plan() if dry_run else apply_retention()
        verb = "Would remove" if dry_run else "Removed"
        for removal in report.removals:
            self.stdout.write(
                f"{verb} {len(removal.ids)} {removal.kind} of household {removal.household.reference} "
                f"({removal.outcome}, closed {removal.household.closed_on}, kept {removal.months} months)"
            )
        for reference in report.held:
            self.stdout.write(f"Kept household {reference}: legal hold")
        if not report.removals:
            self.stdout.write("Nothing has passed its retention period.")
