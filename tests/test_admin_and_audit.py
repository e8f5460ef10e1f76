"""Admin configures; it never touches checks or consent. Changes are audited with the actor."""

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.chain import verify_rows
from audit.models import Action, AuditEvent
from checks.models import Refusal, SocialCheck
from consent.models import Consent
from platforms.models import Platform
from ripa.models import RipaApplication

pytestmark = pytest.mark.django_db


def test_checks_consent_and_refusals_are_not_in_the_admin():
    for model in (SocialCheck, Consent, Refusal, RipaApplication):
        assert not admin.site.is_registered(model)


@pytest.mark.parametrize(
    "model_url",
    [
        "accounts/user",
        "accounts/team",
        "platforms/platform",
        "platforms/viewingaccount",
        "policy/policyversion",
        "cases/localauthority",
        "consent/consenttext",
    ],
)
def test_configuration_lists_load_with_search_and_filters(client, admin_user, platforms, model_url):
    client.force_login(admin_user)
    response = client.get(f"/admin/{model_url}/", {"q": "a"})
    assert response.status_code == 200


def test_there_is_no_admin_url_for_checks_or_consent(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/checks/socialcheck/add/").status_code == 404
    assert client.get("/admin/consent/consent/add/").status_code == 404


def test_platforms_cannot_be_deleted_only_retired(client, admin_user, platforms):
    client.force_login(admin_user)
    facebook = platforms["facebook"]
    response = client.post(reverse("admin:platforms_platform_delete", args=[facebook.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Platform.objects.filter(pk=facebook.pk).exists()


def test_an_admin_change_is_audited_with_the_actor_and_ip(client, admin_user, platforms):
    client.force_login(admin_user)
    tiktok = platforms["tiktok"]
    response = client.post(
        reverse("admin:platforms_platform_change", args=[tiktok.pk]),
        {
            "name": "TikTok",
            "slug": "tiktok",
            "active": "on",
            "domains": tiktok.domains,
            "category": tiktok.category,
            "profile_url_template": tiktok.profile_url_template,
            "path_prefix": "",
            "identity_query": "",
            "handle_hint": "",
            "viewing_accounts-TOTAL_FORMS": "0",
            "viewing_accounts-INITIAL_FORMS": "0",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.content[:2000]
    event = AuditEvent.objects.filter(record_type="platform", action=Action.UPDATE).get()
    assert event.actor == admin_user
    assert event.remote_addr == "10.1.2.3"
    assert "checkable" in event.data["changes"]


def test_sign_ins_and_failed_sign_ins_are_audited(client, worker):
    client.post(reverse("login"), {"username": "worker", "password": "wrong"})
    client.post(reverse("login"), {"username": "worker", "password": "correct horse battery staple"})
    actions = list(AuditEvent.objects.filter(record_type="user").order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == [Action.SIGN_IN_FAILED, Action.SIGN_IN]
    assert AuditEvent.objects.filter(action=Action.SIGN_IN).get().actor == worker


def test_check_starts_and_refusals_join_the_verifiable_chain(worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    start(worker, applicant, profile)
    started = AuditEvent.objects.get(action=Action.CHECK_STARTED)
    refused = AuditEvent.objects.get(action=Action.CHECK_REFUSED)
    assert started.actor == worker and refused.actor == worker
    assert started.applicant_id == applicant.pk and started.household_id == applicant.household_id
    count, _, broken = verify_rows(AuditEvent.objects.order_by("seq"))
    assert broken is None and count == AuditEvent.objects.count()
