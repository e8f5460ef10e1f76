from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from t4c_socialcheck.admin import ReadOnlyAdmin

from .models import DestructionRecord, RetentionPeriod, SubjectAccessRequest


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    list_display = ("outcome", "record_kind", "months")
    list_filter = ("outcome", "record_kind")
    list_editable = ("months",)


@admin.register(DestructionRecord)
class DestructionRecordAdmin(ReadOnlyAdmin):
    """The destruction register: read-only."""

    list_display = ("run_at", "household_reference", "outcome", "record_kind", "count", "closed_on", "retention_months")
    list_filter = ("outcome", "record_kind")
    search_fields = ("household_reference",)


@admin.register(SubjectAccessRequest)
class SubjectAccessRequestAdmin(admin.ModelAdmin):
    """Subject access requests and their one-month deadline; the export itself is on the applicant's page."""

    list_display = ("applicant", "received_on", "due_on", "completed_on", "is_overdue", "export_link")
    list_filter = ("completed_on",)
    raw_id_fields = ("applicant",)
    readonly_fields = ("due_on", "recorded_by", "recorded_at")
    fields = ("applicant", "received_on", "due_on", "completed_on", "recorded_by", "recorded_at")

    @admin.display(boolean=True, description="Overdue")
    def is_overdue(self, request_record):
        return request_record.overdue

    @admin.display(description="Export")
    def export_link(self, request_record):
        url = reverse("subject-access-html", args=[request_record.applicant_id])
        return format_html('<a href="{}">Everything held</a>', url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False
