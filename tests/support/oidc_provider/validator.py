from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """Every claim the people file gives, in the ID token and from userinfo:
    a stable subject (as Entra's object id), email, name, and amr / acr for how they signed in."""

    oidc_claim_scope = None  # no filtering by scope: the test decides what is said

    def get_additional_claims(self, request):
        return dict(settings.PEOPLE[request.user.username]["claims"])
