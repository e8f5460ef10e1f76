import contextlib
import io

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from web.demo import DEMO_USERS, describe_user, seed_demo


class Command(BaseCommand):
    help = "Create demo data and demo users (demo mode only). Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true", help="Give every demo user a new password.")

    def handle(self, *args, **options):
        if not settings.SOCIALCHECK_DEMO_MODE:
            raise CommandError("Demo data can only be seeded in demo mode (DEMO_MODE=true).")
        # The seed's refusals and incidents notify managers: keep the console's copies of those
        # emails out of the output (they are in the notifications table like any other).
        with contextlib.redirect_stdout(io.StringIO()):
            passwords = seed_demo(reset_passwords=options["reset_passwords"])
        self.stdout.write(f"Sign in at {settings.SITE_URL}/sign-in/ as one of the demo users:")
        if passwords:
            self.stdout.write("Demo users (these passwords are shown once):")
            for username, password in passwords.items():
                self.stdout.write(f"  {username:<15} {password:<17} {describe_user(username)}")
        else:
            for username, *_ in DEMO_USERS:
                self.stdout.write(f"  {username:<15} {describe_user(username)}")
            self.stdout.write(
                "Demo data is in place. Demo users keep the passwords shown when they were created; "
                "run `make reset-demo-passwords` for new ones."
            )
