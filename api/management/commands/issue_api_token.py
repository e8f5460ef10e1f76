from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.tokens import api_token_issue


class Command(BaseCommand):
    help = "Print a new API token for an existing user, revoking the user's earlier token."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is not active: a token would not work.")
        # Printed once to stdout only: the database keeps a hash, and nothing logs the key.
        self.stdout.write(api_token_issue(user=user))
