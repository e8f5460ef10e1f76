from django.contrib import admin

from .models import CheckSettings


@admin.register(CheckSettings)
class CheckSettingsAdmin(admin.ModelAdmin):
    """One row: how long before a returning applicant may have a new one-off check."""

    list_display = ("__str__", "returning_interval_months")
    fields = ("returning_interval_months",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CheckSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
