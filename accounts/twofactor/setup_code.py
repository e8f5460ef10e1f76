"""Set-up codes: the first second factor is set up with a code from an admin.

Without one, whoever first signs in with a person's password (a colleague who
saw it, someone who guessed it) could set up their own authenticator app or
passkey and become that person. So when two-step verification is required,
someone with no factor yet must first enter a one-time code an admin gave them
in person or by phone. A person who already has a factor adds another only
after confirming it (views._before_adding), so needs no code.

An admin issues a code from the user's page in the admin; issuing again
replaces it. It works for SOCIALCHECK_SETUP_CODE_HOURS, counts wrong tries
towards the sign-in lockout like a wrong password, and goes once a factor is
set up (the same path serves a person who lost their factor: an admin deletes
it and issues a code).
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import SetupCode

from . import is_required, record_two_factor

# No 0/O or 1/I/L: the code is read out over the phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
# The session's note that this user entered a right code (their user id).
SESSION_KEY = "twofactor_setup_code_for"


def normalise(typed: str) -> str:
    """What was typed, as the code is kept: capitals, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def issue_setup_code(*, user, issued_by) -> str:
    """A new code for `user`, replacing any earlier one; shown once, in three groups of four, as K7QD-M2XP-9RWF."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    expires_at = timezone.now() + datetime.timedelta(hours=settings.SOCIALCHECK_SETUP_CODE_HOURS)
    SetupCode.objects.update_or_create(
        user=user, defaults={"code_hash": make_password(code), "issued_by": issued_by, "expires_at": expires_at}
    )
    record_two_factor(
        user,
        actor=issued_by,
        summary=f"{getattr(issued_by, 'username', 'The system')} issued a set-up code for {user.username}",
        data={"setup_code": "issued", "expires_at": expires_at.isoformat()},
    )
    return display(code)


def code_needed(request: HttpRequest, *, has_factor: bool) -> bool:
    """Must this signed-in person (who has a confirmed factor or not) enter a
    set-up code before setting up a factor?"""
    return is_required() and not has_factor and request.session.get(SESSION_KEY) != request.user.pk


def redeem_setup_code(request: HttpRequest, typed: str) -> bool:
    """True, and noted in the session, if `typed` is the person's code and it has not expired."""
    user = request.user
    setup_code = SetupCode.objects.filter(user=user, expires_at__gt=timezone.now()).first()
    if setup_code is None or not check_password(normalise(typed), setup_code.code_hash):
        return False
    request.session[SESSION_KEY] = user.pk
    record_two_factor(
        user,
        actor=user,
        summary=f"{user.username} entered their set-up code",
        data={"setup_code": "entered"},
        request=request,
    )
    return True


def setup_code_used(request: HttpRequest) -> None:
    """A factor is set up: the code has done its work."""
    SetupCode.objects.filter(user=request.user).delete()
    request.session.pop(SESSION_KEY, None)
