"""The first sign-in when two-step verification is required, in a real browser
with axe-core on every page: the set-up code from an admin, then an
authenticator app."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor.setup_code import issue_setup_code

from .support import PASSWORD, arrive, seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_first_sign_in_sets_up_an_app_with_the_admins_set_up_code(page, live_settings, screenshot):
    live_settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    worker = seed()["worker"]
    setup_code = issue_setup_code(user=worker, issued_by=None)

    page.goto("/sign-in/")
    page.fill("#id_username", "wren")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    arrive(page, "Enter your set-up code")
    screenshot(page, "set-up-code")

    page.fill("#id_code", "ABCD-EFGH-JKMN")
    page.click("button:has-text('Continue')")
    arrive(page, "Enter your set-up code", error=True)
    assert page.locator(".govuk-error-summary a[href='#id_code']").is_visible()

    page.fill("#id_code", setup_code.lower())
    page.click("button:has-text('Continue')")
    arrive(page, "Set up two-step verification")

    page.click("text=Set up an authenticator app")
    arrive(page, "Set up an authenticator app")
    device = TOTPDevice.objects.get(user=worker)
    page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("button:has-text('Continue')")
    arrive(page, "Your caseload")
