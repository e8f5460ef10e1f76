"""The data protection pages in a real browser, with axe-core: the public privacy notice, and
the data protection officer running a subject access request through review to the pack."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from dataprotection.models import Decision, SubjectAccessRequest
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory

from .support import PASSWORD, arrive, fill_date, seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_privacy_notice_needs_no_sign_in(page, live_settings):
    council = seed()["council"]
    page.goto("/privacy/")
    arrive(page, "Privacy notices")
    page.click(f"text={council.name}")
    arrive(page, f"Privacy notice: {council.name}")
    assert page.locator("text=How long we keep it").is_visible()


def test_the_dpo_runs_a_subject_access_request(page, live_settings):
    people = seed()
    household = HouseholdFactory(
        team=people["team"], allocated_worker=people["worker"], local_authority=people["council"]
    )
    ApplicantFactory(household=household, first_name="Ada", last_name="Quill")
    UserFactory(username="dpo", first_name="Dana", last_name="Porter", role=Role.AUDITOR, password=PASSWORD)
    page.goto("/sign-in/")
    page.fill("#id_username", "dpo")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"/households/{household.pk}/")
    page.click("text=Record a subject access request from Ada Quill")
    arrive(page, "Record a subject access request")
    page.click("button:has-text('Record and gather')")
    arrive(page, "Record a subject access request", error=True)
    page.fill("#id_requested_by", "The applicant")
    page.fill("#id_identity_check", "Passport seen at the office.")
    fill_date(page, "received_on", timezone.localdate() - datetime.timedelta(days=2))
    page.click("button:has-text('Record and gather')")
    sar = SubjectAccessRequest.objects.get()
    arrive(page, f"Subject access request SAR-{sar.pk}")

    page.click("button:has-text('Make the pack')")
    arrive(page, f"Subject access request SAR-{sar.pk}", error=True)
    assert page.locator("text=The pack cannot be made yet").first.is_visible()

    items = list(sar.items.order_by("pk"))
    page.goto(f"/data-protection/subject-access/items/{items[0].pk}/")
    arrive(page, "Review an item")
    page.check("input[name=decision][value=withhold]")
    page.click("button:has-text('Save the review')")
    arrive(page, "Review an item", error=True)
    page.check("input[name=decision][value=redact]")
    page.click("button:has-text('Save the review')")
    arrive(page, f"Subject access request SAR-{sar.pk}")
    for item in items[1:]:
        page.goto(f"/data-protection/subject-access/items/{item.pk}/")
        page.check("input[name=decision][value=disclose]")
        page.click("button:has-text('Save the review')")
        page.wait_for_load_state("domcontentloaded")
    assert not sar.items.filter(decision=Decision.PENDING).exists()
    page.click("button:has-text('Make the pack')")
    arrive(page, f"Subject access request SAR-{sar.pk}")
    with page.expect_download() as download:
        page.click("text=Download the pack (zip)")
    assert download.value.suggested_filename == f"subject-access-{sar.pk}.zip"
    page.click("text=Record that it was sent")
    arrive(page, "Record that the pack was sent")


def test_a_manager_reclassifies_an_incident_as_a_breach(page, live_settings):
    from incidents.services import incident_report
    from policy.services import acknowledge_current_policy

    people = seed()
    acknowledge_current_policy(user=people["worker"])
    incident = incident_report(
        user=people["worker"],
        kind="trolling",
        description="Messages quoting the applicant's file.",
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
    )
    page.goto("/sign-in/")
    page.fill("#id_username", "priya")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"/manage/incidents/{incident.pk}/")
    page.click("text=Correct the kind of incident")
    arrive(page, "Correct the incident")
    page.check("input[name=kind][value=data_breach]")
    page.click("button:has-text('Save the correction')")
    arrive(page, "Correct the incident", error=True)
    page.check("input[name=kind][value=data_breach]")
    page.fill("#id_reason", "The messages contain the applicant's personal data.")
    page.click("button:has-text('Save the correction')")
    arrive(page, f"Incident {incident.pk}")
    assert page.locator("text=Time left to tell the ICO").is_visible()
