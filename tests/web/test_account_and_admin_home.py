"""Issue 22, point 7: a "Your account" page for everyone, an admin home in the
app's own style, and the Django admin's technical sections for superusers only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import Role
from tests.api.test_token_pages import verified_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_your_account_shows_who_you_are_and_every_sign_in_task(manager, worker):
    client = verified_client(manager)
    page = client.get(reverse("your-account")).content.decode()
    assert manager.get_full_name() in page and manager.username in page and "Manager" in page
    assert manager.managed_teams.exists()
    for team in manager.managed_teams.all():
        assert f"{team.name} (you manage it)" in page
    assert "Authenticator app, set up on" in page
    for url in (
        f"{reverse('twofactor:setup')}?next={reverse('your-account')}",
        reverse("tokens:list"),
        reverse("password-change"),
        reverse("logout"),
    ):
        assert f'href="{url}"' in page
    assert "Add or replace" in page
    # Signing out from here asks to confirm: the link opens the confirmation page.
    assert "Do you want to sign out?" in client.get(reverse("logout")).content.decode()


def test_your_account_without_a_second_factor_offers_to_set_one_up(client, worker):
    client.force_login(worker)
    page = client.get(reverse("your-account")).content.decode()
    assert "Not set up" in page and ">Set up<" in page
    assert worker.teams.exists()
    for team in worker.teams.all():
        assert team.name in page


def test_the_header_links_to_your_account(client, worker):
    client.force_login(worker)
    assert f'href="{reverse("your-account")}"' in client.get(reverse("caseload")).content.decode()


@pytest.mark.parametrize("user", ["worker", "manager", "auditor"])
def test_the_menu_leads_admins_back_to_their_home_and_nobody_else_there(client, request, admin_user, user):
    link = f'href="{reverse("admin-home")}"'
    client.force_login(admin_user)
    assert link in client.get(reverse("policy")).content.decode()
    client.force_login(request.getfixturevalue(user))
    assert link not in client.get(reverse("policy")).content.decode()


CHANGELISTS = [
    "platforms_platform",
    "platforms_viewingaccount",
    "accounts_team",
    "accounts_user",
    "dataprotection_retentionperiod",
    "policy_policyversion",
    "governance_course",
    "cases_localauthority",
]


def test_the_admin_home_links_to_each_configuration_list(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin-home"))
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-heading-l" in page
    for name in CHANGELISTS:
        assert f'href="{reverse(f"admin:{name}_changelist")}"' in page
    assert f'href="{reverse("admin:index")}"' in page


def test_the_admin_home_shows_an_ordinary_admin_only_what_they_may_open(client):
    ordinary = UserFactory(username="ordinary-admin", role=Role.ADMIN, is_staff=True)
    ordinary.user_permissions.add(Permission.objects.get(codename="view_platform"))
    client.force_login(ordinary)
    page = client.get(reverse("admin-home")).content.decode()
    assert reverse("admin:platforms_platform_changelist") in page
    assert reverse("admin:accounts_user_changelist") not in page


@pytest.mark.parametrize("user", ["worker", "manager", "auditor"])
def test_the_admin_home_is_for_admins_only(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("admin-home")).status_code == 403


TECHNICAL = [
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "otp_totp_totpdevice",
    "django_otp_webauthn_webauthncredential",
    "django_celery_beat_periodictask",
    "django_celery_beat_crontabschedule",
    "django_celery_beat_intervalschedule",
    "auth_group",
]


def test_the_technical_admin_sections_are_hidden_from_ordinary_admins(client):
    """Even holding every permission, a staff admin who is not a superuser neither sees nor opens them."""
    ordinary = UserFactory(username="ordinary-admin", role=Role.ADMIN, is_staff=True)
    ordinary.user_permissions.set(Permission.objects.all())
    client.force_login(ordinary)
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:platforms_platform_changelist") in index  # the configuration stays
    for name in TECHNICAL:
        url = reverse(f"admin:{name}_changelist")
        assert url not in index
        assert client.get(url).status_code == 403
    for app_label in ("axes", "otp_totp", "django_celery_beat", "auth"):
        assert client.get(reverse("admin:app_list", args=[app_label])).status_code == 404


def test_superusers_keep_the_technical_sections(client, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    for name in TECHNICAL:
        url = reverse(f"admin:{name}_changelist")
        assert url in index and client.get(url).status_code == 200


@pytest.mark.parametrize("hour", ["-1", "25", "1DAY"])
def test_a_schedule_celery_cannot_read_is_refused_on_the_page_and_not_saved(client, admin_user, hour):
    """django-celery-beat's own validators let "-1" through; saved, it broke the page and beat."""
    from django_celery_beat.models import CrontabSchedule

    client.force_login(admin_user)
    before = CrontabSchedule.objects.count()
    fields = {"minute": "0", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*", "timezone": "UTC"}
    fields |= {"periodictask_set-TOTAL_FORMS": "0", "periodictask_set-INITIAL_FORMS": "0"}  # its tasks, inline
    response = client.post(reverse("admin:django_celery_beat_crontabschedule_add"), {**fields, "hour": hour})
    assert response.status_code == 200 and "cannot read this schedule" in response.content.decode()
    assert CrontabSchedule.objects.count() == before
    response = client.post(reverse("admin:django_celery_beat_crontabschedule_add"), {**fields, "hour": "3"})
    assert response.status_code == 302 and CrontabSchedule.objects.count() == before + 1
