"""The social worker's whole journey, in a real browser, with axe-core on every page."""

import datetime

import pytest
from django.utils import timezone

from checks.models import Refusal, SocialCheck
from checks.rules import DECLARATIONS
from notifications.models import Notification
from tests.factories import PolicyVersionFactory

from .support import PASSWORD, arrive, fill_date, seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_records_a_household_makes_the_one_check_is_refused_a_second_and_reports_an_incident(page, screenshot):
    people = seed()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    # A new version of the policy: signing in asks for it first (policy.gate).
    PolicyVersionFactory(
        version="2",
        title="Social media (prospective adopters) policy",
        body="1. Consent first.\n2. One profile, once.\n3. No dummy or personal accounts.\n4. Do not interact.",
        published_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    page.goto("/sign-in/")
    arrive(page, "Sign in")
    page.fill("#id_username", "wren")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    arrive(page, "Social media policy")
    assert "One profile, once." in page.inner_text("#policy-text")
    screenshot(page, "policy")
    page.click("button:has-text('I have read and accept the policy')")
    arrive(page, "Your caseload")
    assert "Signed in as Wren Adeyemi (Social worker)" in page.inner_text("header")
    screenshot(page, "caseload-empty")

    # Add a household.
    page.click("text=Add a household")
    arrive(page, "Add a household")
    page.click("button:has-text('Add household')")
    arrive(page, "Add a household", error=True)
    assert page.locator(".govuk-error-summary").is_visible()
    screenshot(page, "household-add-errors")
    page.fill("#id_reference", "ROI-2026-0042")
    page.select_option("#id_local_authority", label="Staffordshire County Council")
    fill_date(page, "received_on", yesterday)
    page.click("button:has-text('Add household')")
    arrive(page, "Household ROI-2026-0042")
    assert "Household ROI-2026-0042 added" in page.inner_text(".govuk-notification-banner")

    # Add an applicant who needs easy read.
    page.click("text=Add an applicant")
    arrive(page, "Add an applicant")
    screenshot(page, "applicant-add")
    page.fill("#id_first_name", "Alex")
    page.fill("#id_last_name", "Morgan")
    page.check("label:has-text('Easy read')")
    fill_date(page, "needs_review_on", timezone.localdate() + datetime.timedelta(days=365))
    page.click("button:has-text('Add applicant')")
    arrive(page, "Household ROI-2026-0042")
    assert page.locator(".app-needs-flag").first.is_visible()
    screenshot(page, "household-new", full_page=True)

    # The easy read consent information, to give the applicant.
    page.click("text=Easy read, to show on screen")
    arrive(page, "Consent information in easy read")
    assert "You can say no." in page.inner_text("main")
    page.go_back()

    # Record consent from the ROI form: an impossible date first.
    page.click("text=1. Record consent from the ROI form")
    arrive(page, "Record consent")
    page.check("label:has-text('Yes, they gave consent')")
    page.fill("#id_signed_on_0", "31")
    page.fill("#id_signed_on_1", "2")
    page.fill("#id_signed_on_2", str(yesterday.year))
    page.fill("#id_form_reference", "ROI-FORM-42")
    page.check("#id_information_format_2")  # easy read
    page.click("button:has-text('Record consent')")
    arrive(page, "Record consent", error=True)
    assert "must be a real date" in page.inner_text(".govuk-error-summary")
    screenshot(page, "consent-errors")
    fill_date(page, "signed_on", yesterday)
    page.click("button:has-text('Record consent')")
    arrive(page, "Household ROI-2026-0042")
    assert "You recorded consent for Alex Morgan." in page.inner_text(".govuk-notification-banner")

    # Add the profile; the page shows the form it was saved in.
    page.click("text=2. Add a social media profile")
    arrive(page, "Add a social media profile")
    page.select_option("#id_platform", label="Facebook")
    page.fill("#id_handle", "https://www.facebook.com/Alex.Morgan.42?ref=bookmarks")
    page.click("button:has-text('Add profile')")
    arrive(page, "Household ROI-2026-0042")
    assert "as facebook.com/alex.morgan.42 (Facebook)" in page.inner_text(".govuk-notification-banner")

    # The check: the declarations, then check your answers.
    page.click("text=3. Make the one-off check")
    arrive(page, "Make the one-off check")
    screenshot(page, "check-declarations")
    page.check("label:has-text('facebook.com/alex.morgan.42')")
    page.check("label:has-text('Logged-out public view')")
    for checkbox in page.locator("input[name='declarations']").all():
        checkbox.check()
    page.fill("#id_purpose", "Stage 1 social media check")
    page.click("button:has-text('Continue')")
    arrive(page, "Check your answers before you view the profile")
    assert "You can view this profile once." in page.inner_text(".govuk-warning-text")
    screenshot(page, "check-your-answers", full_page=True)
    page.click("button:has-text('Start the check')")
    arrive(page, "Record the findings")
    link = page.locator("#profile-link")
    assert link.get_attribute("href") == "https://www.facebook.com/alex.morgan.42"
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    screenshot(page, "check-allowed", full_page=True)
    assert SocialCheck.objects.count() == 1

    # Reloading does not show the link again; the check is in progress meanwhile.
    page.reload()
    arrive(page, "Record the findings")
    assert page.locator("#profile-link").count() == 0
    page.goto("/")
    arrive(page, "Your caseload")
    assert "In progress" in page.inner_text("table")
    page.go_back()

    # Record the findings.
    page.click("button:has-text('Save the findings')")
    arrive(page, "Record the findings", error=True)
    page.fill("#id_findings_summary", "Nothing relevant to the assessment.")
    page.check("label:has-text('No concerns')")
    page.check('label:has-text("I have not recorded anyone else\'s details")')
    page.click("button:has-text('Save the findings')")
    arrive(page, "Household ROI-2026-0042")
    assert "The check of Alex Morgan is complete." in page.inner_text(".govuk-notification-banner")
    assert SocialCheck.objects.get().is_completed

    # A second attempt is prevented: the page says why and what to do, not the form (issue 22).
    social_check = SocialCheck.objects.get()
    applicant_id = social_check.applicant_id
    page.goto(f"/applicants/{applicant_id}/checks/new/")
    arrive(page, "No check of Alex Morgan is possible")
    main = page.inner_text("main")
    assert "This applicant has already had their one-off social media check." in main
    assert "What to do next:" in main and page.locator("input[name='declarations']").count() == 0
    screenshot(page, "check-not-possible", full_page=True)

    # The server still decides: a start sent anyway is refused and recorded, with what to do next.
    from checks.services import check_start

    refused = check_start(
        user=people["worker"],
        applicant_id=applicant_id,
        profile_id=social_check.profile_id,
        viewing_account_id=social_check.viewing_account_id,
        declarations=dict.fromkeys(DECLARATIONS, True),
        purpose="Another look",
    ).refusal
    page.goto(f"/refusals/{refused.pk}/")
    arrive(page, "You cannot view this profile", error=True)
    summary = page.inner_text(".govuk-error-summary")
    assert "This applicant has already had their one-off social media check." in summary
    assert "This profile has already been viewed." in summary
    assert "directed surveillance under RIPA 2000" in page.inner_text("main")
    assert "We have told your line manager" in page.inner_text("main")
    screenshot(page, "check-refused", full_page=True)
    refusal = Refusal.objects.get()
    assert Notification.objects.filter(about=f"refusal:{refusal.pk}").exists()

    # Report an incident from the navigation.
    page.click("nav >> text=Report an incident")
    arrive(page, "Report an incident")
    screenshot(page, "incident-report")
    page.check("label:has-text('A service user trolling a worker')")
    page.fill("#id_description", "Abusive comments about me on a public post.")
    fill_date(page, "occurred_on", timezone.localdate())
    page.fill("#id_occurred_time", "00:05")
    page.select_option("#id_applicant", label="Alex Morgan (ROI-2026-0042) – has communication needs")
    page.click("button:has-text('Send the report')")
    arrive(page, "Incident reported")
    main = page.inner_text("main")
    assert "We have emailed your line manager now." in main
    assert "reporting it to the police" in main
    assert "risk assessment" in main
    screenshot(page, "incident-reported", full_page=True)
    told = Notification.objects.get(kind="incident_trolling")
    assert people["manager"].email in told.recipients

    # The caseload shows where things stand.
    page.click("nav >> text=Caseload")
    arrive(page, "Your caseload")
    row = page.inner_text("table")
    assert "Given" in row and "Completed" in row
    screenshot(page, "caseload")
