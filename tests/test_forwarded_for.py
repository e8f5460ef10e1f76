"""The audit trail's client address cannot be chosen by the client, and a bad header is no 500.

One function (t4c_socialcheck.client.client_ip) gives it to django-auditlog's
entries, the app's own entries and the lockout alike."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from t4c_socialcheck.client import client_ip

pytestmark = pytest.mark.django_db


def change_platform(client, platform, **headers):
    return client.post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        {
            "name": platform.name,
            "slug": platform.slug,
            "category": platform.category,
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
    settings.SOCIALCHECK_PROXY_COUNT = 0
    client.force_login(admin_user)
    change_platform(client, platforms["tiktok"], HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert recorded_address() == "10.9.8.7"


def test_behind_our_proxy_the_forwarded_client_address_is_recorded(client, admin_user, platforms, settings):
    settings.SOCIALCHECK_PROXY_COUNT = 1
    client.force_login(admin_user)
    change_platform(client, platforms["tiktok"], HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert recorded_address() == "203.0.113.9"


def test_behind_our_proxy_the_left_most_value_the_client_wrote_is_not_recorded(client, admin_user, platforms, settings):
    """The client sends `X-Forwarded-For: 198.51.100.66`; our proxy appends the
    address it was reached from. The first value is the client's own writing."""
    settings.SOCIALCHECK_PROXY_COUNT = 1
    client.force_login(admin_user)
    change_platform(client, platforms["tiktok"], HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9")
    assert recorded_address() == "203.0.113.9"


def test_sign_in_entries_take_the_same_address_as_model_changes(client, worker, settings):
    settings.SOCIALCHECK_PROXY_COUNT = 1
    client.post(
        reverse("login"),
        {"username": "worker", "password": "correct horse battery staple"},
        REMOTE_ADDR="10.9.8.7",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9",
    )
    assert AuditEvent.objects.get(action=Action.SIGN_IN).remote_addr == "203.0.113.9"


@pytest.mark.parametrize(
    ("hops", "header", "address"),
    [
        (0, "203.0.113.9", "10.9.8.7"),  # no proxy of ours: the header is anyone's
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.66, 203.0.113.9, 10.0.0.5", "203.0.113.9"),  # the inner proxy added 10.0.0.5
        (2, "203.0.113.9", "10.9.8.7"),  # fewer entries than our proxies write: not through them
        (1, "not-an-address", "10.9.8.7"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, None, "10.9.8.7"),
    ],
)
def test_the_client_is_as_many_entries_from_the_right_as_we_have_proxies(rf, settings, hops, header, address):
    settings.SOCIALCHECK_PROXY_COUNT = hops
    headers = {} if header is None else {"HTTP_X_FORWARDED_FOR": header}
    assert client_ip(rf.get("/", REMOTE_ADDR="10.9.8.7", **headers)) == address
