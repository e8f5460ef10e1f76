"""The Accessible Information Standard pages (issue 20) in a real browser, with
axe-core on each: the needs form, the consent form with language and support,
the household's consent information links, the page shown when a format's
tool is missing, and the receipt page with its error state."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from cases.models import InformationFormat
from cases.services import applicant_update_needs
from checks.services import check_complete, check_start
from consent.models import ConsentText, ConsentTranslation
from consent.services import consent_record
from platforms.models import Platform, ViewingAccount, ViewingAccountKind
from platforms.services import profile_add
from policy.services import acknowledge_current_policy
from tests.conftest import ALL_DECLARATIONS
from tests.factories import ApplicantFactory, HouseholdFactory

from .support import arrive, fill_date, seed, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_needs_consent_formats_and_the_receipt_pass_axe(page, live_settings):
    people = seed()
    worker = people["worker"]
    acknowledge_current_policy(user=worker)
    assert worker.role == Role.WORKER
    ConsentTranslation.objects.create(
        consent_text=ConsentText.objects.get(), language="cy", language_name="Welsh", version="CY-1", body="Cymraeg."
    )
    household = HouseholdFactory(team=people["team"], allocated_worker=worker, local_authority=people["council"])
    applicant = ApplicantFactory(household=household, first_name="Ria", last_name="Holt")
    second = ApplicantFactory(household=household, first_name="Tom", last_name="Holt")
    applicant_update_needs(
        user=worker, applicant=second, communication_needs={"information_formats": [InformationFormat.EASY_READ]}
    )
    consent_record(
        user=worker,
        applicant=second,
        given=True,
        signed_on=timezone.localdate() - datetime.timedelta(days=1),
        form_reference="ROI-B-2",
        information_format="easy_read",
    )
    facebook = Platform.objects.get(slug="facebook")
    profile = profile_add(user=worker, applicant=second, platform=facebook, handle="tom.holt.walks")
    account = ViewingAccount.objects.get(platform=facebook, kind=ViewingAccountKind.LOGGED_OUT)
    started = check_start(
        user=worker,
        applicant_id=second.pk,
        profile_id=profile.pk,
        viewing_account_id=account.pk,
        declarations=dict(ALL_DECLARATIONS),
        purpose="Social media check for the adoption assessment",
    )
    completed = check_complete(
        user=worker,
        social_check_id=started.social_check.pk,
        findings_summary="Nothing relevant.",
        outcome="no_concerns",
        no_third_party_details=True,
    )

    sign_in(page, "wren")
    assert page.locator("text=Needs not yet asked").first.is_visible()

    page.goto(f"/households/{household.pk}/")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("a:has-text('Braille (BRF)')").first.is_visible()
    assert page.locator("a:has-text('Welsh translation (PDF)')").first.is_visible()

    page.goto(f"/applicants/{applicant.pk}/communication-needs/")
    page.wait_for_load_state("domcontentloaded")
    title = page.title().split(" – ")[0]
    arrive(page, title)
    page.check("#id_needs_status_2")  # asked: no needs
    page.check("input[name='information_formats'][value='audio']")
    page.click("button:has-text('Save needs')")
    arrive(page, title, error=True)

    page.goto(f"/applicants/{applicant.pk}/consent/")
    page.wait_for_load_state("domcontentloaded")
    arrive(page, "Record consent")
    assert page.locator("label:has-text('Welsh')").first.is_visible()

    live_settings.CONSENT_ESPEAK = "/nonexistent/espeak-ng"
    page.goto(f"/applicants/{applicant.pk}/consent-information.wav")
    arrive(page, "Consent information cannot be made")
    assert page.locator("text=is not installed on the server").is_visible()

    page.goto(f"/checks/{completed.pk}/receipt/")
    arrive(page, "Receipt to the applicant")
    assert page.locator("text=(their format)").is_visible()
    fill_date(page, "sent_on", timezone.localdate() + datetime.timedelta(days=3))
    page.click("button:has-text('Record that it was sent')")
    arrive(page, "Receipt to the applicant", error=True)
    fill_date(page, "sent_on", timezone.localdate())
    page.check("input[name='sent_how'][value='post']")
    page.click("button:has-text('Record that it was sent')")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("text=You recorded that the receipt was sent to Tom Holt.").is_visible()
