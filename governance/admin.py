"""Admins define the training courses; training records, conflicts and restrictions are
recorded by managers and staff on the pages (governance.services), and only read here."""

from django.contrib import admin

from .models import Course, TrainingRecord


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("name", "validity_months", "required_for_checking", "active")
    list_filter = ("required_for_checking", "active")
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        # A course with completions is evidence of who was trained: retire it instead.
        return obj is None or not obj.records.exists()


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "completed_on", "expires_on", "recorded_by")
    list_filter = ("course",)
    search_fields = ("user__username", "user__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
