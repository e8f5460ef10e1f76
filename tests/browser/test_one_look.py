"""One look (issue #22 point 8) in a real browser, at 1280 and at 320 CSS pixels: the record
pages with their new breadcrumbs, the pages whose wording and hints changed, and the pages a
mistyped or POST-only address shows pass axe (with "region" and "target-size"), reflow, and
carry breadcrumbs or a Back link inside the main landmark, never both."""

import pytest

from accounts.models import Role
from dataprotection.services import sar_open
from tests.factories import UserFactory

from .support import PASSWORD, arrive, assert_axe_rules, seed, sign_in
from .test_reflow import fits, records

pytestmark = pytest.mark.django_db(transaction=True)


def _visit(page, width: int, path: str, title: str, *, error: bool = False, record: bool = False) -> None:
    page.goto(path)
    arrive(page, title, error=error)
    assert_axe_rules(page, "region", "target-size")
    if width == 320:
        fits(page)
    if record:
        assert page.locator("main nav.govuk-breadcrumbs").is_visible(), path
        assert page.locator(".govuk-back-link").count() == 0, path


@pytest.mark.parametrize("width", [1280, 320])
def test_the_pages_issue_22_changed_pass_axe_and_reflow(watched, width):
    people = seed()
    data = records(people)
    auditor = UserFactory(username="dana", role=Role.AUDITOR, password=PASSWORD)
    applicant = data["applicant"]
    sar = sar_open(
        user=auditor, applicant_id=applicant.pk, requested_by="Applicant", identity_check="ID seen",
        received_on=data["check"].started_at.date(),
    )  # fmt: skip
    reference = data["household"].reference

    worker = watched(viewport={"width": width, "height": 800}).context.new_page()
    sign_in(worker, "wren")
    _visit(worker, width, f"/households/{data['household'].pk}/", f"Household {reference}", record=True)
    _visit(worker, width, f"/checks/{data['check'].pk}/", "Record the findings", record=True)
    _visit(worker, width, f"/refusals/{data['refusal'].pk}/", "You cannot view this profile", error=True, record=True)
    _visit(worker, width, "/households/add/", "Add a household")
    assert f"The latest in your team is {reference}." in worker.inner_text("main")
    _visit(worker, width, f"/applicants/{applicant.pk}/consent/withdraw/", "Withdraw consent")
    _visit(worker, width, f"/applicants/{applicant.pk}/checks/start/", "Use the button on the page")
    _visit(worker, width, "/no-such-page/", "Page not found")

    manager = watched(viewport={"width": width, "height": 800}).context.new_page()
    sign_in(manager, "priya")
    _visit(
        manager, width, f"/manage/refusals/{data['refusal'].pk}/", f"Refused check {data['refusal'].pk}", record=True
    )
    _visit(manager, width, f"/manage/incidents/{data['incident'].pk}/", f"Incident {data['incident'].pk}", record=True)
    _visit(
        manager,
        width,
        f"/data-protection/subject-access/{sar.pk}/",
        f"Subject access request SAR-{sar.pk}",
        record=True,
    )
