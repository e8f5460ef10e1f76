from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .models import Role


def may_use_password(user) -> bool:
    """PASSWORD_SIGN_IN=admins: only break-glass admins sign in with a password
    (for when single sign-on is down); everyone else through their organisation."""
    if settings.SOCIALCHECK_PASSWORD_SIGN_IN == "everyone":
        return True
    return user.role == Role.ADMIN or user.is_superuser


class PasswordBackend(ModelBackend):
    """Django's username and password, for those PASSWORD_SIGN_IN allows."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and may_use_password(user)
