"""The audit trail's MoJ filter (issue #22 point 5), at 1280 and at 320 CSS pixels: the filter
panel passes axe and reflows, applying filters shows each as a tag that removes it, "Clear
filters" removes them all, and the filters stay in the query string across keyset pages."""

from urllib.parse import parse_qs, urlparse

import pytest

from accounts.models import Role
from audit.models import Action
from audit.services import audit_record
from tests.factories import UserFactory

from .support import PASSWORD, arrive, assert_axe_rules, seed, sign_in
from .test_reflow import fits

pytestmark = pytest.mark.django_db(transaction=True)


def _query(page) -> dict:
    return parse_qs(urlparse(page.url).query)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_audit_trail_filter_applies_removes_and_keeps_its_filters_across_pages(watched, screenshot, width):
    seed()
    for number in range(60):
        audit_record(actor=None, action=Action.OTHER, record_type="test", record_id=number, summary=f"entry {number}")
    UserFactory(username="dana", first_name="Dana", last_name="Osei", role=Role.AUDITOR, password=PASSWORD)
    page = watched(viewport={"width": width, "height": 900}).context.new_page()
    sign_in(page, "dana", "Audit trail")  # an auditor lands on the trail and reads every entry
    assert_axe_rules(page, "region", "target-size")
    panel = page.locator(".moj-filter-layout__filter .moj-filter")
    assert panel.locator(".moj-filter__header h2").inner_text() == "Filter"
    assert panel.locator(".moj-filter__selected").count() == 0  # nothing chosen yet
    if width == 320:
        fits(page)

    panel.locator("#id_action").select_option(label="Other")
    panel.locator("#id_since_year").fill("2020")
    panel.locator("#id_since_month").fill("1")
    panel.locator("#id_since_day").fill("1")
    panel.locator("button:has-text('Apply filters')").click()
    arrive(page, "Audit trail")
    assert_axe_rules(page, "region", "target-size")
    if width == 320:
        fits(page)
    screenshot(page, f"audit-trail-filter-{width}", full_page=True)
    tags = panel.locator(".moj-filter__tag")
    assert [" ".join(t.split()) for t in tags.all_text_contents()] == [
        "Remove this filter: Action, Other",
        "Remove this filter: From, 1 January 2020",
    ]
    assert page.locator("tbody tr").count() == 50

    # The next page keeps the filters; removing one keeps the other and starts at the newest.
    page.click("a:has-text('Older entries')")
    arrive(page, "Audit trail")
    assert _query(page)["action"] == ["other"] and "before" in _query(page)
    assert page.locator("tbody tr").count() == 10
    page.click(".moj-filter__tag:has-text('1 January 2020')")
    arrive(page, "Audit trail")
    assert _query(page) == {"action": ["other"]}
    assert [" ".join(t.split()) for t in tags.all_text_contents()] == ["Remove this filter: Action, Other"]

    page.click("a:has-text('Clear filters')")
    arrive(page, "Audit trail")
    assert urlparse(page.url).query == "" and tags.count() == 0
