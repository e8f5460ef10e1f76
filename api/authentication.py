from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .tokens import api_token_user


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the hashes in `api.models.ApiToken`."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        user = api_token_user(key)
        if user is None:
            raise exceptions.AuthenticationFailed("The token is not valid, or it has been revoked.")
        return (user, None)
