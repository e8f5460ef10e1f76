"""The managers' pages at 320 px with real data (issue #22 point 11): the dashboard's tables
reflow, the sub-navigation's links are targets big enough to tap, and Back links sit inside a
landmark (axe "region", "target-size"), at 1280 px too."""

import pytest

from checks.services import check_start
from platforms.models import ViewingAccount

from .support import PASSWORD, arrive, assert_axe_rules, seed
from .test_reflow import DECLARATIONS, fits, records

pytestmark = pytest.mark.django_db(transaction=True)

RULES = ("region", "target-size")


def _sign_in(page, username):
    """Signing in lands each role on its own home; these tests go on from there."""
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state("domcontentloaded")


def _more_refusals(people, data):
    """Refusals under several rules, so the dashboard's refusal table has its long labels."""
    profile = data["check"].profile
    account = ViewingAccount.objects.filter(platform=profile.platform).first()
    for declarations in ({**DECLARATIONS, "no_interaction": False}, DECLARATIONS):
        check_start(
            user=people["worker"],
            applicant_id=data["applicant"].pk,
            profile_id=profile.pk,
            viewing_account_id=account.pk,
            declarations=declarations,
            purpose="Stage 1",
        )


@pytest.mark.parametrize("width", [320, 1280])
def test_the_managers_pages_reflow_and_pass_region_and_target_size(watched, screenshot, width):
    people = seed()
    data = records(people)
    _more_refusals(people, data)
    page = watched(viewport={"width": width, "height": 800}).context.new_page()
    _sign_in(page, "priya")
    pages = [
        ("/manage/", "Oversight dashboard", False),
        ("/manage/refusals/", "Refused checks", False),
        ("/manage/incidents/", "Incidents", False),
        (f"/manage/refusals/{data['refusal'].pk}/", f"Refused check {data['refusal'].pk}", False),
        # Bad filter input: an error summary, never a 500.
        ("/manage/refusals/?since_day=31&since_month=2&since_year=2026", "Refused checks", True),
    ]
    for path, title, error in pages:
        page.goto(path)
        arrive(page, title, error=error)
        assert_axe_rules(page, *RULES)
        if width == 320:
            fits(page)
    page.goto("/manage/")
    table = page.locator("table", has_text="Refused checks by the first rule")
    assert table.locator("td[data-label='Not yet reviewed']").count() >= 1
    if width == 320:
        screenshot(page, "mobile-oversight-dashboard", full_page=True)


def test_a_workers_page_with_a_back_link_has_it_inside_a_landmark(watched):
    people = seed()
    data = records(people)
    page = watched(viewport={"width": 320, "height": 800}).context.new_page()
    _sign_in(page, "wren")
    page.goto(f"/applicants/{data['applicant'].pk}/checks/new/")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("main .govuk-back-link").count() == 1
    assert_axe_rules(page, *RULES)
