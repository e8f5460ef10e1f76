from django.contrib import admin

from .models import DestructionRecord, RetentionPeriod


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    list_display = ("outcome", "record_kind", "months")
    list_filter = ("outcome", "record_kind")
    list_editable = ("months",)


@admin.register(DestructionRecord)
class DestructionRecordAdmin(admin.ModelAdmin):
    """The destruction register: read-only."""

    list_display = ("run_at", "household_reference", "outcome", "record_kind", "count", "closed_on", "retention_months")
    list_filter = ("outcome", "record_kind")
    search_fields = ("household_reference",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
