from django.contrib import admin

from .models import ConsentText, ConsentTranslation


class ConsentTranslationInline(admin.StackedInline):
    """Translations an admin adds; a saved one never changes (consents record its hash)."""

    model = ConsentTranslation
    extra = 0
    fields = ("language", "language_name", "version", "body", "body_sha256")
    readonly_fields = ("body_sha256",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ("version", "easy_read_version", "published_at", "body_sha256")
    list_filter = ("published_at",)
    search_fields = ("version", "body")
    readonly_fields = ("body_sha256", "easy_read_sha256", "created_at")
    inlines = [ConsentTranslationInline]

    def get_readonly_fields(self, request, obj=None):
        # Consents record which wording was shown: a published text never changes.
        if obj is not None and obj.published_at is not None:
            return (
                "version",
                "body",
                "easy_read_body",
                "easy_read_version",
                "published_at",
                "body_sha256",
                "easy_read_sha256",
                "created_at",
            )
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.published_at is None
