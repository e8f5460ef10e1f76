import time

from django.conf import settings
from django.contrib.auth import logout

REFRESH_AFTER_SECONDS = 60
SIGNED_IN_AT_SESSION_KEY = "signed_in_at"


def note_sign_in(session) -> None:
    """The start of the absolute session lifetime (accounts.signals, at sign-in)."""
    session[SIGNED_IN_AT_SESSION_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Sign people out after SESSION_COOKIE_AGE seconds without a request, and
    SOCIALCHECK_SESSION_ABSOLUTE_HOURS after they signed in however busy they are.

    The session's expiry is pushed back at most once a minute rather than on
    every request, which would cost a database write (three round trips) per
    page; the idle timeout is therefore exact to within a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = session.get(SIGNED_IN_AT_SESSION_KEY)
            if signed_in_at is None:
                # Signed in before the lifetime was noted (or without the signal): it starts now.
                session[SIGNED_IN_AT_SESSION_KEY] = signed_in_at = now
            if now - signed_in_at >= settings.SOCIALCHECK_SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)  # the view sees an anonymous request: sign in again
            elif now - session.get("_last_refresh", 0) >= REFRESH_AFTER_SECONDS:
                session["_last_refresh"] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)
