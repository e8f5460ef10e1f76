"""django-otp-webauthn's passkey endpoints, with our bookkeeping when a ceremony succeeds.

The ceremonies are the package's: its views check that someone who already has
a factor has confirmed it before registering another, and that a passkey
belongs to the signed-in user. We add: the session's note that the user has a
factor, clearing their failed sign-ins, the audit trail and a message.
Passwordless sign-in is off (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN): a passkey
is the second step after the password, never a way round it or round the lockout.
"""

import json

from django.contrib import messages
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.models import WebAuthnCredential

from . import second_step_passed, user_has_factor
from .setup_code import code_needed


class SetupCodeNeeded(OTPWebAuthnApiError):
    status_code = 403
    default_code = "setup_code_needed"
    default_detail = "Enter the set-up code an administrator gave you before you set up a passkey."


class SetupCodeFirst:
    """A first passkey, like a first app, needs the set-up code (setup_code.py)."""

    def check_can_register(self):
        super().check_can_register()
        if code_needed(self.request, has_factor=user_has_factor(self.request.user)):
            raise SetupCodeNeeded()


class BeginRegistration(SetupCodeFirst, views.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(SetupCodeFirst, views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"], user=self.request.user)
            second_step_passed(self.request, device, added=True)
            messages.success(self.request, "Your passkey is set up. You can use it each time you sign in.")
        return response


class CompleteAuthentication(views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        second_step_passed(self.request, device)


app_name = "otp_webauthn"

# The package's URL names, so that its template tags and scripts find them.
urlpatterns = [
    path(
        "registration/begin/",
        BeginRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path("registration/complete/", CompleteRegistration.as_view(), name="credential-registration-complete"),
    path(
        "authentication/begin/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path("authentication/complete/", CompleteAuthentication.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
