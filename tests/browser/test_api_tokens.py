"""The API tokens page in a real browser, with axe-core on every page: a worker with
an authenticator app issues a token (shown once), then revokes it."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import ApiToken
from api.tokens import hash_key

from .support import PASSWORD, arrive, seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_issues_and_revokes_a_token(page, live_settings, screenshot):
    worker = seed()["worker"]
    device = TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)

    page.goto("/sign-in/")
    page.fill("#id_username", "wren")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    arrive(page, "Confirm it is you")
    page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("button:has-text('Continue')")

    page.goto("/account/tokens/")
    arrive(page, "API tokens")
    page.click("button:has-text('Issue token')")
    arrive(page, "API tokens", error=True)
    assert page.locator(".govuk-error-summary a[href='#id_name']").is_visible()

    page.fill("#id_name", "Weekly report")
    page.check("#id_scope_1")
    page.click("button:has-text('Issue token')")
    arrive(page, "Your new API token")
    screenshot(page, "api-token-issued")
    key = page.locator("#api-token-key").inner_text()
    assert ApiToken.objects.get(user=worker).key_hash == hash_key(key)

    page.goto("/account/tokens/")
    arrive(page, "API tokens")
    assert key not in page.content()
    page.click("td a:has-text('Revoke')")
    arrive(page, "Revoke the token “Weekly report”")
    page.click("button:has-text('Revoke token')")
    arrive(page, "API tokens")
    assert page.locator(".govuk-tag--red").inner_text() == "Revoked"
