from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins can see who has a token and revoke one; keys are issued with `issue_api_token`."""

    list_display = ("user", "created_at")
    search_fields = ("user__username",)
    readonly_fields = ("user", "key_hash", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
