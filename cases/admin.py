from django.contrib import admin

from t4c_socialcheck.admin import ReadOnlyAdmin

from .models import ClosingCorrection, LegalHoldChange, LocalAuthority, StageMove


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "dpo_name", "senior_responsible_officer_name", "ripa_coordinator_name")
    search_fields = ("name", "slug", "dpo_name", "senior_responsible_officer_name", "ripa_coordinator_name")
    fieldsets = [
        (None, {"fields": ["name", "slug", "email_from"]}),
        (
            "Who is responsible",
            {
                "fields": [
                    ("dpo_name", "dpo_email"),
                    ("senior_responsible_officer_name", "senior_responsible_officer_email"),
                    ("ripa_coordinator_name", "ripa_coordinator_email"),
                ]
            },
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.households.exists()


# Households, applicants, consents, profiles and checks are deliberately not
# in the admin: case records change only through the services, by workers.


@admin.register(StageMove)
class StageMoveAdmin(ReadOnlyAdmin):
    list_display = ("household", "stage", "on", "by", "recorded_at")
    list_filter = ("stage",)


@admin.register(LegalHoldChange)
class LegalHoldChangeAdmin(ReadOnlyAdmin):
    list_display = ("household", "held", "by", "at")


@admin.register(ClosingCorrection)
class ClosingCorrectionAdmin(ReadOnlyAdmin):
    list_display = ("household", "outcome_before", "outcome", "closed_on_before", "closed_on", "by", "at")
