from django.core.management.base import BaseCommand, CommandError

from accounts.management.users import active_user_named
from api.models import ApiToken
from api.tokens import api_token_issue
from t4c_socialcheck.errors import ServiceError

DEFAULT_NAME = "Command line"


class Command(BaseCommand):
    help = (
        "Print a new API token for an existing user, revoking the user's earlier token of the same name. "
        "A personal token (the default) needs a user with a confirmed second factor; "
        "--integration issues one for another system instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default=DEFAULT_NAME, help=f"The token's name (default: {DEFAULT_NAME!r}).")
        parser.add_argument("--integration", action="store_true", help="An integration token: no second factor needed.")
        parser.add_argument(
            "--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.WRITE, help="read, or write (default)."
        )
        parser.add_argument("--days", type=int, default=None, help="Days until it expires (default: API_TOKEN_DAYS).")

    def handle(self, *args, username, name, integration, scope, days, **options):
        user = active_user_named(username, inactive="a token would not work")
        kind = ApiToken.Kind.INTEGRATION if integration else ApiToken.Kind.PERSONAL
        try:
            _, key = api_token_issue(user=user, name=name, kind=kind, scope=scope, days=days, replace=True)
        except ServiceError as error:
            if kind == ApiToken.Kind.PERSONAL and error.code == "NOT_PERMITTED":
                raise CommandError(
                    f"{username} has no confirmed second factor, so cannot have a personal token; "
                    "issue an integration token with --integration instead."
                ) from None
            raise CommandError(error.detail) from None
        # Printed once to stdout only: the database keeps a hash, and nothing logs the key.
        self.stdout.write(key)
