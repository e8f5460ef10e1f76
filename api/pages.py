"""The API tokens page (/account/tokens/): a person's own tokens, listed, issued
(the key shown once) and revoked. Admins revoke anyone's, and issue integration
tokens, in the admin site (api.admin)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from t4c_socialcheck.errors import ServiceError
from t4c_socialcheck.forms import add_service_error

from .forms import TokenIssueForm
from .models import ApiToken
from .tokens import NO_FACTOR, api_token_issue, api_token_revoke, may_have_personal_token


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    may_issue = may_have_personal_token(request.user)
    form = TokenIssueForm(request.POST or None)
    if request.method == "POST":
        if not may_issue:
            raise PermissionDenied(NO_FACTOR)
        if form.is_valid():
            try:
                token, key = api_token_issue(
                    user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                # Shown on this answer only (never a redirect, a message or the session): no-store, as every page.
                return render(request, "api/token_issued.html", {"token": token, "key": key})
    tokens = ApiToken.objects.filter(user=request.user).select_related("issued_by").order_by("-pk")
    return render(
        request,
        "api/tokens.html",
        {"tokens": tokens, "form": form, "may_issue": may_issue, "days": settings.SOCIALCHECK_API_TOKEN_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "POST":
        if api_token_revoke(token=token, by=request.user):
            messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
        return redirect("tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
