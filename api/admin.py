from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from t4c_socialcheck.errors import ServiceError

from .models import ApiToken
from .tokens import api_token_issue, api_token_revoke


class IntegrationTokenForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        help_text="The system acts as this user, with their role and teams: a user kept for it is best.",
    )
    name = forms.CharField(max_length=100, help_text="The system it is for, e.g. “Case management system”.")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, widget=forms.RadioSelect)
    days = forms.IntegerField(label="Expires after (days)", min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.SOCIALCHECK_API_TOKEN_DAYS
        self.fields["days"].help_text = f"At most {settings.SOCIALCHECK_API_TOKEN_MAX_DAYS} (API_TOKEN_MAX_DAYS)."


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins see every token, revoke any, and issue integration tokens ("Add API token",
    the key shown once on a page no browser keeps). Keys are never stored, only their hash."""

    list_display = ("name", "user", "kind", "scope", "status", "created_at", "expires_at", "last_used_at", "issued_by")
    list_filter = ("kind", "scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "name")
    list_select_related = ("user", "issued_by")
    readonly_fields = (
        "user",
        "name",
        "kind",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "issued_by",
    )
    exclude = ("key_hash",)
    actions = ["revoke_tokens"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who had access stays

    def has_revoke_permission(self, request):
        return request.user.has_perm("api.change_apitoken")

    @admin.display(description="Status")
    def status(self, token):
        return token.status

    @admin.action(description="Revoke the selected tokens", permissions=["revoke"])
    def revoke_tokens(self, request, queryset):
        revoked = sum(api_token_revoke(token=token, by=request.user) for token in queryset.select_related("user"))
        self.message_user(request, f"{revoked} token{'s' if revoked != 1 else ''} revoked.", messages.SUCCESS)

    def add_view(self, request, form_url="", extra_context=None):
        """Issue an integration token; the key is shown once, on this answer only."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IntegrationTokenForm(request.POST or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form}
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                token, key = api_token_issue(
                    user=data["user"],
                    name=data["name"],
                    kind=ApiToken.Kind.INTEGRATION,
                    scope=data["scope"],
                    issued_by=request.user,
                    days=data["days"],
                )
            except ServiceError as error:
                form.add_error(None, error.detail)
            else:
                self.log_addition(request, token, "Issued an integration token")
                response = TemplateResponse(
                    request,
                    "admin/api/apitoken/issued.html",
                    {**context, "title": "Integration token issued", "token": token, "key": key},
                )
                add_never_cache_headers(response)
                return response
        return TemplateResponse(
            request, "admin/api/apitoken/issue.html", {**context, "title": "Issue an integration token"}
        )
