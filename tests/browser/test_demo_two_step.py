"""Issue 22, point 10 in a real browser: demo-two-step signs in as production asks
everyone to, with the password and the authenticator app key the seed printed."""

import io
from base64 import b32decode

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from .support import SERVICE, arrive

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_manager_signs_in_with_the_printed_password_and_app_key(page, live_settings):
    live_settings.SOCIALCHECK_DEMO_MODE = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().splitlines()
    password = next(line.split()[1] for line in lines if line.startswith("  demo-two-step "))
    key = next(line for line in lines if line.startswith("demo-two-step also needs")).rsplit(": ", 1)[1]
    secret = key.replace(" ", "")
    code = f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"  # what the app shows now

    page.goto("/sign-in/")
    page.fill("#id_username", "demo-two-step")
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")
    arrive(page, "Confirm it is you")
    page.fill("#id_code", code)
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/manage/")
    assert page.title() == f"Oversight dashboard – {SERVICE}"
