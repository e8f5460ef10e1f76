"""Signing in and out, and the pages for errors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode

from accounts import sso
from accounts.twofactor import HAS_FACTOR_SESSION_KEY, is_required
from web.forms import ChangePasswordForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": sso.enabled(),
            "password_for_admins_only": settings.SOCIALCHECK_PASSWORD_SIGN_IN == "admins",
        }

    def get_success_url(self):
        """Straight on to the second step when one is due (accounts.twofactor). Without a
        `next` address, each role lands on its own home (role_home)."""
        url = self.get_redirect_url() or role_home(self.request.user)
        user = self.request.user
        # Just signed in, request.user is the plain user; on a later visit django-otp has marked it.
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return url
        if self.request.session.get(HAS_FACTOR_SESSION_KEY):
            step = "twofactor:verify"
        elif is_required():
            step = "twofactor:setup"
        else:
            return url
        return f"{reverse(step)}?{urlencode({'next': url})}"


def role_home(user) -> str:
    """Where a person starts their day: workers their caseload, managers the dashboard,
    auditors the audit trail, admins their admin home."""
    from accounts.models import Role

    homes = {Role.MANAGER: "oversight-dashboard", Role.AUDITOR: "audit-trail", Role.ADMIN: "admin-home"}
    return reverse(homes.get(getattr(user, "role", None), "caseload"))


class SignOutView(auth_views.LogoutView):
    """Signing out is a POST (the header's button); opening the address asks to confirm."""

    http_method_names = ["get", "head", "post", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return render(request, "web/sign_out.html")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


class ChangePasswordView(auth_views.PasswordChangeView):
    """Change your own password, with the current one. The session stays signed
    in (Django updates its hash); other sessions of this account end. The
    change is in the audit trail (accounts.models.User.save)."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("caseload")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was too old, or sent from somewhere else (CSRF_FAILURE_VIEW): nothing was saved."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


@login_required
def your_account(request: HttpRequest) -> HttpResponse:
    """One place for the person's own sign-in: who they are here, their second factor,
    API tokens, password and signing out (which asks to confirm)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    user = request.user
    return render(
        request,
        "web/your_account.html",
        {
            "member_of": user.teams.order_by("name"),
            "manages": user.managed_teams.order_by("name"),
            "app": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
            "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True).count(),
            "tokens": user.api_tokens.filter(revoked_at=None, expires_at__gt=timezone.now()).count(),
        },
    )
