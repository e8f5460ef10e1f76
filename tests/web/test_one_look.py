"""Worker and manager pages share one look (issue #22 point 8): "None recorded" everywhere,
and a Back link on each page that is not a list, inside the main landmark."""

import datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from incidents.services import incident_report

ROOT = Path(settings.BASE_DIR)


def test_no_page_says_not_recorded():
    templates = [p for p in ROOT.glob("*/templates/**/*.html") if ".venv" not in p.parts]
    templates += list(ROOT.glob("templates/**/*.html"))
    said = [str(p.relative_to(ROOT)) for p in templates if "Not recorded" in p.read_text()]
    assert said == []


def _back_link_in_main(html: str, href: str):
    main = html[html.index('<main class="govuk-main-wrapper" id="main-content">') :]
    assert f'<a href="{href}" class="govuk-back-link">Back</a>' in main[: main.index("</main>")]


def test_refusal_and_incident_pages_have_a_back_link_inside_main(as_user, worker, manager, applicant, profile, start):
    refusal = start(worker, applicant, profile).refusal
    page = as_user(worker).get(reverse("refusal", args=[refusal.pk])).content.decode()
    _back_link_in_main(page, reverse("household", args=[applicant.household_id]))
    manager_client = as_user(manager)
    page = manager_client.get(reverse("refusal-detail", args=[refusal.pk])).content.decode()
    _back_link_in_main(page, reverse("refusal-list"))
    incident = incident_report(
        user=worker,
        kind="trolling",
        description="Messages.",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        applicant_id=applicant.pk,
    )
    page = manager_client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    _back_link_in_main(page, reverse("incident-list"))
