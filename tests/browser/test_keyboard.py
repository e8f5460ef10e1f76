"""One journey with the keyboard only: no mouse click anywhere."""

import datetime

import pytest
from django.utils import timezone

from checks.models import SocialCheck
from consent.models import Consent
from platforms.models import SocialProfile
from tests.factories import ApplicantFactory, HouseholdFactory, PolicyVersionFactory

from .support import PASSWORD, arrive, seed, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def go(page, key: str) -> None:
    """Press a key that loads a new page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_date(page, name: str, day: datetime.date) -> None:
    tab_to(page, f"#id_{name}_0")
    page.keyboard.type(str(day.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.year))


@pytest.mark.parametrize("width", [1280, 320])
def test_a_worker_records_consent_adds_a_profile_and_makes_the_check_with_the_keyboard_only(watched, width):
    """From sign-in through the caseload to the completed findings with Tab, Enter, Space and
    typing only; every control reached shows its focus (tab_to). On a phone's width too."""
    page = watched(viewport={"width": width, "height": 800}).context.new_page()
    people = seed()
    household = HouseholdFactory(team=people["team"], allocated_worker=people["worker"], reference="ROI-KEYS-1")
    applicant = ApplicantFactory(household=household, first_name="Sam", last_name="Jones")
    keys = page.keyboard

    # The skip link comes first and works.
    page.goto("/sign-in/")
    arrive(page, "Sign in")
    keys.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    keys.press("Enter")
    page.wait_for_url("**/sign-in/#main-content", timeout=5000)  # on a busy machine the jump may take a moment
    assert page.url.endswith("#main-content")

    tab_to(page, "#id_username")
    keys.type("wren")
    keys.press("Tab")
    keys.type(PASSWORD)
    go(page, "Enter")
    arrive(page, "Your caseload")

    tab_to(page, f"a[href='/households/{household.pk}/']")
    go(page, "Enter")
    arrive(page, "Household ROI-KEYS-1")

    # Record consent.
    tab_to(page, "text=1. Record consent from the ROI form")
    go(page, "Enter")
    arrive(page, "Record consent")
    tab_to(page, "#id_given_1")
    keys.press("Space")
    type_date(page, "signed_on", timezone.localdate() - datetime.timedelta(days=2))
    tab_to(page, "#id_form_reference")
    keys.type("ROI-FORM-KEYS")
    tab_to(page, "button:has-text('Record consent')")
    go(page, "Enter")
    arrive(page, "Household ROI-KEYS-1")
    assert Consent.objects.get(applicant=applicant).given

    # Add a profile: the platform chosen by typing its name in the select.
    tab_to(page, "text=2. Add a social media profile")
    go(page, "Enter")
    arrive(page, "Add a social media profile")
    tab_to(page, "#id_platform")
    keys.type("Instagram")
    tab_to(page, "#id_handle")
    keys.type("@sam.jones")
    go(page, "Enter")
    arrive(page, "Household ROI-KEYS-1")
    assert SocialProfile.objects.get(applicant=applicant).platform.slug == "instagram"

    # A new policy version published while signed in is asked for before the check.
    PolicyVersionFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    # Accept the policy, declare, check answers, start.
    tab_to(page, "text=3. Make the one-off check")
    go(page, "Enter")
    arrive(page, "Social media policy")
    tab_to(page, "button:has-text('I have read and accept the policy')")
    go(page, "Enter")
    arrive(page, "Make the one-off check")
    tab_to(page, "#id_profile_1")
    keys.press("Space")
    tab_to(page, "#id_viewing_account_1")
    keys.press("Space")
    for number in range(1, 5):
        tab_to(page, f"#id_declarations_{number}")
        keys.press("Space")
    tab_to(page, "#id_purpose")
    keys.type("Stage 1 check")
    tab_to(page, "button:has-text('Continue')")
    go(page, "Enter")
    arrive(page, "Check your answers before you view the profile")
    tab_to(page, "button:has-text('Start the check')")
    go(page, "Enter")
    arrive(page, "Record the findings")
    tab_to(page, "#profile-link")

    # Record the findings.
    tab_to(page, "#id_findings_summary")
    keys.type("Nothing relevant.")
    tab_to(page, "#id_outcome_1")
    keys.press("Space")
    tab_to(page, "#id_no_third_party_details")
    keys.press("Space")
    tab_to(page, "button:has-text('Save the findings')")
    go(page, "Enter")
    arrive(page, "Household ROI-KEYS-1")
    assert SocialCheck.objects.get(applicant=applicant).is_completed

    # Sign out from the header.
    tab_to(page, "button:has-text('Sign out')")
    go(page, "Enter")
    arrive(page, "Sign in")
