from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken


class TokenScopeAllows(BasePermission):
    """A read-only token may read (GET, HEAD, OPTIONS) and nothing else."""

    message = "This token is read-only: it cannot change anything. Use a token with read and write access."

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken) or token.can_write:
            return True
        return request.method in SAFE_METHODS
