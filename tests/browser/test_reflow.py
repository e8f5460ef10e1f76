"""Every page reflows at 320 CSS pixels (WCAG 1.4.10, the same as 400% zoom
on a 1280px screen): nothing needs scrolling sideways."""

import datetime

import pytest
from django.utils import timezone

from cases.models import InformationFormat
from checks.services import check_start
from consent.services import consent_record
from incidents.services import incident_report
from platforms.models import Platform, ViewingAccount
from platforms.services import profile_add
from policy.services import acknowledge_current_policy
from tests.factories import ApplicantFactory, HouseholdFactory

from .support import arrive, assert_accessible, seed, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DECLARATIONS = {
    "no_personal_connection": True,
    "no_dummy_or_personal_account": True,
    "no_interaction": True,
    "this_profile_only": True,
}


def records(people) -> dict:
    """A household with long, unbreakable text where text can be long."""
    worker = people["worker"]
    acknowledge_current_policy(user=worker)
    household = HouseholdFactory(
        team=people["team"], allocated_worker=worker, reference="ROI-2026-" + "LONGREFERENCE" * 4
    )
    applicant = ApplicantFactory(
        household=household,
        first_name="Maximiliana-Alexandrina",
        last_name="Featherstonehaugh-Cholmondeley",
        information_formats=[InformationFormat.EASY_READ, InformationFormat.TRANSLATED],
        translation_language="Portuguese",
        communication_support=["bsl_interpreter"],
    )
    consent_record(
        user=worker,
        applicant=applicant,
        given=True,
        signed_on=timezone.localdate() - datetime.timedelta(days=3),
        form_reference="ROI-FORM-" + "9" * 40,
        information_format="easy_read",
    )
    facebook = Platform.objects.get(slug="facebook")
    profile = profile_add(
        user=worker,
        applicant=applicant,
        platform=facebook,
        handle="maximiliana.alexandrina.featherstonehaugh.cholmondeley",
    )
    account = ViewingAccount.objects.filter(platform=facebook).first()
    arguments = {
        "user": worker,
        "applicant_id": applicant.pk,
        "profile_id": profile.pk,
        "viewing_account_id": account.pk,
        "declarations": DECLARATIONS,
        "purpose": "Stage 1",
    }
    check = check_start(**arguments).social_check
    refusal = check_start(**arguments).refusal
    incident = incident_report(
        user=worker,
        kind="threat",
        description="Threatening messages.",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        applicant_id=applicant.pk,
    )
    return {"household": household, "applicant": applicant, "check": check, "refusal": refusal, "incident": incident}


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > 320)
            .map((el) => el.tagName + '.' + el.className).slice(-3).join(' | ')"""
    )
    assert width <= 320, f"{page.url} is {width}px wide at a 320px viewport: {widest}"


def test_every_page_reflows_at_320_css_pixels_without_horizontal_scrolling(watched, screenshot):
    people = seed()
    page = watched(viewport={"width": 320, "height": 640}).context.new_page()
    page.goto("/sign-in/")
    fits(page)
    sign_in(page, "wren")
    data = records(people)
    household, applicant = data["household"].pk, data["applicant"].pk
    pages = [
        ("/", "Your caseload"),
        ("/households/add/", "Add a household"),
        (f"/households/{household}/", f"Household {data['household'].reference}"),
        (f"/applicants/{applicant}/communication-needs/", "Communication needs"),
        (f"/applicants/{applicant}/consent/", "Record consent"),
        (f"/applicants/{applicant}/consent/withdraw/", "Withdraw consent"),
        (f"/applicants/{applicant}/consent-information/large-print/", "Consent information in large print"),
        (f"/applicants/{applicant}/consent-information/easy-read/", "Consent information in easy read"),
        (f"/applicants/{applicant}/profiles/add/", "Add a social media profile"),
        # The applicant had their check: the page says why no check is possible (issue 22).
        (f"/applicants/{applicant}/checks/new/", f"No check of {data['applicant'].full_name} is possible"),
        ("/policy/", "Social media policy"),
        (f"/checks/{data['check'].pk}/", "Record the findings"),
        (f"/refusals/{data['refusal'].pk}/", "You cannot view this profile"),
        ("/incidents/report/", "Report an incident"),
        (f"/incidents/{data['incident'].pk}/", "Incident reported"),
    ]
    for path, title in pages:
        page.goto(path)
        arrive(page, title, error=path.startswith("/refusals/"))
        fits(page)
    screenshot(page, "mobile-incident-reported", full_page=True)

    page.goto(f"/households/{household}/")
    screenshot(page, "mobile-household")
    page.goto("/")
    screenshot(page, "mobile-caseload", full_page=True)

    # A form with every error showing, and the collapsed menu opened.
    page.goto("/households/add/")
    page.click("button:has-text('Add household')")
    arrive(page, "Add a household", error=True)
    fits(page)
    page.click("button.govuk-service-navigation__toggle")
    assert page.locator("#navigation").is_visible()
    assert_accessible(page)
    fits(page)

    page.goto("/no-such-page/")
    arrive(page, "Page not found")
    fits(page)
