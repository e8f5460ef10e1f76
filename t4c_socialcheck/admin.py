"""What the admin sites of several apps share."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services (history, registers): the admin reads them, never changes them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
