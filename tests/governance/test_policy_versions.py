"""Point 5: policy versions carry effective and review-by dates; every active member of staff is
asked at sign-in to accept a new version; a report lists who has not; admins see an overdue review."""

import datetime

from django.urls import reverse
from django.utils import timezone

from policy.models import PolicyVersion
from tests.factories import PolicyVersionFactory, UserFactory

PASSWORD = "correct horse battery staple"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_a_new_version_is_asked_for_at_sign_in_by_every_member_of_staff(client, worker, manager, admin_user):
    PolicyVersionFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    for person in (worker, manager, admin_user):
        client.logout()
        sign_in(client, person)
        home = client.get(reverse("caseload"))
        assert home.status_code == 302 and home["Location"].startswith(reverse("policy")), person.role
        assert client.get("/admin/").status_code == 302  # the admin site too
    current = PolicyVersion.objects.current()
    client.post(reverse("policy"), {"version": current.version})
    assert client.get(reverse("caseload")).status_code == 200
    assert client.get("/api/v1/me/").status_code == 200  # the API is never redirected


def test_who_accepted_is_not_asked_and_auditors_are_not_asked(client, worker, auditor):
    sign_in(client, worker)
    assert client.get(reverse("caseload")).status_code == 200
    client.logout()
    sign_in(client, auditor)
    assert client.get(reverse("caseload")).status_code == 200


def test_a_version_not_yet_in_effect_is_not_asked_for(client, worker, policy):
    PolicyVersionFactory(effective_on=timezone.localdate() + datetime.timedelta(days=10))
    assert PolicyVersion.objects.current() == policy
    sign_in(client, worker)
    assert client.get(reverse("caseload")).status_code == 200


def test_the_report_lists_who_has_not_accepted(client, manager, worker, team_a, policy):
    newcomer = UserFactory(username="newcomer", accept_policy=False)
    team_a.members.add(newcomer)
    client.force_login(manager)
    page = client.get(reverse("policy-acceptance")).content.decode()
    assert "newcomer" in page and ">worker<" not in page
    assert "1 person has not accepted" in page


def test_admins_see_an_overdue_review_on_their_home_page(client, admin_user, policy):
    client.force_login(admin_user)
    assert "due for review" not in client.get(reverse("caseload")).content.decode()
    policy.review_by = timezone.localdate() - datetime.timedelta(days=1)
    policy.save()
    page = client.get(reverse("caseload")).content.decode()
    assert "due for review" in page and policy.version in page


def test_accepting_through_the_api_from_the_browser_ends_the_redirect(client, worker):
    PolicyVersionFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    sign_in(client, worker)
    assert client.get(reverse("caseload")).status_code == 302
    csrf = client.get(reverse("policy")).cookies.get("csrftoken")
    headers = {"HTTP_X_CSRFTOKEN": csrf.value} if csrf else {}
    client.handler.enforce_csrf_checks = False
    assert client.post("/api/v1/policy/acknowledge/", **headers).status_code == 200
    assert client.get(reverse("caseload")).status_code == 200
