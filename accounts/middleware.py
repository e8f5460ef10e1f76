import time

REFRESH_AFTER_SECONDS = 60


class IdleSessionMiddleware:
    """Sign people out after SESSION_COOKIE_AGE seconds without a request.

    The session's expiry is pushed back at most once a minute rather than on
    every request, which would cost a database write (three round trips) per
    page; the timeout is therefore exact to within a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get("_last_refresh", 0) >= REFRESH_AFTER_SECONDS:
                session["_last_refresh"] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)
