"""What every managers' page shares: the sub-navigation, one h1, the title, and the audit trail's errors."""

import pytest
from django.urls import reverse

from .html import assert_good_page

pytestmark = pytest.mark.django_db

PAGES = [
    ("oversight-dashboard", "Dashboard"),
    ("refusal-list", "Refusals"),
    ("incident-list", "Incidents"),
    ("ripa-list", "RIPA register"),
    ("audit-trail", "Audit trail"),
]


@pytest.mark.parametrize(("name", "label"), PAGES)
def test_every_page_has_the_sub_navigation_with_the_current_page_marked(client, manager, name, label):
    client.force_login(manager)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_good_page(response)
    html = response.content.decode()
    nav = html[html.index('aria-label="Oversight pages"') :]
    nav = nav[: nav.index("</nav>")]
    for other, other_label in PAGES:
        assert f'href="{reverse(other)}">{other_label}</a>' in nav
    assert f'aria-current="page" href="{reverse(name)}">{label}</a>' in nav
    assert nav.count('aria-current="page"') == 1


@pytest.mark.parametrize("name", [name for name, _ in PAGES])
def test_workers_get_403_on_every_page(client, worker, name):
    client.force_login(worker)
    assert client.get(reverse(name)).status_code == 403


def test_a_bad_audit_filter_puts_error_first_in_the_title(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("audit-trail"), {"since_day": "31", "since_month": "2", "since_year": "2026"})
    assert "<title>Error: Audit trail" in response.content.decode()
