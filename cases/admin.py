from django.contrib import admin

from .models import LocalAuthority


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "dpo_name", "dpo_email")
    search_fields = ("name", "dpo_name", "dpo_email")

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.households.exists()


# Households, applicants, consents, profiles and checks are deliberately not
# in the admin: case records change only through the services, by workers.
