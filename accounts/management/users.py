"""What the commands that issue a user something share."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def active_user_named(username: str, *, inactive: str):
    """The user called `username`; a CommandError saying what is wrong if there is none, or
    if they are not active (`inactive` says why that matters)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user called {username!r}.")
    if not user.is_active:
        raise CommandError(f"{username} is not active: {inactive}.")
    return user
