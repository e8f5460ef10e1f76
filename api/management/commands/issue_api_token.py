from django.core.management.base import BaseCommand

from accounts.management.users import active_user_named
from api.tokens import api_token_issue


class Command(BaseCommand):
    help = "Print a new API token for an existing user, revoking the user's earlier token."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = active_user_named(username, inactive="a token would not work")
        # Printed once to stdout only: the database keeps a hash, and nothing logs the key.
        self.stdout.write(api_token_issue(user=user))
