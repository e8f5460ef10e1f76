from django.contrib import admin

from .models import Platform, ViewingAccount


class ViewingAccountInline(admin.TabularInline):
    model = ViewingAccount
    extra = 0
    fields = ("label", "kind", "account_identifier", "active")


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "active", "checkable", "domains")
    list_filter = ("category", "active", "checkable")
    search_fields = ("name", "domains")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ViewingAccountInline]

    def has_delete_permission(self, request, obj=None):
        # Retire a platform (untick "active") so its history keeps its name.
        return False


@admin.register(ViewingAccount)
class ViewingAccountAdmin(admin.ModelAdmin):
    list_display = ("label", "platform", "kind", "active")
    list_filter = ("platform", "kind", "active")
    search_fields = ("label", "account_identifier", "platform__name")

    def has_delete_permission(self, request, obj=None):
        return False
