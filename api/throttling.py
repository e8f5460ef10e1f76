"""DRF's throttling, counted per token (not per user: each integration has its own
allowance), per user for a signed-in browser, and per address for anyone else.
The rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read on each request so
that a change of settings takes effect at once. Too many → 429 THROTTLED with
Retry-After (api.exceptions)."""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class RateFromSettings(SimpleRateThrottle):
    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate for the scope {self.scope!r}.") from None


class TokenRateThrottle(RateFromSettings):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionUserRateThrottle(RateFromSettings):
    scope = "session"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousRateThrottle(RateFromSettings):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
