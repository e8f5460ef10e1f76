from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .models import Team, User
from .twofactor import record_two_factor
from .twofactor.setup_code import issue_setup_code


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "teams")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Role", {"fields": ("role",)}),
        ("Single sign-on", {"fields": ("sso_subject",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Role", {"fields": ("role", "email", "first_name", "last_name")}),
    )
    actions = ["issue_setup_codes"]

    @admin.action(description="Issue a set-up code for two-step verification", permissions=["change"])
    def issue_setup_codes(self, request, queryset):
        """Shown on a page of its own, once, never stored in a message cookie."""
        codes = [(user, issue_setup_code(user=user, issued_by=request.user)) for user in queryset]
        response = TemplateResponse(
            request,
            "admin/accounts/setup_codes.html",
            {
                **self.admin_site.each_context(request),
                "title": "Set-up codes for two-step verification",
                "codes": codes,
                "hours": settings.SOCIALCHECK_SETUP_CODE_HOURS,
                "opts": self.model._meta,
            },
        )
        add_never_cache_headers(response)
        return response


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "local_authority", "member_count", "manager_names")
    search_fields = ("name", "members__username", "managers__username")
    list_filter = ("managers",)
    filter_horizontal = ("members", "managers")

    @admin.display(description="Members")
    def member_count(self, team):
        return team.members.count()

    @admin.display(description="Managers")
    def manager_names(self, team):
        return ", ".join(m.username for m in team.managers.all())


# Two-step verification: an admin can see who has set up which factor, and
# reset one by deleting it (the person then sets it up again, with a new
# set-up code). An admin never sees, sets or changes a factor's secret, so
# cannot copy someone's codes or passkey. Each removal is on the audit trail.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class SecondFactorAdmin(admin.ModelAdmin):
    what = ""  # e.g. "authenticator app", for the audit trail
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__first_name", "user__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._record_removal(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        removed = list(queryset.select_related("user"))
        super().delete_queryset(request, queryset)
        for factor in removed:
            self._record_removal(request, factor)

    def _record_removal(self, request, factor) -> None:
        record_two_factor(
            factor.user,
            actor=request.user,
            summary=f"{request.user.username} removed {factor.user.username}'s {self.what}",
            data={"removed": self.what},
            request=request,
        )


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(SecondFactorAdmin):
    what = "authenticator app"
    fields = ("user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    readonly_fields = fields


@admin.register(WebAuthnCredential)
class PasskeyAdmin(SecondFactorAdmin):
    what = "passkey"
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields


# The technical sections, for superusers only (t4c_socialcheck.admin.SuperusersOnlyAdmin). Their
# admin modules are imported here first, so that they are registered whatever the app order.
import axes.admin  # noqa: E402, F401
import django_celery_beat.admin  # noqa: E402
from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # noqa: E402
from celery.schedules import ParseException  # noqa: E402
from celery.schedules import crontab as celery_crontab  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django_celery_beat.models import (  # noqa: E402
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from t4c_socialcheck.admin import superusers_only  # noqa: E402

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


class CrontabScheduleForm(forms.ModelForm):
    """django-celery-beat's validators let through values that celery's own parser refuses
    ("-1" for an hour, say; its issue #647). Saved, such a schedule breaks its admin page and
    the beat scheduler that runs every nightly task, so each is read here as celery reads it."""

    class Meta:
        model = CrontabSchedule
        fields = (*CRONTAB_FIELDS, "timezone")

    def clean(self):
        data = super().clean()
        fields = {name: data.get(name) for name in CRONTAB_FIELDS}
        if None not in fields.values():
            try:
                celery_crontab(**fields)
            except (ValueError, ParseException) as error:
                raise forms.ValidationError(f"Celery cannot read this schedule: {error}.") from None
        return data


class CrontabScheduleAdmin(django_celery_beat.admin.CrontabScheduleAdmin):
    form = CrontabScheduleForm

    @admin.display(description="Human readable")
    def human_readable(self, schedule) -> str:
        """The schedule in words, or why it has none (a refused form shows the values refused)."""
        try:
            return schedule.human_readable
        except (ValueError, ParseException):
            return "Not a schedule celery can read"


admin.site.unregister(CrontabSchedule)
admin.site.register(CrontabSchedule, CrontabScheduleAdmin)

superusers_only(
    AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice, WebAuthnCredential, Group,
    PeriodicTask, ClockedSchedule, CrontabSchedule, SolarSchedule, IntervalSchedule,
)  # fmt: skip
