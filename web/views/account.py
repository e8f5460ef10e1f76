"""Signing in and out, and the pages for errors."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from web.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was too old, or sent from somewhere else (CSRF_FAILURE_VIEW): nothing was saved."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
