"""Two-step sign-in (accounts.twofactor): a password, then a passkey or a code
from an authenticator app. Required for everyone when DEBUG is off; in the demo
only those who set it up are asked. Tests that need it required say so with
the `required` fixture (the test settings leave it off, as in the demo)."""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.twofactor.setup_code import issue_setup_code
from api.tokens import api_token_issue
from audit.models import Action, AuditEvent

from .factors import app_for, passkey_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def required(settings):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    return settings


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` time steps later; the device accepts one step either side)."""
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead)
    return f"{value:06d}"


def wrong_code(device: TOTPDevice) -> str:
    accepted = {code(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def enter_setup_code(client, user):
    """What a person does first when two-step verification is required and they have no factor yet."""
    setup_code = issue_setup_code(user=user, issued_by=None)
    response = client.post(reverse("twofactor:code"), {"code": setup_code})
    assert response.status_code == 302, response.content.decode()
    return response


def sign_in(client, user, next_url: str = ""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


# --- Who must take the second step ---------------------------------------------


def test_when_required_a_user_without_a_factor_can_only_set_one_up(client, worker, required):
    client.force_login(worker)
    response = client.get(reverse("household-add"))
    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor:setup") + "?next=%2Fhouseholds%2Fadd%2F"
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("twofactor:setup"))
    enter_setup_code(client, worker)
    assert client.get(reverse("twofactor:setup")).status_code == 200
    assert client.get(reverse("twofactor:app")).status_code == 200
    assert client.get(reverse("twofactor:passkey")).status_code == 200


def test_when_required_the_admin_site_is_closed_until_the_second_step(client, admin_user, required):
    client.force_login(admin_user)
    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("twofactor:setup") + "?next=")


def test_a_post_is_refused_too_and_nothing_is_saved(client, worker, required, team_a):
    client.force_login(worker)
    response = client.post(reverse("household-add"), {"reference": "H-NEW", "team": team_a.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor:setup")
    assert not team_a.households.filter(reference="H-NEW").exists()


def test_the_session_signed_api_answers_403_until_the_second_step(client, worker, required):
    client.force_login(worker)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "TWO_FACTOR_REQUIRED" and body["fields"] == {} and body["detail"]


def test_the_api_asks_a_user_with_a_factor_to_confirm_it(client, worker):
    app_for(worker)
    client.force_login(worker)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "TWO_FACTOR_REQUIRED"
    assert "verify" in response.json()["detail"]


def test_a_token_signed_api_call_is_machine_use_and_unaffected(client, worker, required):
    app_for(worker)  # a personal token needs a confirmed second factor (api.tokens)
    _, token = api_token_issue(user=worker, name="Laptop")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json()["username"] == "worker"


def test_a_bad_token_is_not_helped_by_a_session(client, worker, required):
    client.force_login(worker)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401


def test_signing_out_is_always_possible(client, worker, required):
    client.force_login(worker)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_in_the_demo_a_user_without_a_factor_goes_straight_in(client, worker, settings):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = False
    response = sign_in(client, worker)
    assert response["Location"] == reverse("caseload")
    assert client.get(reverse("caseload")).status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


def test_in_the_demo_a_user_who_set_up_a_factor_is_still_asked_for_it(client, worker, settings):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = False
    app_for(worker)
    response = sign_in(client, worker)
    assert response["Location"] == reverse("twofactor:verify") + "?next=%2F"
    assert client.get(reverse("caseload"))["Location"] == reverse("twofactor:verify") + "?next=%2F"


def test_it_is_required_by_default_when_debug_is_off_and_optional_in_debug():
    def setting(**env):
        clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
        clean.update(env, DJANGO_SETTINGS_MODULE="t4c_socialcheck.settings", SECRET_KEY="x" * 60)
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SOCIALCHECK_REQUIRE_TWO_FACTOR, s.AXES_ENABLED, s.OTP_WEBAUTHN_RP_ID, s.OTP_WEBAUTHN_ALLOWED_ORIGINS)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
        )
        return result.stdout.strip().splitlines()[-1]

    assert setting(DEBUG="false", ALLOWED_HOSTS="socialcheck.example.org") == (
        "True True socialcheck.example.org ['https://socialcheck.example.org']"
    )
    assert setting(DEBUG="true") == "False True localhost ['http://localhost:8000']"
    assert setting(DEBUG="false", REQUIRE_TWO_FACTOR="false").startswith("False ")
    assert setting(
        DEBUG="false",
        SITE_URL="https://checks.agency.example",
        WEBAUTHN_ALLOWED_ORIGINS="https://checks.agency.example",
    ) == ("True True checks.agency.example ['https://checks.agency.example']")


# --- Setting up an authenticator app -------------------------------------------


def test_the_set_up_page_offers_a_passkey_and_an_app(client, worker, required):
    client.force_login(worker)
    enter_setup_code(client, worker)
    response = client.get(reverse("twofactor:setup") + "?next=/households/add/")
    html = response.content.decode()
    assert title(response) == "Set up two-step verification – Social media checks"
    assert "You must set this up before you can use the service" in html
    assert reverse("twofactor:passkey") + "?next=/households/add/" in html
    assert reverse("twofactor:app") + "?next=/households/add/" in html


def test_the_app_page_shows_an_inline_svg_qr_code_and_the_key_as_text(client, worker):
    client.force_login(worker)
    response = client.get(reverse("twofactor:app"))
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    assert re.search(r'<svg [^>]*role="img"[^>]*aria-label="QR code', html)
    assert "<img" not in html
    shown_key = re.search(r'id="setup-key">([A-Z2-7 ]+)<', html).group(1)
    secret = re.search(r"secret=([A-Z2-7]+)", device.config_url).group(1)
    assert shown_key.replace(" ", "") == secret
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert '<label for="id_code" class="govuk-label' in html
    # The same key on every visit until it is confirmed: a reload does not spoil a scan.
    client.get(reverse("twofactor:app"))
    assert TOTPDevice.objects.filter(user=worker).get() == device


def test_a_wrong_code_does_not_set_up_the_app(client, worker, required):
    client.force_login(worker)
    enter_setup_code(client, worker)
    client.get(reverse("twofactor:app"))
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(reverse("twofactor:app"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert title(response) == "Error: Set up an authenticator app – Social media checks"
    assert "The code is not right" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("caseload")).status_code == 302


@pytest.mark.parametrize(("typed", "error"), [("", "Enter the 6-digit code"), ("12345", "must be 6 digits")])
def test_a_missing_or_short_code_says_what_to_do(client, worker, typed, error):
    client.force_login(worker)
    response = client.post(reverse("twofactor:app"), {"code": typed})
    assert error in response.content.decode()


def test_the_right_code_sets_up_the_app_and_lets_the_user_in(client, worker, required):
    client.force_login(worker)
    enter_setup_code(client, worker)
    client.get(reverse("twofactor:app"))
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(
        reverse("twofactor:app") + "?next=/households/add/", {"code": f" {code(device)[:3]} {code(device)[3:]}"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/households/add/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("caseload")).status_code == 200
    issued, entered, set_up = AuditEvent.objects.filter(action=Action.TWO_FACTOR).order_by("seq")
    assert issued.summary == "The system issued a set-up code for worker"
    assert entered.actor == worker and entered.summary == "worker entered their set-up code"
    assert set_up.actor == worker and "set up an authenticator app" in set_up.summary


def test_the_next_address_must_be_on_this_site(client, worker):
    client.force_login(worker)
    client.get(reverse("twofactor:app"))
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(reverse("twofactor:app"), {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("caseload")


def test_a_second_app_cannot_replace_the_first_without_confirming_it(client, worker, required):
    app_for(worker)
    client.force_login(worker)
    for url in (reverse("twofactor:app"), reverse("twofactor:passkey"), reverse("twofactor:setup")):
        assert client.get(url)["Location"].startswith(reverse("twofactor:verify"))
    assert TOTPDevice.objects.filter(user=worker).count() == 1


# --- Confirming a sign-in ------------------------------------------------------


def test_after_the_password_a_user_with_an_app_is_asked_for_a_code(client, worker, required):
    device = app_for(worker)
    response = sign_in(client, worker, next_url="/households/add/")
    assert response["Location"] == reverse("twofactor:verify") + "?next=%2Fhouseholds%2Fadd%2F"
    page = client.get(response["Location"])
    assert title(page) == "Confirm it is you – Social media checks"
    assert client.get(reverse("caseload")).status_code == 302

    wrong = client.post(response["Location"], {"code": wrong_code(device), "next": "/households/add/"})
    assert title(wrong) == "Error: Confirm it is you – Social media checks"
    assert client.get(reverse("caseload")).status_code == 302

    device.throttle_reset()  # django-otp would make the next try wait a second (see the test below)
    right = client.post(response["Location"], {"code": code(device), "next": "/households/add/"})
    assert right["Location"] == "/households/add/"
    assert client.get(reverse("caseload")).status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR, actor=worker).count() == 1
    signed_in = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert signed_in.summary == "worker signed in with their password; two-step verification due"


def test_the_session_key_changes_when_the_second_factor_is_confirmed(client, worker, required):
    """A key known before the second step (set by an attacker, or seen) is worth nothing after it."""
    device = app_for(worker)
    response = sign_in(client, worker)
    before = client.session.session_key
    client.post(response["Location"], {"code": code(device)})
    after = client.session.session_key
    assert after != before
    assert client.get(reverse("caseload")).status_code == 200
    client.cookies["sessionid"] = before
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("login"))


def test_a_code_cannot_be_used_twice(client, worker, teammate):
    device = app_for(worker)
    sign_in(client, worker)
    used = code(device)
    assert client.post(reverse("twofactor:verify"), {"code": used})["Location"] == reverse("caseload")
    client.post(reverse("logout"))
    sign_in(client, worker)
    response = client.post(reverse("twofactor:verify"), {"code": used})
    assert response.status_code == 200 and "The code is not right" in response.content.decode()


def test_after_a_wrong_code_django_otp_makes_the_next_try_wait(client, worker, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = app_for(worker)
    sign_in(client, worker)
    client.post(reverse("twofactor:verify"), {"code": wrong_code(device)})
    response = client.post(reverse("twofactor:verify"), {"code": code(device)})
    assert "You have entered a wrong code too many times. Wait" in response.content.decode()
    assert client.get(reverse("caseload")).status_code == 302


def test_a_verified_user_can_add_a_passkey_page(client, worker, required):
    device = app_for(worker)
    sign_in(client, worker)
    client.post(reverse("twofactor:verify"), {"code": code(device)})
    response = client.get(reverse("twofactor:setup"))
    html = response.content.decode()
    assert title(response) == "Two-step verification – Social media checks"
    assert "Authenticator app" in html and "Set up a passkey" in html
    assert reverse("twofactor:app") not in html
    assert client.get(reverse("twofactor:app"))["Location"].startswith(reverse("twofactor:setup"))


def test_the_verify_page_sends_a_user_with_no_factor_to_set_one_up(client, worker, required):
    client.force_login(worker)
    response = client.get(reverse("twofactor:verify") + "?next=/policy/")
    assert response["Location"] == reverse("twofactor:setup") + "?next=%2Fpolicy%2F"


def test_a_factor_removed_by_an_admin_is_no_longer_asked_for(client, worker, settings):
    device = app_for(worker)
    sign_in(client, worker)
    device.delete()
    response = client.get(reverse("twofactor:verify"))
    assert response["Location"] == reverse("caseload")
    assert client.get(reverse("caseload")).status_code == 200


# --- Passkeys (django-otp-webauthn) -------------------------------------------


def scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def test_the_passkey_page_loads_its_scripts_from_files_and_passes_settings_as_json(client, worker, required):
    client.force_login(worker)
    enter_setup_code(client, worker)
    response = client.get(reverse("twofactor:passkey") + "?next=/policy/")
    html = response.content.decode()
    assert title(response) == "Set up a passkey – Social media checks"
    assert 'id="passkey-registration-placeholder"' in html and 'id="passkey-register-button"' in html
    assert 'data-passkey-next="/policy/"' in html
    for tag in scripts(html):
        assert " src=" in tag or 'type="application/json"' in tag, tag
    assert "/static/django_otp_webauthn/otp_webauthn_register.js" in html and "/static/js/passkeys.mjs" in html
    assert " style=" not in html
    config = json.loads(
        re.search(r'<script id="otp_webauthn_config" type="application/json">(.*?)</script>', html).group(1)
    )
    assert config["beginRegistrationUrl"] == reverse("otp_webauthn:credential-registration-begin")
    assert client.get(reverse("otp_webauthn:js-i18n-catalog")).status_code == 200


def test_registration_options_come_as_json(client, worker, required):
    client.force_login(worker)
    enter_setup_code(client, worker)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"name": "Social media checks (Together4Children)", "id": "localhost"}
    assert options["user"]["name"] == "worker"
    assert options["challenge"] and options["pubKeyCredParams"]


def test_finishing_a_registration_that_never_began_is_refused(client, worker, required):
    client.force_login(worker)
    response = client.post(
        reverse("otp_webauthn:credential-registration-complete"), data="{}", content_type="application/json"
    )
    assert response.status_code >= 400
    assert not WebAuthnCredential.objects.exists()
    assert client.get(reverse("caseload")).status_code == 302


def test_someone_with_only_the_password_cannot_register_a_passkey(client, worker):
    app_for(worker)
    client.force_login(worker)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 403


def test_a_user_with_a_passkey_is_offered_it_after_the_password(client, worker, required):
    passkey_for(worker)
    response = sign_in(client, worker)
    assert response["Location"].startswith(reverse("twofactor:verify"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'id="passkey-verification-button"' in html
    assert "/static/django_otp_webauthn/otp_webauthn_auth.js" in html
    assert '<form method="post"' not in html.split('id="main-content"')[1]  # no code form without an app
    options = client.post(reverse("otp_webauthn:credential-authentication-begin"))
    assert options.status_code == 200
    body = options.json()
    assert body["challenge"] and body["rpId"] == "localhost"
    assert [c["type"] for c in body["allowCredentials"]] == ["public-key"]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftPasskey:
    """A passkey in software: the browser's and authenticator's side of the two
    WebAuthn ceremonies (ES256 key, no attestation), so that a registration and a
    sign-in can run end to end without a browser. Its origin is the test
    settings' allowed origin."""

    origin = "http://localhost:8000"

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.sign_count = 0

    def _authenticator_data(self, rp_id: str, *, with_key: bool = False) -> bytes:
        self.sign_count += 1
        flags = 0x01 | 0x04 | (0x40 if with_key else 0)  # user present, user verified, credential data follows
        data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + self.sign_count.to_bytes(4, "big")
        if with_key:
            numbers = self.key.public_key().public_numbers()
            cose_key = {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
            data += bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + cbor2.dumps(cose_key)
        return data

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": self.origin}).encode()

    def _credential(self, response: dict) -> dict:
        ids = {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id)}
        return {**ids, "type": "public-key", "response": response, "clientExtensionResults": {}}

    def create(self, options: dict) -> dict:
        authenticator_data = self._authenticator_data(options["rp"]["id"], with_key=True)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": authenticator_data})
        client_data = self._client_data("webauthn.create", options["challenge"])
        return self._credential({"clientDataJSON": b64url(client_data), "attestationObject": b64url(attestation)})

    def get(self, options: dict) -> dict:
        authenticator_data = self._authenticator_data(options["rpId"])
        client_data = self._client_data("webauthn.get", options["challenge"])
        signed = authenticator_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return self._credential(
            {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(authenticator_data),
                "signature": b64url(signature),
            }
        )


def register_passkey(client, passkey: SoftPasskey):
    options = client.post(reverse("otp_webauthn:credential-registration-begin")).json()
    return client.post(
        reverse("otp_webauthn:credential-registration-complete"),
        data=json.dumps(passkey.create(options)),
        content_type="application/json",
    )


def use_passkey(client, passkey: SoftPasskey, next_url: str = ""):
    options = client.post(reverse("otp_webauthn:credential-authentication-begin")).json()
    url = reverse("otp_webauthn:credential-authentication-complete") + (f"?next={next_url}" if next_url else "")
    return client.post(url, data=json.dumps(passkey.get(options)), content_type="application/json")


def test_a_passkey_can_be_set_up_and_then_confirm_a_sign_in(client, worker, required):
    passkey = SoftPasskey()
    client.force_login(worker)
    enter_setup_code(client, worker)
    response = register_passkey(client, passkey)
    assert response.status_code == 200, response.content
    credential = WebAuthnCredential.objects.get(user=worker)
    assert response.json() == {"id": credential.pk}
    assert client.get(reverse("caseload")).status_code == 200  # setting it up confirmed this sign-in
    set_up = AuditEvent.objects.filter(action=Action.TWO_FACTOR).latest("seq")
    assert set_up.summary == "worker set up a passkey" and set_up.data == {"method": "webauthn", "added": True}

    client.post(reverse("logout"))
    assert sign_in(client, worker)["Location"].startswith(reverse("twofactor:verify"))
    assert client.get(reverse("caseload")).status_code == 302
    response = use_passkey(client, passkey, next_url="/policy/")
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == "/policy/"
    assert client.get(reverse("caseload")).status_code == 200
    confirmed = AuditEvent.objects.filter(action=Action.TWO_FACTOR).latest("seq")
    assert confirmed.summary == "worker confirmed their sign-in with a passkey"


def test_someone_elses_passkey_does_not_confirm_a_sign_in(client, worker, teammate, required):
    passkey = SoftPasskey()
    client.force_login(worker)
    enter_setup_code(client, worker)
    register_passkey(client, passkey)
    client.post(reverse("logout"))
    app_for(teammate)
    sign_in(client, teammate)
    response = use_passkey(client, passkey)
    assert response.status_code >= 400
    assert client.get(reverse("caseload")).status_code == 302


def test_a_passkey_from_another_website_is_refused(client, worker, required):
    phished = SoftPasskey()
    client.force_login(worker)
    enter_setup_code(client, worker)
    register_passkey(client, phished)
    client.post(reverse("logout"))
    sign_in(client, worker)
    phished.origin = "https://socialcheck.example.phish"
    assert use_passkey(client, phished).status_code >= 400
    assert client.get(reverse("caseload")).status_code == 302


def test_a_user_with_both_gets_both_on_the_verify_page(client, worker):
    app_for(worker)
    passkey_for(worker)
    sign_in(client, worker)
    html = client.get(reverse("twofactor:verify")).content.decode()
    assert "Use your passkey" in html and "Or use your authenticator app" in html


def test_a_passkey_cannot_be_used_instead_of_the_password(client, worker):
    passkey_for(worker)
    response = client.post(reverse("otp_webauthn:credential-authentication-begin"))
    assert response.status_code in (401, 403)
    assert "_auth_user_id" not in client.session


def test_the_two_step_pages_have_no_inline_scripts_or_styles(client, worker):
    client.force_login(worker)
    for url in (reverse("twofactor:setup"), reverse("twofactor:app"), reverse("twofactor:passkey")):
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        for tag in scripts(html):
            assert " src=" in tag or 'type="application/json"' in tag, (url, tag)


def test_the_two_step_pages_need_a_signed_in_user(client):
    for url in (reverse("twofactor:setup"), reverse("twofactor:app"), reverse("twofactor:verify")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("next_value", ["caseload-nowhere", "javascript:alert(1)", "https://evil.example/", "//evil"])
def test_a_strange_next_address_goes_to_the_caseload_not_an_error(client, worker, next_value):
    client.force_login(worker)
    response = client.get("/two-factor/", {"next": next_value})
    assert response.status_code == 200
    assert response.context["next"] == "/"
