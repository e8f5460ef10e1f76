"""Locking sign-in after repeated failures (django-axes), and what the person sees.

Failures are counted per username and address (AXES_LOCKOUT_PARAMETERS): a
wrong password, and a wrong code from an authenticator app, both count. The
count is cleared only when someone has fully signed in, that is after the
second step when they have one, so that signing in again with the password
does not buy more guesses at the code.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from t4c_socialcheck.client import client_ip


def lockout_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page shown instead of the sign-in form while sign-in is locked (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": lockout_minutes(request), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def is_locked_out(request: HttpRequest, username: str) -> bool:
    if not settings.AXES_ENABLED:
        return False
    return AxesProxyHandler.is_locked(request, {"username": username})


def count_failed_code(request: HttpRequest, username: str, method: str) -> bool:
    """Count a wrong second-factor code like a wrong password. Returns True if
    this failure locked sign-in (the caller signs the person out)."""
    # The same signal a failed password sends: axes counts it, and
    # accounts.signals writes it to the audit trail.
    user_login_failed.send(
        sender=__name__,
        credentials={"username": username, "second_factor": method},
        request=request,
    )
    return bool(getattr(request, "axes_locked_out", False))


def clear_failures(request: HttpRequest, username: str) -> None:
    """Someone has fully signed in from this address: forget their failures here."""
    if not settings.AXES_ENABLED:
        return
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request), username=username)
