from django.contrib import admin

from t4c_socialcheck.admin import ReadOnlyAdmin

from .models import DestructionRecord, LawfulBasisVersion, RetentionPeriod


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


@admin.register(LawfulBasisVersion)
class LawfulBasisVersionAdmin(admin.ModelAdmin):
    """Each council's lawful basis, Article 9 condition and DPIA: a change is a new version
    (add one); a saved version is never edited, so every consent keeps the one it was recorded under."""

    list_display = ("local_authority", "version", "article_9_condition", "dpia_reference", "dpia_date", "in_force_from")
    list_filter = ("local_authority",)
    readonly_fields = ("version", "recorded_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
