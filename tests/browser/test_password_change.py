"""Changing your own password in a real browser, with axe-core on the page and its error state."""

import pytest

from .support import PASSWORD, arrive, seed

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Tangerine-Kettle-Orbit-93"


def test_a_worker_changes_their_password_from_the_header(page, live_settings):
    seed()
    page.goto("/sign-in/")
    page.fill("#id_username", "wren")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state("domcontentloaded")
    page.click("header >> text=Change password")
    arrive(page, "Change your password")

    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "lost4815162342")
    page.fill("#id_new_password2", "lost4815162342")
    page.click("button:has-text('Change password')")
    arrive(page, "Change your password", error=True)
    assert page.locator(".govuk-error-summary a[href='#id_new_password1']").first.is_visible()

    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("button:has-text('Change password')")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("text=Your password has been changed.").is_visible()
