import contextlib
import io

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from web.demo import DEMO_USERS, authenticator_app_keys, describe_user, seed_demo


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
            self._authenticator_apps(passwords)
        else:
            for username, *_ in DEMO_USERS:
                self.stdout.write(f"  {username:<15} {describe_user(username)}")
            self.stdout.write(
                "Demo data is in place. Demo users keep the passwords shown when they were created; "
                "run `make reset-demo-passwords` for new ones."
            )

    def _authenticator_apps(self, passwords):
        """The second step production asks of everyone, for the demo users set up with it."""
        for username, key in authenticator_app_keys().items():
            if username in passwords:
                self.stdout.write(
                    f"{username} also needs a code from an authenticator app after the password. "
                    f"Add this key to an app (Google or Microsoft Authenticator, 1Password, FreeOTP; "
                    f"time-based, 6 digits): {key}"
                )
