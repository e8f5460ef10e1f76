"""Second factors as a test needs them, without the ceremonies."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential


def app_for(user, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed)


def passkey_for(user) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="Security key",
        credential_id=b"credential-" + str(user.pk).encode(),
        public_key=b"not-a-real-key",
        aaguid="00000000-0000-0000-0000-000000000000",
        confirmed=True,
    )
