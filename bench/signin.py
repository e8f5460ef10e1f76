"""Sessions as a real user has them after both sign-in steps.

Two-step verification is required when DEBUG is off (as in the benchmarks):
a session without a verified second factor is sent to the two-step pages, so
every benchmarked request would measure a redirect."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor import HAS_FACTOR_SESSION_KEY

PASSWORD_BACKEND = "accounts.backends.PasswordBackend"


def mark_second_step_passed(session, user) -> None:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_FACTOR_SESSION_KEY] = True


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    mark_second_step_passed(session, user)
    session.save()
    return client


def signed_in_session(session, user) -> None:
    """Fill a new session store as `login` would, with the second step passed."""
    session[SESSION_KEY] = str(user.pk)
    # One of AUTHENTICATION_BACKENDS (a session naming another is signed out): the password sign-in's.
    session[BACKEND_SESSION_KEY] = PASSWORD_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    mark_second_step_passed(session, user)
