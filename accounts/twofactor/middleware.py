from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import is_required, second_step_done, session_has_factor

# What a signed-in person who has not taken the second step may still reach:
# the two-step pages themselves, the passkey endpoints, signing out.
OPEN_NAMESPACES = {"twofactor", "otp_webauthn"}
OPEN_URL_NAMES = {"logout", "healthz", "readyz", "metrics"}


class TwoFactorMiddleware:
    """Keep a signed-in person who has not taken the second step on the
    two-step pages: pages and the admin redirect there, the session-signed
    API answers 403. Goes after django_otp's OTPMiddleware.

    A request with an API token is a script, not a person at a browser: the
    token alone authenticates it (DRF tries the token first and never falls
    back to the session), so it is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or _is_open(request) or second_step_done(request):
            return None
        if session_has_factor(request):
            step = "verify"
        elif is_required():
            step = "setup"
        else:
            return None
        if _is_api(request):
            if _has_api_token(request):
                return None
            return _api_refusal(step)
        target = reverse(f"twofactor:{step}")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


def _is_open(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and (match.namespace in OPEN_NAMESPACES or match.url_name in OPEN_URL_NAMES)


def _is_api(request: HttpRequest) -> bool:
    match = request.resolver_match
    return (match is not None and match.namespace == "api") or request.path_info.startswith("/api/")


def _has_api_token(request: HttpRequest) -> bool:
    keyword = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0]
    return keyword.lower() == "token"


def _api_refusal(step: str) -> JsonResponse:
    if step == "verify":
        detail = "Confirm your sign-in with your passkey or authenticator app first (/two-factor/verify/)."
    else:
        detail = "Set up two-step verification first (/two-factor/): it is required for every user."
    return JsonResponse({"code": "TWO_FACTOR_REQUIRED", "detail": detail, "fields": {}}, status=403)
