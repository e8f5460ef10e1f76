"""Admins reset a lost second factor by deleting it in the admin: they can list
authenticator apps and passkeys, never add or change one, and every removal
is on the audit trail."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from audit.models import Action, AuditEvent

from .factors import passkey_for

pytestmark = pytest.mark.django_db


def removals():
    return AuditEvent.objects.filter(action=Action.TWO_FACTOR, data__has_key="removed").order_by("seq")


def test_an_admin_lists_passkeys_but_cannot_add_or_change_one(client, admin_user, worker):
    passkey = passkey_for(worker)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:django_otp_webauthn_webauthncredential_changelist"))
    assert listing.status_code == 200
    assert "Security key" in listing.content.decode()
    assert client.get(reverse("admin:django_otp_webauthn_webauthncredential_add")).status_code == 403
    page = client.get(reverse("admin:django_otp_webauthn_webauthncredential_change", args=[passkey.pk]))
    assert page.status_code == 200
    assert "not-a-real-key" not in page.content.decode() and "public_key" not in page.content.decode()
    client.post(reverse("admin:django_otp_webauthn_webauthncredential_change", args=[passkey.pk]), {"name": "Renamed"})
    passkey.refresh_from_db()
    assert passkey.name == "Security key"


def test_removing_a_lost_passkey_is_on_the_audit_trail(client, admin_user, worker):
    passkey = passkey_for(worker)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:django_otp_webauthn_webauthncredential_delete", args=[passkey.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.exists()
    (entry,) = removals()
    assert entry.actor == admin_user and entry.record_id == str(worker.pk)
    assert entry.summary == "admin removed worker's passkey"


def test_removing_several_apps_at_once_records_each(client, admin_user, worker, teammate):
    apps = [TOTPDevice.objects.create(user=user, name="Authenticator app") for user in (worker, teammate)]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [app.pk for app in apps], "post": "yes"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert {entry.summary for entry in removals()} == {
        "admin removed worker's authenticator app",
        "admin removed teammate's authenticator app",
    }
