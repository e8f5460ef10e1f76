"""The audit trail's client address cannot be chosen by the client, and a bad header is no 500."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def change_platform(client, platform, **headers):
    return client.post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        {
            "name": platform.name,
            "slug": platform.slug,
            "active": "on",
            "domains": platform.domains,
            "profile_url_template": platform.profile_url_template,
            "path_prefix": "",
            "identity_query": "",
            "handle_hint": "changed",
            "viewing_accounts-TOTAL_FORMS": "0",
            "viewing_accounts-INITIAL_FORMS": "0",
        },
        REMOTE_ADDR="10.9.8.7",
        **headers,
    )


def recorded_address():
    return AuditEvent.objects.filter(record_type="platform", action=Action.UPDATE).latest("seq").remote_addr


@pytest.mark.parametrize("header", ["not-an-address", "<script>", "999.1.1.1, 10.0.0.1", "x" * 5000])
def test_a_malformed_forwarded_for_header_is_ignored(client, admin_user, platforms, header):
    client.force_login(admin_user)
    response = change_platform(client, platforms["tiktok"], HTTP_X_FORWARDED_FOR=header)
    assert response.status_code == 302
    assert recorded_address() == "10.9.8.7"


def test_without_our_proxy_a_client_cannot_choose_its_recorded_address(client, admin_user, platforms, settings):
    settings.SOCIALCHECK_TRUST_FORWARDED_FOR = False
    client.force_login(admin_user)
    change_platform(client, platforms["tiktok"], HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert recorded_address() == "10.9.8.7"


def test_behind_our_proxy_the_forwarded_client_address_is_recorded(client, admin_user, platforms, settings):
    settings.SOCIALCHECK_TRUST_FORWARDED_FOR = True
    client.force_login(admin_user)
    change_platform(client, platforms["tiktok"], HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    assert recorded_address() == "203.0.113.9"
