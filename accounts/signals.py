"""Sign-ins, failed sign-ins and lockouts are evidence: record them in the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from audit.models import Action
from audit.services import audit_record

from .lockout import clear_failures, lockout_minutes
from .middleware import note_sign_in
from .twofactor import METHOD_NAMES, is_required, note_factor, user_has_factor


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    """Record the sign-in, and note in the session whether a second step is due
    (accounts.twofactor). Without a second factor the password was the whole
    sign-in, so the failed attempts are cleared now; otherwise after the second step."""
    has_factor = user_has_factor(user)
    if request is not None and hasattr(request, "session"):
        note_sign_in(request.session)
        note_factor(request, has_factor)
        if not has_factor:
            clear_failures(request, user.get_username())
    method = getattr(request, "sign_in_method", "password")
    # Single sign-on whose token shows a multi-factor sign-in has taken its second step (accounts.sso).
    multi_factor = method == "sso" and bool(getattr(request, "sso_multi_factor", False))
    second_step = (has_factor or is_required()) and not multi_factor
    if method == "sso":
        summary = f"{user.username} signed in through their organisation"
        summary += " with multi-factor authentication" if multi_factor else ""
    else:
        summary = f"{user.username} signed in"
    if second_step:
        summary += (" with their password" if method == "password" else "") + "; two-step verification due"
    audit_record(
        actor=user,
        action=Action.SIGN_IN,
        record_type="user",
        record_id=user.pk,
        summary=summary,
        data={"second_step_due": second_step, "method": method, **({"multi_factor": True} if multi_factor else {})},
        request=request,
    )


def account_username(typed) -> str | None:
    """The username as typed if it is an account's, else None: someone who typed
    their password in the username box must not find it in the audit trail."""
    username = str(typed or "")[:150]
    User = get_user_model()
    if username and User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
        return username
    return None


def as_whom(username: str | None) -> str:
    return f"as {username!r}" if username is not None else "with a username that is no account's"


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    if "nonce" in credentials:
        return  # single sign-on: accounts.sso records the refusal, with its reason
    username = account_username(credentials.get("username"))
    method = credentials.get("second_factor")
    summary = f"Failed sign-in {as_whom(username)}"
    if method:
        summary += f": wrong code from {METHOD_NAMES.get(method, method)}"
    audit_record(
        actor=None,
        action=Action.SIGN_IN_FAILED,
        record_type="user",
        record_id="",
        summary=summary[:300],
        data={"username": username, **({"second_factor": method} if method else {})},
        request=request,
    )


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    # axes sends this for the failure that reached the limit, and again for
    # each attempt while locked (with no new failure counted, because
    # AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off). Those attempts
    # are already in the trail as failed sign-ins: record the lockout once.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    username = account_username(username)
    minutes = lockout_minutes(request)
    audit_record(
        actor=None,
        action=Action.LOCKED_OUT,
        record_type="user",
        record_id="",
        summary=f"Sign-in {as_whom(username)} locked for {minutes} minutes after {request.axes_failures_since_start} failures"[
            :300
        ],
        data={"username": username, "failures": request.axes_failures_since_start, "minutes": minutes},
        remote_addr=ip_address,
        request=request,
    )
