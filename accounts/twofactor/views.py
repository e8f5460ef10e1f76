"""The pages of the second sign-in step: set one up, and confirm a sign-in with it.

Someone who already has a second factor must confirm it before adding
another, or an attacker with only the password could add their own.
"""

import math
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from accounts.lockout import count_failed_code, is_locked_out, lockout_response

from . import is_required, note_factor, second_step_done, second_step_passed, user_has_factor
from .forms import CodeForm, SetupCodeForm
from .setup_code import code_needed, redeem_setup_code


def _next_url(request: HttpRequest) -> str:
    """Where to go once done: `next` if it is a path on this site, else the caseload.

    Only a path: `redirect()` would take a bare word for a view name and fail."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return resolve_url("caseload")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _before_adding(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """Where to go instead of setting up a factor: confirm the one you have,
    or enter your set-up code for the first; None if neither is needed."""
    has_factor = note_factor(request, user_has_factor(request.user))
    if has_factor and not second_step_done(request):
        return redirect(_with_next("twofactor:verify", next_url))
    if code_needed(request, has_factor=has_factor):
        return redirect(_with_next("twofactor:code", next_url))
    return None


def _seconds_to_wait(device) -> int | None:
    """None if the device accepts a code now; else how long django-otp's throttling still holds it."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """What two-step verification is, the factors this person has, and adding one."""
    next_url = _next_url(request)
    if (elsewhere := _before_adding(request, next_url)) is not None:
        return elsewhere
    user = request.user
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "next": next_url,
            "required": is_required(),
            "app": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
            "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk"),
        },
    )


def qr_code_svg(data: str) -> str:
    """An inline SVG QR code: qrcode's SVG path image needs no Pillow and no image request."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=12, border=4)
    svg = image.get_image()
    svg.set("role", "img")
    svg.set("aria-label", "QR code to scan with your authenticator app")
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - built here from a URL we made, escaped by ElementTree


def grouped_secret(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def authenticator_app(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code or type the key, then prove it with a code."""
    next_url = _next_url(request)
    if (elsewhere := _before_adding(request, next_url)) is not None:
        return elsewhere
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        messages.info(request, "You already use an authenticator app.")
        return redirect(_with_next("twofactor:setup", next_url))
    # The same key until it is confirmed, so reloading the page does not invalidate a scan.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)

    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        wait = _seconds_to_wait(device)
        if wait is not None:
            form.wait(wait)
        else:
            verified = verify_token(user, device.persistent_id, form.cleaned_data["code"])
            if verified is None:
                form.wrong_code()
            else:
                with transaction.atomic():
                    verified.confirmed = True
                    verified.save(update_fields=["confirmed"])
                    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                    second_step_passed(request, verified, added=True)
                messages.success(
                    request, "Your authenticator app is set up. You will need a code from it each time you sign in."
                )
                return redirect(next_url)
    return render(
        request,
        "accounts/two_factor_app.html",
        {"form": form, "next": next_url, "qr_code": qr_code_svg(device.config_url), "secret": grouped_secret(device)},
    )


@never_cache
@login_required
def passkey(request: HttpRequest) -> HttpResponse:
    """Set up a passkey. The ceremony itself runs in the browser (django-otp-webauthn's script)."""
    next_url = _next_url(request)
    if (elsewhere := _before_adding(request, next_url)) is not None:
        return elsewhere
    return render(
        request,
        "accounts/two_factor_passkey.html",
        {
            "next": next_url,
            "webauthn_config": get_configuration(request),
            "passkeys": WebAuthnCredential.objects.filter(user=request.user, confirmed=True).count(),
        },
    )


@never_cache
@login_required
def setup_code(request: HttpRequest) -> HttpResponse:
    """Enter the set-up code from an admin, before setting up a first factor.
    A wrong code counts towards the sign-in lockout like a wrong password."""
    next_url = _next_url(request)
    if not code_needed(request, has_factor=user_has_factor(request.user)):
        return redirect(_with_next("twofactor:setup", next_url))
    form = SetupCodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        username = request.user.get_username()
        if is_locked_out(request, username):
            logout(request)
            return lockout_response(request)
        if form.is_valid():
            if redeem_setup_code(request, form.cleaned_data["code"]):
                return redirect(_with_next("twofactor:setup", next_url))
            if count_failed_code(request, username, "setup_code"):
                logout(request)
                return lockout_response(request)
            form.wrong_code()
    return render(request, "accounts/two_factor_code.html", {"form": form, "next": next_url})


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: a passkey, or a code from the authenticator app.

    A wrong code counts towards the sign-in lockout like a wrong password;
    django-otp also makes each further try wait longer (1, 2, 4 … seconds)."""
    next_url = _next_url(request)
    user = request.user
    if second_step_done(request):
        return redirect(next_url)
    if not note_factor(request, user_has_factor(user)):
        return redirect(_with_next("twofactor:setup", next_url) if is_required() else next_url)

    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    has_passkey = WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    form = None
    if app is not None:
        form = CodeForm(request.POST if request.method == "POST" else None, label_size=None)
    if form is not None and form.is_bound:
        username = user.get_username()
        if is_locked_out(request, username):
            logout(request)
            return lockout_response(request)
        if form.is_valid():
            wait = _seconds_to_wait(app)
            if wait is not None:
                form.wait(wait)
            else:
                verified = verify_token(user, app.persistent_id, form.cleaned_data["code"])
                if verified is not None:
                    second_step_passed(request, verified)
                    return redirect(next_url)
                if count_failed_code(request, username, "totp"):
                    logout(request)
                    return lockout_response(request)
                form.wrong_code()
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "next": next_url,
            "has_passkey": has_passkey,
            "webauthn_config": get_configuration(request) if has_passkey else None,
        },
    )
