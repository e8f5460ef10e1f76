from django.contrib import admin

from .models import LegalHoldChange, LocalAuthority, StageMove


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "dpo_name", "dpo_email")
    search_fields = ("name", "dpo_name", "dpo_email")

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.households.exists()


# Households, applicants, consents, profiles and checks are deliberately not
# in the admin: case records change only through the services, by workers.


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History is written by the services and never edited: the admin only reads it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageMove)
class StageMoveAdmin(ReadOnlyHistoryAdmin):
    list_display = ("household", "stage", "on", "by", "recorded_at")
    list_filter = ("stage",)


@admin.register(LegalHoldChange)
class LegalHoldChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("household", "held", "by", "at")
