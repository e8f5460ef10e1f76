import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from cases.models import AboutCase, Applicant, Household, LocalAuthority

ICO_DEADLINE = datetime.timedelta(hours=72)


class IncidentKind(models.TextChoices):
    POLICY_BREACH = "policy_breach", "Breach of the social media policy"
    DATA_BREACH = "data_breach", "Personal data breach"
    TROLLING = "trolling", "A service user trolling a worker"
    THREAT = "threat", "A service user threatening a worker"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    INVESTIGATING = "investigating", "Investigating"
    CLOSED = "closed", "Closed"


class IcoDecision(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    REPORTED = "reported", "Reported to the ICO"
    NOT_REPORTABLE = "not_reportable", "Not reportable"


class Incident(AboutCase, models.Model):
    """A suspected breach (clause 7.9, investigated by the local authority as
    data controller) or a service user trolling or threatening a worker (6.2-6.3)."""

    kind = models.CharField(max_length=16, choices=IncidentKind.choices)
    status = models.CharField(max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    description = models.TextField(max_length=5000)
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    refusal = models.ForeignKey(
        "checks.Refusal", on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    occurred_at = models.DateTimeField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incidents")
    reported_at = models.DateTimeField(auto_now_add=True)
    # Personal data breaches: the ICO must be told within 72 hours of awareness if reportable.
    aware_at = models.DateTimeField(null=True, blank=True)
    ico_decision = models.CharField(max_length=16, choices=IcoDecision.choices, default=IcoDecision.PENDING)
    ico_decision_reason = models.CharField(max_length=500, blank=True)
    ico_notified_at = models.DateTimeField(null=True, blank=True)
    dpo_informed_at = models.DateTimeField(null=True, blank=True)
    # Trolling and threats: police advice and the employer's risk assessment (6.2-6.3).
    police_reference = models.CharField(max_length=64, blank=True)
    risk_assessment_updated_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} reported {self.reported_at:%Y-%m-%d}"

    @property
    def ico_deadline(self) -> datetime.datetime | None:
        if self.kind != IncidentKind.DATA_BREACH or self.aware_at is None:
            return None
        return self.aware_at + ICO_DEADLINE


auditlog.register(Incident)
