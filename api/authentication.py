from rest_framework.authentication import TokenAuthentication

from .tokens import api_token_check


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the hashes in `api.models.ApiToken`.

    `request.auth` is the token: its scope (api.permissions) and its throttle
    (api.throttling) go by it."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = api_token_check(key)
        return (token.user, token)
