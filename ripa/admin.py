from django.contrib import admin

from .models import AuthorisingOfficer


@admin.register(AuthorisingOfficer)
class AuthorisingOfficerAdmin(admin.ModelAdmin):
    """Admins keep each council's designated authorising officers. The council's senior
    responsible officer and RIPA coordinator are on its own page (Local authorities)."""

    list_display = ("user", "council", "grade", "active", "designated_on")
    list_filter = ("council", "active")
    search_fields = ("user__username", "user__first_name", "user__last_name", "grade")
    # A plain choice of user, not autocomplete_fields: Django's autocomplete widget looks up the value
    # sent back when it shows the form again, and a value that is not an id made that a 500.

    def has_delete_permission(self, request, obj=None):
        return False  # a designation ends by unticking "active": decisions name it


# Applications and their steps are not edited here: they change only through ripa.services.
