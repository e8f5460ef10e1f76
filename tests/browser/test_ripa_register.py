"""The RIPA register's pages in a real browser (issue #16 point 8): the register and its
filter, an application's record, the print page and the statistics pass axe, at 1280 px
and at 320 px without horizontal scrolling."""

import pytest
from django.utils import timezone

from platforms.services import profile_add
from tests.factories import ApplicantFactory, HouseholdFactory
from tests.support.ripa import authorisation_in_force

from .support import arrive, seed, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_register_and_an_applications_record_are_accessible(page, live_settings, width, platforms):
    people = seed()
    household = HouseholdFactory(team=people["team"], local_authority=people["council"], reference="ROI-2026-0201")
    applicant = ApplicantFactory(household=household, first_name="Rowan", last_name="Fairweather")
    profile = profile_add(user=people["worker"], applicant=applicant, platform=platforms["facebook"], handle="rowan.f")
    application = authorisation_in_force(people["manager"], applicant, [profile])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "priya", lands_on="Oversight dashboard")

    page.goto("/manage/ripa/")
    arrive(page, "RIPA register")
    assert page.locator(f"text={application.reference}").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.select_option("#id_status", "lapsed")
    page.click("button:has-text('Show applications')")
    arrive(page, "RIPA register")
    assert page.locator(f"text={application.reference}").count() == 0

    page.goto(f"/manage/ripa/{application.pk}/")
    arrive(page, f"RIPA application {application.reference}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto("/manage/ripa/print/")
    arrive(page, "RIPA register (print)")
    page.goto("/manage/ripa/statistics/")
    arrive(page, f"RIPA statistics {timezone.localdate().year}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
