"""The caseload's filters in a real browser (issue #15 point 8): stage, overdue and
search narrow the list, and the page passes axe at 1280 px and at 320 px."""

import datetime

import pytest
from django.utils import timezone

from cases.services import household_move
from tests.factories import ApplicantFactory, HouseholdFactory

from .support import arrive, assert_accessible, seed, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def cases(people):
    worker, today = people["worker"], timezone.localdate()
    late = HouseholdFactory(
        team=people["team"],
        allocated_worker=worker,
        reference="ROI-2026-0101",
        received_on=today - datetime.timedelta(days=150),
    )
    ApplicantFactory(household=late, first_name="Rowan", last_name="Fairweather")
    household_move(user=worker, household_id=late.pk, stage="stage_1", on=today - datetime.timedelta(days=140))
    fresh = HouseholdFactory(team=people["team"], allocated_worker=worker, reference="ROI-2026-0102")
    ApplicantFactory(household=fresh, first_name="Ellis", last_name="Brightwater")
    return late, fresh


@pytest.mark.parametrize("width", [1280, 320])
def test_the_caseload_filters_by_stage_overdue_and_search(page, live_settings, width):
    people = seed()
    late, fresh = cases(people)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "wren")
    assert page.locator(f"text={late.reference}").count() and page.locator(f"text={fresh.reference}").count()

    page.check("#id_overdue")
    page.click("button:has-text('Show households')")
    arrive(page, "Your caseload")
    assert page.locator(f"text={late.reference}").count() == 1
    assert page.locator(f"text={fresh.reference}").count() == 0
    assert page.locator(".govuk-tag:has-text('Overdue')").count() >= 1

    page.uncheck("#id_overdue")
    page.select_option("#id_stage", "roi_received")
    page.click("button:has-text('Show households')")
    arrive(page, "Your caseload")
    assert page.locator(f"text={fresh.reference}").count() == 1
    assert page.locator(f"text={late.reference}").count() == 0

    page.select_option("#id_stage", "")
    page.fill("#id_q", "Fairweather")
    page.click("button:has-text('Show households')")
    arrive(page, "Your caseload")
    assert page.locator(f"text={late.reference}").count() == 1
    assert page.locator(f"text={fresh.reference}").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
