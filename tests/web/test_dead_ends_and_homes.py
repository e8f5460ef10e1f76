"""Issue 22, points 6 and 7 (in part): a POST-only address opened with GET says where to go
(in the managers' area too); signing out asks to confirm; each role lands on its own home."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.security.records import PASSWORD

pytestmark = pytest.mark.django_db


def test_post_only_addresses_answer_a_get_with_the_page_to_use(as_user, worker, manager, applicant, profile, start):
    refusal = start(worker, applicant, profile).refusal  # no consent: refused
    cases = [
        (worker, reverse("check-start", args=[applicant.pk]), reverse("check-new", args=[applicant.pk])),
        (manager, reverse("refusal-review", args=[refusal.pk]), reverse("refusal-detail", args=[refusal.pk])),
        (manager, reverse("refusal-incident", args=[refusal.pk]), reverse("refusal-detail", args=[refusal.pk])),
    ]
    for user, address, page in cases:
        response = as_user(user).get(address)
        html = response.content.decode()
        assert response.status_code == 405 and response["Allow"] == "POST"
        assert "Use the button on the page" in html and f'href="{page}"' in html, address


def test_opening_sign_out_asks_to_confirm_and_the_button_signs_out(as_user, worker, client):
    signed_in = as_user(worker)
    page = signed_in.get(reverse("logout"))
    assert page.status_code == 200 and "Do you want to sign out?" in page.content.decode()
    assert signed_in.get(reverse("caseload")).status_code == 200  # still signed in
    response = signed_in.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "You have signed out." in [str(m) for m in get_messages(response.wsgi_request)]
    assert signed_in.get(reverse("caseload")).status_code == 302


@pytest.mark.parametrize(
    ("user", "home"),
    [
        ("worker", "caseload"),
        ("manager", "oversight-dashboard"),
        ("auditor", "audit-trail"),
        ("admin_user", "admin-home"),
    ],
)
def test_each_role_lands_on_its_own_home(client, request, user, home):
    person = request.getfixturevalue(user)
    response = client.post(reverse("login"), {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse(home)


def test_a_next_address_still_wins_over_the_home(client, manager, household):
    target = reverse("household", args=[household.pk])
    response = client.post(f"{reverse('login')}?next={target}", {"username": manager.username, "password": PASSWORD})
    assert response["Location"] == target


def test_each_check_has_a_print_view_of_its_record(as_user, worker, applicant, consent, profile, start, auditor):
    from audit.models import Action, AuditEvent

    social_check = start(worker, applicant, profile).social_check
    page = as_user(worker).get(reverse("check", args=[social_check.pk])).content.decode()
    assert reverse("check-print", args=[social_check.pk]) in page
    printed = as_user(auditor).get(reverse("check-print", args=[social_check.pk]))
    html = printed.content.decode()
    assert printed.status_code == 200 and f"Record of the one-off check of {applicant.full_name}" in html
    assert "facebook.com/alex.morgan" in html and social_check.purpose in html
    assert f'href="{profile.profile_url}"' not in html  # no link to open the profile
    assert AuditEvent.objects.filter(
        action=Action.VIEW, record_type="socialcheck", actor=auditor, data__view="print"
    ).exists()
