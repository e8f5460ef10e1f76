"""Issue 22, point 7 in a real browser with axe-core, at 1280 and 320 CSS pixels:
"Your account" from the header, and the admin home an admin lands on."""

import pytest

from accounts.models import Role
from tests.factories import UserFactory

from .support import PASSWORD, arrive, seed, sign_in
from .test_reflow import fits

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [{"width": 1280, "height": 800}, {"width": 320, "height": 640}]


@pytest.mark.parametrize("viewport", WIDTHS, ids=["1280px", "320px"])
def test_your_account_opens_from_the_header_and_passes_axe(watched, viewport, screenshot):
    seed()
    page = watched(viewport=viewport).context.new_page()
    sign_in(page, "wren")
    page.click("header >> text=Your account")
    arrive(page, "Your account")
    assert page.locator(".govuk-summary-list__key", has_text="Two-step verification").is_visible()
    if viewport["width"] == 320:
        fits(page)
    screenshot(page, f"your-account-{viewport['width']}")
    page.click("main >> text=Sign out")
    arrive(page, "Sign out")  # it asks to confirm


@pytest.mark.parametrize("viewport", WIDTHS, ids=["1280px", "320px"])
def test_an_admin_lands_on_the_admin_home_and_it_passes_axe(watched, viewport, screenshot):
    seed()
    UserFactory(
        username="ada", first_name="Ada", last_name="Okafor", role=Role.ADMIN, is_staff=True, is_superuser=True,
        password=PASSWORD,
    )  # fmt: skip
    page = watched(viewport=viewport).context.new_page()
    page.goto("/sign-in/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    arrive(page, "Admin")
    if viewport["width"] == 320:
        fits(page)
    screenshot(page, f"admin-home-{viewport['width']}")
    page.click("main a:text-is('Viewing accounts')")
    page.wait_for_url("**/admin/platforms/viewingaccount/")
