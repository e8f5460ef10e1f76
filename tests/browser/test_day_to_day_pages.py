"""Issue 22: the new and changed pages pass axe and reflow, at 1280 and at 320 CSS pixels:
allocating the worker, correcting an applicant's details, the page that says why no check
is possible, the print view of a check, the readable audit trail and the sign-out page."""

import pytest
from django.utils import timezone

from consent.services import consent_record
from platforms.models import Platform, ViewingAccount
from platforms.services import profile_add
from policy.services import acknowledge_current_policy
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory

from .support import PASSWORD, arrive
from .test_reflow import DECLARATIONS, fits

pytestmark = pytest.mark.django_db(transaction=True)


def _records(people):
    from checks.services import check_start

    worker, manager = people["worker"], people["manager"]
    acknowledge_current_policy(user=worker)
    acknowledge_current_policy(user=manager)
    teammate = UserFactory(username="sam", first_name="Sam", last_name="Okafor", password=PASSWORD)
    people["team"].members.add(teammate)
    household = HouseholdFactory(team=people["team"], allocated_worker=worker, reference="ROI-2026-0101")
    applicant = ApplicantFactory(household=household, first_name="Alex", last_name="Morgan")
    consent_record(
        user=worker, applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference="ROI-FORM-101"
    )
    facebook = Platform.objects.get(slug="facebook")
    profile = profile_add(user=worker, applicant=applicant, platform=facebook, handle="alex.morgan.101")
    check = check_start(
        user=worker,
        applicant_id=applicant.pk,
        profile_id=profile.pk,
        viewing_account_id=ViewingAccount.objects.filter(platform=facebook).first().pk,
        declarations=DECLARATIONS,
        purpose="Stage 1",
    ).social_check
    return household, applicant, check


def _sign_in(page, username, landing):
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    arrive(page, landing)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_day_to_day_pages_pass_axe_and_reflow(watched, width):
    from .support import seed

    people = seed()
    household, applicant, check = _records(people)
    page = watched(viewport={"width": width, "height": 800}).context.new_page()
    _sign_in(page, "priya", "Oversight dashboard")  # a manager lands on the dashboard
    pages = [
        (f"/households/{household.pk}/", f"Household {household.reference}"),
        (f"/households/{household.pk}/allocate/", f"Allocate the worker: {household.reference}"),
        (f"/applicants/{applicant.pk}/details/", "Correct the details of Alex Morgan"),
        (f"/applicants/{applicant.pk}/checks/new/", "No check of Alex Morgan is possible"),
        (f"/checks/{check.pk}/print/", "Record of the one-off check of Alex Morgan"),
        ("/manage/audit/", "Audit trail"),
        ("/policy/", "Social media policy"),
        ("/sign-out/", "Sign out"),
    ]
    for path, title in pages:
        page.goto(path)
        arrive(page, title)
        if width == 320:
            fits(page)
    # Allocate, then correct: each form works and its errors pass axe too.
    page.goto(f"/households/{household.pk}/allocate/")
    page.check("label:has-text('Sam Okafor')")
    page.click("button:has-text('Allocate the worker')")
    arrive(page, f"Household {household.reference}")
    page.goto(f"/applicants/{applicant.pk}/details/")
    page.fill("#id_first_name", "Alexandra")
    page.click("button:has-text('Save the correction')")
    arrive(page, "Correct the details of Alex Morgan", error=True)
    page.fill("#id_reason", "Misspelt on the ROI form.")
    page.click("button:has-text('Save the correction')")
    arrive(page, f"Household {household.reference}")
    assert "Misspelt on the ROI form." in page.inner_text("main")
