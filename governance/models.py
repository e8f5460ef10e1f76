"""Staff clauses of the policy (4-6.1) made records: training, conflicts of
interest, restricted households. The rules read them (checks.facts); the scope
function reads restrictions (cases.scope)."""

import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import AboutCase, Household
from t4c_socialcheck.dates import add_calendar_months


class CourseQuerySet(models.QuerySet):
    def required(self):
        return self.filter(active=True, required_for_checking=True)


class Course(models.Model):
    """A training course an admin defines; required ones gate every check (TRAINING_REQUIRED)."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    name = models.CharField(max_length=100, unique=True)
    validity_months = models.PositiveSmallIntegerField(
        default=12, help_text="How long a completion stays in date, in calendar months."
    )
    required_for_checking = models.BooleanField(
        default=False, help_text="Workers and managers need it in date to make a check."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(validity_months__gte=1), name="course_validity_positive")]

    def __str__(self):
        return self.name


class TrainingRecordQuerySet(models.QuerySet):
    def in_date(self, day: datetime.date):
        return self.filter(completed_on__lte=day, expires_on__gte=day)


class TrainingRecord(models.Model):
    """A member of staff completed a course on a day; in date until `expires_on` (inclusive)."""

    audit_configuration = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField(editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["user", "course", "expires_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gte=models.F("completed_on")), name="training_expires_after")
        ]

    def save(self, *args, **kwargs):
        # The last in-date day is the day before the same date `validity_months` later.
        self.expires_on = add_calendar_months(self.completed_on, self.course.validity_months) - datetime.timedelta(
            days=1
        )
        super().save(*args, **kwargs)


class ConflictDeclaration(AboutCase, models.Model):
    """Clause 6.1: a member of staff knows the household personally. Their checks there are refused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="conflicts")
    reason = models.CharField(max_length=500)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-declared_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "household"], name="one_conflict_per_user_household")]


class Restriction(AboutCase, models.Model):
    """A household only the named staff may see (e.g. a colleague applying). Lifted, never deleted."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="restrictions")
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="restricted_households")
    reason = models.CharField(max_length=500)
    restricted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    restricted_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-restricted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(lifted_at__isnull=True), name="one_live_restriction_per_household"
            )
        ]

    @property
    def live(self) -> bool:
        return self.lifted_at is None


auditlog.register(Course)
auditlog.register(TrainingRecord)
auditlog.register(ConflictDeclaration)
auditlog.register(Restriction, m2m_fields={"staff"})
