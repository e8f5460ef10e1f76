"""Two-step sign-in: a password, then a passkey or a code from an authenticator app.

Who must take the second step:
- anyone who has set up a second factor, every time they sign in;
- everyone else too when SOCIALCHECK_REQUIRE_TWO_FACTOR is on (the default
  when DEBUG is off): they must set one up before they can do anything else.

django-otp's OTPMiddleware marks a session verified (`request.user.is_verified()`);
accounts.twofactor.middleware keeps unverified sessions on these pages.
"""

from django.conf import settings
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp import login as otp_login

from accounts.lockout import clear_failures
from audit.models import Action
from audit.services import audit_record

# Whether the signed-in user has a confirmed second factor, noted at sign-in
# so that the middleware needs no query on every request. The pages that act
# on it read the database instead.
HAS_FACTOR_SESSION_KEY = "twofactor_has_factor"

METHOD_NAMES = {"totp": "an authenticator app", "webauthn": "a passkey"}

# Set at single sign-on when the identity provider's token shows a multi-factor
# sign-in (accounts.sso): that session has taken its second step already.
SSO_MFA_SESSION_KEY = "sso_multi_factor"


def is_required() -> bool:
    # Read at request time, so that tests (and an operator's change) take effect at once.
    return bool(settings.SOCIALCHECK_REQUIRE_TWO_FACTOR)


def second_step_done(request: HttpRequest) -> bool:
    """This session proved a second factor: here (django-otp), or at the identity provider."""
    # Just signed in, request.user is the plain user; django-otp marks it on the next request.
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified()) or bool(request.session.get(SSO_MFA_SESSION_KEY))


def user_has_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def session_has_factor(request: HttpRequest) -> bool:
    noted = request.session.get(HAS_FACTOR_SESSION_KEY)
    if noted is None:
        noted = note_factor(request, user_has_factor(request.user))
    return noted


def note_factor(request: HttpRequest, has_factor: bool) -> bool:
    request.session[HAS_FACTOR_SESSION_KEY] = has_factor
    return has_factor


def method_of(device) -> str:
    return "webauthn" if device._meta.app_label == "django_otp_webauthn" else "totp"


def second_step_passed(request: HttpRequest, device, *, added: bool = False) -> None:
    """The person proved the second factor (or just set one up): mark the session
    verified, clear their failed attempts and record it in the audit trail."""
    user = request.user
    if not user.is_verified():
        # Adding a factor to a verified session keeps the one it was verified with.
        otp_login(request, device)
        # The session now carries more than a password's worth: a new key, so
        # that a key seen before this step (fixed or leaked) is worth nothing.
        request.session.cycle_key()
    note_factor(request, True)
    if added:
        from .setup_code import setup_code_used  # it imports this module

        setup_code_used(request)
    clear_failures(request, user.get_username())
    method = method_of(device)
    what = f"set up {METHOD_NAMES[method]}" if added else f"confirmed their sign-in with {METHOD_NAMES[method]}"
    record_two_factor(
        user, actor=user, summary=f"{user.username} {what}", data={"method": method, "added": added}, request=request
    )


def record_two_factor(user, *, actor, summary: str, data: dict, request=None) -> None:
    """An entry in the audit trail about `user`'s two-step verification, by `actor` (None: the system)."""
    audit_record(
        actor=actor,
        action=Action.TWO_FACTOR,
        record_type="user",
        record_id=user.pk,
        summary=summary,
        data=data,
        request=request,
    )
