"""Single sign-on with the council's identity provider over OpenID Connect
(mozilla-django-oidc), configured by environment variables (README, "Operating it").

- A person is matched to an account an admin made, by a stable claim of the
  provider (OIDC_SUBJECT_CLAIM: `sub`, or Entra ID's `oid`) stored on the account
  (User.sso_subject). Accounts are never made here; roles and teams stay the app's.
  With OIDC_LINK_BY_EMAIL on, an account with no subject yet is linked on its
  first sign-in by its email address (in an allowed domain), and the link is audited.
- Anyone else (no account, a disabled one, an email outside OIDC_ALLOWED_EMAIL_DOMAINS)
  is refused with a page that says why, and the refusal is in the audit trail.
- If the ID token shows a multi-factor sign-in (`amr` has one of OIDC_MFA_AMR_VALUES,
  or `acr` is one of OIDC_MFA_ACR_VALUES), the app's own second step is not asked
  again (accounts.twofactor.SSO_MFA_SESSION_KEY); otherwise it is, as after a password.
"""

import logging
import time

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from audit.models import Action
from audit.services import audit_record

from .twofactor import HAS_FACTOR_SESSION_KEY, SSO_MFA_SESSION_KEY, is_required, second_step_done

logger = logging.getLogger(__name__)

# The provider's endpoints, from its discovery document when not set one by one.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_SECONDS = 3600
_discovery_cache: dict[str, tuple[float, dict]] = {}

REASONS = {
    "unknown": "There is no account in this service for the person you signed in as.",
    "disabled": "Your account in this service has been switched off.",
    "domain": "You signed in with an email address this service does not accept.",
    "claims": "Your organisation's sign-in did not say who you are in a way this service can use.",
    "provider": "Your organisation's sign-in could not be completed.",
    "unreachable": "This service cannot reach your organisation's sign-in just now. Try again in a few minutes.",
}


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.SOCIALCHECK_OIDC_ISSUER)


def discovery(issuer: str) -> dict:
    cached = _discovery_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    response = requests.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ImproperlyConfigured("OIDC_ISSUER does not match the issuer in the provider's discovery document")
    _discovery_cache[issuer] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return document


def oidc_setting(attr, *default):
    """mozilla-django-oidc's settings, with the endpoints found from OIDC_ISSUER when not given."""
    if attr in DISCOVERED and not getattr(settings, attr, ""):
        if not enabled():
            raise Http404("Single sign-on is not configured")
        return discovery(settings.SOCIALCHECK_OIDC_ISSUER)[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


def claim_says_multi_factor(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(amr) & set(settings.SOCIALCHECK_OIDC_MFA_AMR_VALUES):
        return True
    return bool(claims.get("acr")) and claims.get("acr") in settings.SOCIALCHECK_OIDC_MFA_ACR_VALUES


def email_domain_allowed(email: str) -> bool:
    domains = settings.SOCIALCHECK_OIDC_ALLOWED_EMAIL_DOMAINS
    if not domains:
        return True
    return "@" in email and email.rsplit("@", 1)[1].lower() in domains


class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs in an existing account only; says why it refused on `request.sso_refusal`."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Django makes every backend for every sign-in, passwords included: the
        # provider's settings (and its discovery document) are read only when used.
        self.UserModel = get_user_model()

    def configure(self) -> None:
        self.OIDC_OP_TOKEN_ENDPOINT = self.get_settings("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = self.get_settings("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = self.get_settings("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def authenticate(self, request, **kwargs):
        if request is None or not enabled() or "nonce" not in kwargs or "code" not in request.GET:
            return None
        try:
            self.configure()
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            request.sso_refusal = refusal.reason
        except (requests.RequestException, SuspiciousOperation) as error:
            logger.warning("sso_failed", extra={"error": type(error).__name__})
            request.sso_refusal = "provider"
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        """`payload` is the ID token, its signature checked; the issuer and audience are checked here."""
        if payload.get("iss", "").rstrip("/") != settings.SOCIALCHECK_OIDC_ISSUER.rstrip("/"):
            raise Refused("provider")
        audience = payload.get("aud")
        if settings.OIDC_RP_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise Refused("provider")
        claims = {**self.get_userinfo(access_token, id_token, payload), **payload}
        subject = str(claims.get(settings.SOCIALCHECK_OIDC_SUBJECT_CLAIM) or "")
        email = str(claims.get("email") or claims.get("preferred_username") or "")
        if not subject:
            raise Refused("claims")
        if not email_domain_allowed(email):
            raise Refused("domain")
        user = self.match(subject, email)
        if not user.is_active:
            raise Refused("disabled")
        self.request.sso_multi_factor = claim_says_multi_factor(payload)
        return user

    def match(self, subject: str, email: str):
        User = get_user_model()
        user = User.objects.filter(sso_subject=subject).first()
        if user is not None:
            return user
        if settings.SOCIALCHECK_OIDC_LINK_BY_EMAIL and email:
            candidates = list(User.objects.filter(email__iexact=email, sso_subject__isnull=True)[:2])
            if len(candidates) == 1:
                user = candidates[0]
                user.sso_subject = subject
                user.save(update_fields=["sso_subject"])
                audit_record(
                    actor=None,
                    action=Action.SIGN_IN,
                    record_type="user",
                    record_id=user.pk,
                    summary=f"{user.username}'s account linked to their organisation's sign-in by email address",
                    data={"sso_linked": True},
                    request=self.request,
                )
                return user
        raise Refused("unknown")


def provider_unreachable(request):
    return render(
        request, "accounts/sso_refused.html", {"reason": REASONS["unreachable"], "code": "unreachable"}, status=503
    )


class SignOnStart(OIDCAuthenticationRequestView):
    """/sso/start/: off to the identity provider."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the provider's settings are read in get(), not for every request

    def get(self, request):
        if not enabled():
            raise Http404("Single sign-on is not configured")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException:
            return provider_unreachable(request)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SignOnCallback(OIDCAuthenticationCallbackView):
    """/sso/callback/: the provider sends the person back here with a code."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not enabled():
            raise Http404("Single sign-on is not configured")
        return super().get(request)

    def login_success(self):
        # Read by accounts.signals.record_sign_in, which the login below sends.
        self.request.sign_in_method = "sso"
        multi_factor = getattr(self.request, "sso_multi_factor", False)
        super().login_success()
        self.request.session[SSO_MFA_SESSION_KEY] = multi_factor
        target = self.success_url
        if second_step_done(self.request):
            return HttpResponseRedirect(target)
        if self.request.session.get(HAS_FACTOR_SESSION_KEY):
            step = "twofactor:verify"
        elif is_required():
            step = "twofactor:setup"
        else:
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': target})}")

    def login_failure(self):
        reason = getattr(self.request, "sso_refusal", None) or "provider"
        audit_record(
            actor=None,
            action=Action.SIGN_IN_FAILED,
            record_type="user",
            record_id="",
            summary=f"Single sign-on refused: {reason}",
            data={"sso": reason},
            request=self.request,
        )
        return render(
            self.request,
            "accounts/sso_refused.html",
            {"reason": REASONS.get(reason, REASONS["provider"]), "code": reason},
            status=403,
        )
