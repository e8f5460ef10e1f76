"""Sign-in locks after repeated failures (django-axes, accounts.lockout): 5
wrong passwords or codes for one username from one address lock it for 30
minutes; the lockout is in the audit trail; a full sign-in clears the count."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def axes_on(settings):
    """The test settings switch axes off (Django's client.login() has no request); these tests need it."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    return [sign_in(client, username, "wrong password", **extra).status_code for _ in range(times)]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lockouts():
    return AuditEvent.objects.filter(action=Action.LOCKED_OUT)


def test_five_wrong_passwords_lock_sign_in_even_with_the_right_password(client, worker):
    assert fail(client, "worker", 4) == [200] * 4
    assert fail(client, "worker", 1) == [429]
    response = sign_in(client, "worker")
    assert response.status_code == 429
    assert not signed_in(client)
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("login"))


def test_the_lockout_is_recorded_once_in_the_audit_trail(client, worker):
    fail(client, "worker", 5)
    sign_in(client, "worker")
    fail(client, "worker", 2)
    event = lockouts().get()
    assert event.data == {"username": "worker", "failures": 5, "minutes": 30}
    assert event.summary == "Sign-in as 'worker' locked for 30 minutes after 5 failures"
    assert event.remote_addr == "127.0.0.1"
    # Every attempt, including those while locked, is a failed sign-in in the trail.
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).count() == 8
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()


def test_the_locked_out_page_says_what_happened_and_what_to_do(client, worker):
    response = fail(client, "worker", 5) and sign_in(client, "worker")
    html = response.content.decode()
    assert response.status_code == 429
    assert "<title>You cannot sign in for 30 minutes – Social media checks</title>" in html
    assert html.count("<h1") == 1
    assert "Wait 30 minutes, then" in html
    assert "Ask an admin" in html
    assert "Tell your manager and an admin straight away" in html
    assert reverse("login") in html
    assert " style=" not in html


def test_the_lock_is_for_that_username_from_that_address(client, worker, teammate):
    fail(client, "worker", 5)
    assert sign_in(client, "teammate").status_code == 302  # another user, same address
    client.post(reverse("logout"))
    assert sign_in(client, "worker", REMOTE_ADDR="10.0.0.9").status_code == 302  # same user, elsewhere


def test_behind_the_proxy_a_remote_attacker_cannot_lock_out_a_user_signing_in_elsewhere(client, worker, settings):
    """Every request comes from the proxy's address; the client's is the entry the proxy appended."""
    settings.SOCIALCHECK_PROXY_COUNT = 1
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert fail(client, "worker", 5, HTTP_X_FORWARDED_FOR="198.51.100.66", **via_proxy)[-1] == 429
    # Writing another address first in the header does not start a fresh count either.
    assert fail(client, "worker", 1, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.66", **via_proxy) == [429]
    response = sign_in(client, "worker", HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy)
    assert response.status_code == 302
    assert signed_in(client)
    assert lockouts().get().remote_addr == "198.51.100.66"


def test_a_successful_sign_in_clears_the_count(client, worker):
    fail(client, "worker", 4)
    assert sign_in(client, "worker").status_code == 302
    client.post(reverse("logout"))
    assert fail(client, "worker", 4) == [200] * 4
    assert sign_in(client, "worker").status_code == 302
    assert not lockouts().exists()


def test_the_lock_lifts_after_the_cool_off(client, worker):
    fail(client, "worker", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert sign_in(client, "worker").status_code == 302


def test_attempts_while_locked_do_not_extend_the_lock(client, worker):
    fail(client, "worker", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=25))
    fail(client, "worker", 3)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert sign_in(client, "worker").status_code == 302


def test_the_admin_sign_in_page_locks_too(client, admin_user):
    url = reverse("admin:login")
    statuses = [client.post(url, {"username": "admin", "password": "wrong"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert client.post(url, {"username": "admin", "password": PASSWORD}).status_code == 429


# --- Wrong codes from an authenticator app count too -----------------------------


@pytest.fixture
def app(worker, settings):
    # Without django-otp's growing wait between tries (tested in test_two_factor), each code is checked.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    return TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)


def right_code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, drift=device.drift):06d}"


def wrong_codes(client, times):
    return [client.post(reverse("twofactor:verify"), {"code": "000000"}).status_code for _ in range(times)]


def test_five_wrong_codes_lock_sign_in_and_sign_the_person_out(client, worker, app):
    assert right_code(app) != "000000"
    assert sign_in(client, "worker")["Location"].startswith(reverse("twofactor:verify"))
    assert wrong_codes(client, 4) == [200] * 4
    response = client.post(reverse("twofactor:verify"), {"code": "000000"})
    assert response.status_code == 429
    assert re.search(r"<title>You cannot sign in for 30 minutes", response.content.decode())
    assert not signed_in(client)
    assert sign_in(client, "worker").status_code == 429
    assert lockouts().count() == 1
    failed = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).order_by("seq").first()
    assert failed.summary == "Failed sign-in as 'worker': wrong code from an authenticator app"
    assert failed.data == {"username": "worker", "second_factor": "totp"}


def test_signing_in_again_with_the_password_does_not_clear_wrong_codes(client, worker, app):
    sign_in(client, "worker")
    wrong_codes(client, 4)
    client.post(reverse("logout"))
    assert sign_in(client, "worker").status_code == 302
    assert wrong_codes(client, 1) == [429]


def test_confirming_the_code_clears_the_count(client, worker, app):
    sign_in(client, "worker")
    wrong_codes(client, 4)
    assert client.post(reverse("twofactor:verify"), {"code": right_code(app)})["Location"] == reverse("caseload")
    client.post(reverse("logout"))
    sign_in(client, "worker")
    assert wrong_codes(client, 4) == [200] * 4
    assert not lockouts().exists()


def test_a_second_session_cannot_keep_guessing_after_the_lock(client, worker, app, django_user_model):
    from django.test import Client

    other = Client()
    sign_in(client, "worker")
    sign_in(other, "worker")
    wrong_codes(client, 5)
    response = other.post(reverse("twofactor:verify"), {"code": right_code(app)})
    assert response.status_code == 429
    assert "_auth_user_id" not in other.session


def test_a_failed_sign_in_records_the_username_only_when_it_is_an_accounts(client, worker):
    """Someone who types their password in the username box must not find it in the audit trail."""
    sign_in(client, "worker", "wrong password")
    sign_in(client, "Tr0ub4dor&3-my-password", "worker")
    fail(client, "Tr0ub4dor&3-my-password", 5)
    known, *unknown = AuditEvent.objects.filter(action__in=[Action.SIGN_IN_FAILED, Action.LOCKED_OUT]).order_by("seq")
    assert known.summary == "Failed sign-in as 'worker'" and known.data == {"username": "worker"}
    (lockout,) = [event for event in unknown if event.action == Action.LOCKED_OUT]
    assert len(unknown) == 7
    for event in unknown:
        assert "Tr0ub4dor" not in f"{event.summary} {event.data}"
        assert event.data["username"] is None
    assert unknown[0].summary == "Failed sign-in with a username that is no account's"
    assert lockout.summary.startswith("Sign-in with a username that is no account's locked for 30 minutes")
