"""Every active member of staff is asked to accept a new policy version at sign-in.

At sign-in (`user_logged_in`) the session notes whether the person still has the
current version to accept; until they accept it, every page and the admin site
send them to the policy page. The note is read from the session, so a page costs
no extra query. Auditors read the policy and change nothing, so they are not
asked. The API is left alone: a script cannot read a policy, and the rules refuse
its checks (POLICY_NOT_ACKNOWLEDGED) all the same."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from accounts.models import Role

from .models import PolicyVersion
from .services import has_accepted_current_policy

SESSION_KEY = "policy_to_accept"
# What a person with a policy to accept may still open.
OPEN_URL_NAMES = {"policy", "logout", "password-change", "healthz", "readyz", "metrics", "login"}
OPEN_NAMESPACES = {"twofactor", "otp_webauthn", "api"}


def asked_to_accept(user) -> bool:
    return user.is_active and user.role != Role.AUDITOR


def note_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = (
            asked_to_accept(user)
            and PolicyVersion.objects.published().exists()
            and not has_accepted_current_policy(user)
        )


def note_accepted(request) -> None:
    """The session is no longer sent to the policy page (only a session that was is written)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY):
        session[SESSION_KEY] = False


class PolicyGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        if not request.session.get(SESSION_KEY):
            return None
        match = request.resolver_match
        if match is None or match.url_name in OPEN_URL_NAMES or match.namespace in OPEN_NAMESPACES:
            return None
        if request.path_info.startswith(("/api/", "/sso/", "/passkeys/", "/two-factor/")):
            return None
        target = reverse("policy")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
