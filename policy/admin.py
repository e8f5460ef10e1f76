from django.contrib import admin

from .models import PolicyVersion


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ("version", "title", "published_at", "effective_on", "review_by", "acknowledgement_count")
    list_filter = ("published_at",)
    search_fields = ("version", "title", "body")
    readonly_fields = ("body_sha256", "created_at")

    @admin.display(description="Accepted by")
    def acknowledgement_count(self, version):
        return version.acknowledgements.count()

    def get_readonly_fields(self, request, obj=None):
        # A published version is evidence of what workers accepted: publish a new one instead.
        # Its review-by date stays editable: a review that changes nothing moves it on.
        if obj is not None and obj.published_at is not None:
            return ("version", "title", "body", "published_at", "effective_on", "body_sha256", "created_at")
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.published_at is None
