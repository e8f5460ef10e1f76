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


class SubjectsDecision(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    TOLD = "told", "The people affected were told"
    NOT_TOLD = "not_told", "The people affected are not being told"


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
    ico_reference = models.CharField("ICO reference", max_length=64, blank=True)
    late_reason = models.CharField("why it was reported after 72 hours", max_length=500, blank=True)
    # UK GDPR Article 34: telling the people whose data it is, or why not.
    subjects_decision = models.CharField(
        "telling the people affected", max_length=16, choices=SubjectsDecision.choices, default=SubjectsDecision.PENDING
    )
    subjects_told_on = models.DateField("people affected told on", null=True, blank=True)
    subjects_told_how = models.CharField("how they were told", max_length=200, blank=True)
    subjects_not_told_reason = models.CharField("why they are not being told", max_length=500, blank=True)
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
        # In UTC: adding hours to a London time adds wall-clock hours (73 or 71 across a clock change).
        return self.aware_at.astimezone(datetime.UTC) + ICO_DEADLINE

    @property
    def ico_time_left(self) -> datetime.timedelta | None:
        """Time left on the 72-hour clock (negative once it has passed)."""
        from django.utils import timezone

        deadline = self.ico_deadline
        return None if deadline is None else deadline - timezone.now()


class IncidentCorrection(AboutCase, models.Model):
    """A correction of an incident's kind or of when the agency became aware of it, with its reason.
    History: written once by incidents.services, never edited."""

    class What(models.TextChoices):
        KIND = "kind", "Kind of incident"
        AWARE_AT = "aware_at", "Became aware"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="corrections")
    what = models.CharField(max_length=16, choices=What.choices)
    old_value = models.CharField(max_length=64, blank=True)
    new_value = models.CharField(max_length=64)
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def audit_scope(self) -> dict:
        return self.incident.audit_scope()


auditlog.register(Incident)
auditlog.register(IncidentCorrection)
