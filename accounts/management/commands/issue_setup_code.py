from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.management.users import active_user_named
from accounts.twofactor.setup_code import issue_setup_code


class Command(BaseCommand):
    help = (
        "Print a one-time code with which a user sets up their first second factor (replacing any earlier code). "
        "For the first admin, who has nobody to issue one from the admin site."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = active_user_named(username, inactive="they cannot sign in to use a code")
        # Printed once to stdout only: the database keeps a hash.
        self.stdout.write(issue_setup_code(user=user, issued_by=None))
        self.stderr.write(f"It works once, for {settings.SOCIALCHECK_SETUP_CODE_HOURS} hours.")
