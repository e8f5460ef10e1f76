from django.contrib import admin

from .models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ("version", "published_at", "body_sha256")
    list_filter = ("published_at",)
    search_fields = ("version", "body")
    readonly_fields = ("body_sha256", "created_at")

    def get_readonly_fields(self, request, obj=None):
        # Consents record which wording was shown: a published text never changes.
        if obj is not None and obj.published_at is not None:
            return ("version", "body", "easy_read_body", "published_at", "body_sha256", "created_at")
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.published_at is None
