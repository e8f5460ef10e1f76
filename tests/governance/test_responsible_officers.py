"""Issue 18, point 1: each council's responsible officers appear on the RIPA register,
the council's privacy notice and its annual report."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import LocalAuthority

pytestmark = pytest.mark.django_db

OFFICERS = {
    "senior_responsible_officer_name": "Morag Ellery",
    "senior_responsible_officer_email": "sro@shire.example.gov.uk",
    "ripa_coordinator_name": "Tobias Quell",
    "ripa_coordinator_email": "ripa@shire.example.gov.uk",
    "dpo_name": "Hester Vane",
    "dpo_email": "dpo@shire.example.gov.uk",
}
NAMES = ("Morag Ellery", "Tobias Quell", "Hester Vane", "ripa@shire.example.gov.uk")


@pytest.fixture
def council(household):
    council = household.local_authority
    LocalAuthority.objects.filter(pk=council.pk).update(**OFFICERS)
    council.refresh_from_db()
    return council


def test_the_register_names_each_councils_officers(client, manager, council):
    client.force_login(manager)
    html = client.get(reverse("ripa-list")).content.decode()
    assert all(name in html for name in NAMES)


def test_the_privacy_notice_names_the_councils_officers(client, council):
    response = client.get(reverse("privacy-notice", args=[council.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(name in html for name in NAMES)


def test_the_annual_report_names_the_councils_officers(client, manager, council):
    client.force_login(manager)
    year = timezone.localdate().year
    html = client.get(f"/reports/annual/{council.slug}/{year}/").content.decode()
    assert all(name in html for name in NAMES)
