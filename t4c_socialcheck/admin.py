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


class SuperusersOnlyAdmin:
    """A technical section (lockouts, second factors, beat schedules, groups): hidden from
    ordinary admins, whatever permissions they hold; superusers keep it for rare repairs."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def superusers_only(*models) -> None:
    """Register each model's admin again with SuperusersOnlyAdmin in front (public AdminSite API)."""
    for model in models:
        if not admin.site.is_registered(model):
            continue
        model_admin = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(model, type(model_admin.__name__, (SuperusersOnlyAdmin, model_admin), {}))
