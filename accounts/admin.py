from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Team, User
from .twofactor.setup_code import issue_setup_code


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "teams")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Role", {"fields": ("role",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Role", {"fields": ("role", "email", "first_name", "last_name")}),
    )
    actions = ["issue_setup_codes"]

    @admin.action(description="Issue a set-up code for two-step verification", permissions=["change"])
    def issue_setup_codes(self, request, queryset):
        """Shown on a page of its own, once, never stored in a message cookie."""
        codes = [(user, issue_setup_code(user=user, issued_by=request.user)) for user in queryset]
        response = TemplateResponse(
            request,
            "admin/accounts/setup_codes.html",
            {
                **self.admin_site.each_context(request),
                "title": "Set-up codes for two-step verification",
                "codes": codes,
                "hours": settings.SOCIALCHECK_SETUP_CODE_HOURS,
                "opts": self.model._meta,
            },
        )
        add_never_cache_headers(response)
        return response


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "member_count", "manager_names")
    search_fields = ("name", "members__username", "managers__username")
    list_filter = ("managers",)
    filter_horizontal = ("members", "managers")

    @admin.display(description="Members")
    def member_count(self, team):
        return team.members.count()

    @admin.display(description="Managers")
    def manager_names(self, team):
        return ", ".join(m.username for m in team.managers.all())


# Two-step verification: an admin can see who has set up which factor, and
# reset it by deleting it (the person then sets it up again). An admin never
# sees, sets or changes an authenticator app's key, so cannot copy someone's codes.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
