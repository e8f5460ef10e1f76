"""The governance pages in a real browser, with axe-core on each: a manager restricts a
household, reads the training and policy acceptance pages, and opens the annual report."""

import datetime

import pytest
from django.utils import timezone

from governance.models import Course, Restriction

from .support import arrive, seed, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_uses_the_governance_pages(page):
    people = seed()
    from tests.factories import HouseholdFactory

    household = HouseholdFactory(
        team=people["team"], allocated_worker=people["worker"], local_authority=people["council"], reference="ROI-GOV-1"
    )
    Course.objects.create(name="Social media checks and RIPA", validity_months=12, required_for_checking=True)
    sign_in(page, "priya")

    page.goto("/governance/training/")
    arrive(page, "Training")
    assert "Not trained" in page.inner_text("main")
    page.click("text=Record completed training")
    arrive(page, "Record completed training")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.select_option("#id_person", label="Wren Adeyemi")
    for box, value in zip(("0", "1", "2"), (yesterday.day, yesterday.month, yesterday.year), strict=True):
        page.fill(f"#id_completed_on_{box}", str(value))
    page.click("button:has-text('Record the training')")
    arrive(page, "Training")

    page.goto("/governance/policy-acceptance/")
    arrive(page, "Policy acceptance")

    page.goto(f"/households/{household.pk}/")
    page.click("text=Restricted record: who may see this household")
    arrive(page, "Restrict this record")
    page.check("label:has-text('Wren Adeyemi')")
    page.fill("#id_reason", "A colleague's relative is applying.")
    page.click("button:has-text('Restrict the record')")
    arrive(page, "Restricted record")
    assert Restriction.objects.filter(household=household, lifted_at__isnull=True).exists()

    page.goto("/reports/annual/")
    arrive(page, "Annual report")
    page.select_option("#id_council", label="Staffordshire County Council")
    page.click("button:has-text('Show the report')")
    arrive(page, f"Annual report {timezone.localdate().year}: Staffordshire County Council")
    assert page.locator("svg").count() == 5
