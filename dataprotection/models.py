from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import AboutCase, Applicant, CaseOutcome


class RecordKind(models.TextChoices):
    CHECKS = "checks", "Checks (with profiles and their audit entries)"
    REFUSALS = "refusals", "Refusals"
    INCIDENTS = "incidents", "Incidents"
    CASE = "case", "Applicants' personal details and consents"


class RetentionPeriod(models.Model):
    """How long each kind of record is kept after a household closes, by outcome (admin-set)."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    outcome = models.CharField(max_length=24, choices=CaseOutcome.choices)
    record_kind = models.CharField(max_length=16, choices=RecordKind.choices)
    months = models.PositiveIntegerField(help_text="Months after the household's closed date.")

    class Meta:
        ordering = ["outcome", "record_kind"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "record_kind"], name="one_period_per_outcome_and_kind"),
            models.CheckConstraint(condition=models.Q(months__gte=1) & models.Q(months__lte=1200), name="sane_months"),
        ]

    def __str__(self):
        return f"{self.get_record_kind_display()} after {self.get_outcome_display().lower()}: {self.months} months"


class DestructionRecord(models.Model):
    """The destruction register: what retention removed, when and under which rule. No personal data."""

    run_at = models.DateTimeField()
    household_reference = models.CharField(max_length=64)
    household_id = models.BigIntegerField()
    outcome = models.CharField(max_length=24, choices=CaseOutcome.choices)
    record_kind = models.CharField(max_length=16, choices=RecordKind.choices)
    count = models.PositiveIntegerField()
    closed_on = models.DateField()
    retention_months = models.PositiveIntegerField()

    class Meta:
        ordering = ["-run_at", "-pk"]


class SubjectAccessRequest(AboutCase, models.Model):
    """A subject access request: answered within one calendar month of receipt."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="subject_access_requests")
    received_on = models.DateField()
    due_on = models.DateField(editable=False)
    completed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def save(self, *args, **kwargs):
        from t4c_socialcheck.dates import add_calendar_months

        self.due_on = add_calendar_months(self.received_on, 1)
        super().save(*args, **kwargs)

    @property
    def overdue(self) -> bool:
        return self.completed_on is None and timezone.localdate() > self.due_on


auditlog.register(RetentionPeriod)
auditlog.register(SubjectAccessRequest)
