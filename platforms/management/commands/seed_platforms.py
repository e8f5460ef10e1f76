from django.core.management.base import BaseCommand

from platforms.defaults import ensure_default_platforms


class Command(BaseCommand):
    help = "Create the default platforms and their approved viewing accounts (safe to run again)."

    def handle(self, *args, **options):
        created = ensure_default_platforms()
        self.stdout.write(f"{created} platform(s) created.")
