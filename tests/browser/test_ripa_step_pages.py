"""The RIPA step forms in a real browser: the application form with its errors, the
below-threshold explanation, and an application's page with the manager's renewal form,
all passing axe."""

import pytest
from django.utils import timezone

from accounts.models import Role
from platforms.services import profile_add
from ripa import services
from ripa.models import AuthorisingOfficer
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory
from tests.support.ripa import PROPORTIONALITY, authorisation_in_force

from .support import PASSWORD, arrive, seed, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_application_form_and_its_errors_are_accessible(page, live_settings, platforms):
    people = seed()
    household = HouseholdFactory(team=people["team"], local_authority=people["council"], reference="ROI-2026-0202")
    applicant = ApplicantFactory(household=household, first_name="Rowan", last_name="Fairweather")
    profile = profile_add(user=people["worker"], applicant=applicant, platform=platforms["facebook"], handle="rowan.f")
    sign_in(page, "priya")

    page.goto(f"/households/{household.pk}/")
    page.click("text=Apply for a RIPA authorisation")
    arrive(page, "Apply for a RIPA authorisation for Rowan Fairweather")
    page.click("button:has-text('Apply')")
    arrive(page, "Apply for a RIPA authorisation for Rowan Fairweather", error=True)
    assert page.locator(".govuk-error-summary").count() == 1

    page.check(f"input[name='profiles'][value='{profile.pk}']")
    page.fill("#id_offence", "Failing to declare a caution")
    page.fill("#id_offence_max_sentence_months", "3")
    page.click("button:has-text('Apply')")
    arrive(page, "Apply for a RIPA authorisation for Rowan Fairweather", error=True)
    assert page.locator("#threshold-explanation").is_visible()

    application = authorisation_in_force(people["manager"], applicant, [profile])
    page.goto(f"/manage/ripa/{application.pk}/")
    arrive(page, f"RIPA application {application.reference}")
    page.click("button:has-text('Apply to renew')")
    arrive(page, f"RIPA application {application.reference}", error=True)


def test_the_officers_decision_form_and_its_errors_are_accessible(page, live_settings, platforms):
    people = seed()
    household = HouseholdFactory(team=people["team"], local_authority=people["council"], reference="ROI-2026-0203")
    applicant = ApplicantFactory(household=household, first_name="Rowan", last_name="Fairweather")
    profile = profile_add(user=people["worker"], applicant=applicant, platform=platforms["facebook"], handle="rowan.f")
    officer = UserFactory(username="dana", first_name="Dana", last_name="Okafor", role=Role.MANAGER, password=PASSWORD)
    AuthorisingOfficer.objects.create(
        council=people["council"], user=officer, grade="Director", designated_on=timezone.localdate()
    )
    application = services.application_create(
        user=people["manager"],
        applicant_id=applicant.pk,
        profile_ids=[profile.pk],
        offence="Fraud by false representation",
        offence_max_sentence_months=120,
        necessity="The police asked for help.",
        proportionality=PROPORTIONALITY,
        collateral_intrusion="Friends' comments may be seen.",
        confidential_information_likely=False,
    )
    sign_in(page, "dana")
    page.goto(f"/manage/ripa/{application.pk}/")
    arrive(page, f"RIPA application {application.reference}")
    page.click("button:has-text('Record the decision')")
    arrive(page, f"RIPA application {application.reference}", error=True)
    page.check("input[name='decision-granted'][value='yes']")
    page.fill("#id_decision-reasons", "Necessary for the fraud investigation and proportionate.")
    page.check("input[name='decision-officer_involved'][value='no']")
    page.click("button:has-text('Record the decision')")
    arrive(page, f"RIPA application {application.reference}")
    assert page.locator("text=Decision recorded.").count() == 1
