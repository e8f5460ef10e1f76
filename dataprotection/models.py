from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import AboutCase, Applicant, CaseOutcome, LocalAuthority


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


class SendMethod(models.TextChoices):
    SECURE_EMAIL = "secure_email", "Secure email"
    POST = "post", "Recorded post"
    PORTAL = "portal", "The council's secure portal"
    IN_PERSON = "in_person", "Handed over in person"


MAX_EXTENSION_MONTHS = 2  # UK GDPR Article 12(3): up to two further months, three in all


class SubjectAccessRequest(AboutCase, models.Model):
    """A subject access request: answered within one calendar month of receipt,
    or up to two further months when extended (reason recorded, requester told).
    A deadline on a weekend or bank holiday is the next working day (the ICO's guidance)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="subject_access_requests")
    requested_by = models.CharField(
        "who asked",
        max_length=100,
        default="",
        help_text="The applicant themself, or the name of the person asking on their behalf and in what capacity.",
    )
    identity_check = models.CharField("how identity was checked", max_length=500, default="")
    received_on = models.DateField()
    due_on = models.DateField(editable=False)
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.CharField(max_length=500, blank=True)
    extension_told_on = models.DateField("requester told of the extension on", null=True, blank=True)
    pack_made_at = models.DateTimeField(null=True, blank=True)
    pack_made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField("sent on", null=True, blank=True)
    sent_how = models.CharField(max_length=16, choices=SendMethod.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extension_months__lte=MAX_EXTENSION_MONTHS), name="sar_extension_at_most_two_months"
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(pack_made_at__isnull=False),
                name="sar_sent_only_after_the_pack_is_made",
            ),
        ]

    def __str__(self):
        return f"Subject access request {self.pk} received {self.received_on}"

    def save(self, *args, **kwargs):
        from t4c_socialcheck.dates import add_calendar_months, working_day_on_or_after

        self.due_on = working_day_on_or_after(add_calendar_months(self.received_on, 1 + self.extension_months))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "due_on"}
        super().save(*args, **kwargs)

    @property
    def overdue(self) -> bool:
        return self.completed_on is None and timezone.localdate() > self.due_on

    @property
    def status(self) -> str:
        if self.completed_on:
            return "Sent"
        if self.pack_made_at:
            return "Pack made"
        return "Being reviewed"


class ItemCategory(models.TextChoices):
    APPLICANT = "applicant", "Personal details"
    COMMUNICATION_NEEDS = "communication_needs", "Communication needs"
    CONSENT = "consent", "Consent"
    PROFILE = "profile", "Social media profile"
    CHECK = "check", "Social media check"
    REFUSAL = "refusal", "Refused attempt to check"
    INCIDENT = "incident", "Incident"
    RIPA = "ripa", "RIPA record"
    AUDIT = "audit", "Who viewed the record"


class Decision(models.TextChoices):
    PENDING = "pending", "Not reviewed yet"
    DISCLOSE = "disclose", "Disclose"
    REDACT = "redact", "Disclose with redactions"
    WITHHOLD = "withhold", "Withhold"


class Exemption(models.TextChoices):
    """The Data Protection Act 2018 exemptions a reviewer may rely on to withhold an item."""

    CRIME_AND_TAXATION = "crime_and_taxation", "Crime and taxation (DPA 2018, Schedule 2, Part 1, paragraph 2)"
    SOCIAL_WORK_SERIOUS_HARM = (
        "social_work_serious_harm",
        "Social work data: serious harm (DPA 2018, Schedule 3, Part 3, paragraph 7)",
    )
    THIRD_PARTY = "third_party", "Information about another person (DPA 2018, Schedule 2, Part 3, paragraph 16)"


class SubjectAccessItem(models.Model):
    """One thing held about the person, as gathered, and the reviewer's decision about it.

    `rows` is the snapshot: a list of {"label", "value", "sensitive"}; sensitive rows
    (staff and third parties' details) are masked when the item is redacted."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(max_length=24, choices=ItemCategory.choices)
    source = models.CharField(max_length=64, help_text="The record it came from, as type:id.")
    title = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    redact_phrases = models.TextField(
        "further words to redact", max_length=2000, blank=True, help_text="One name or phrase a line."
    )
    exemption = models.CharField(max_length=32, choices=Exemption.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "source"], name="one_item_per_record_per_request"),
            models.CheckConstraint(
                condition=~models.Q(decision="withhold") | ~models.Q(exemption=""),
                name="withheld_item_names_its_exemption",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.title}"

    def audit_scope(self) -> dict:
        return self.request.audit_scope()


class LawfulBasisVersion(models.Model):
    """A council's lawful basis for the check, its Article 9 condition and its DPIA, versioned:
    a change is a new version, and each consent keeps the one in force when it was recorded."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    class Condition(models.TextChoices):
        STATUTORY = (
            "statutory",
            "Statutory and government purposes (DPA 2018, Schedule 1, Part 2, paragraph 6)",
        )
        SAFEGUARDING = (
            "safeguarding",
            "Safeguarding of children and of individuals at risk (DPA 2018, Schedule 1, Part 2, paragraph 18)",
        )
        SOCIAL_CARE = (
            "social_care",
            "Health or social care purposes (UK GDPR Article 9(2)(h); DPA 2018, Schedule 1, Part 1, paragraph 2)",
        )

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="lawful_bases")
    version = models.PositiveIntegerField(editable=False)
    article_6_basis = models.CharField(
        "Article 6 lawful basis", max_length=200, default="Public task (UK GDPR Article 6(1)(e))"
    )
    article_9_condition = models.CharField(
        "Article 9 / Schedule 1 condition", max_length=16, choices=Condition.choices, default=Condition.SAFEGUARDING
    )
    condition_detail = models.CharField(
        "how the condition applies",
        max_length=500,
        blank=True,
        help_text="For example, the Adoption Agencies Regulations 2005 duty to assess prospective adopters.",
    )
    purpose = models.TextField(
        "why the check is made",
        max_length=2000,
        default=(
            "To assess whether prospective adopters can keep a child safe, the agency looks once at the public "
            "social media profiles an applicant gives us, with their agreement, and records only a short summary "
            "of anything relevant to the assessment."
        ),
    )
    shared_with = models.TextField(
        "who it is shared with",
        max_length=2000,
        default=(
            "The adoption panel and the agency decision maker; the council's data protection officer when "
            "something goes wrong; the police or a court only where the law requires it."
        ),
    )
    dpia_reference = models.CharField("DPIA reference", max_length=64)
    dpia_date = models.DateField("DPIA date")
    in_force_from = models.DateTimeField(default=timezone.now)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local_authority", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "version"], name="one_number_per_council_version"),
        ]

    def __str__(self):
        return f"{self.local_authority}: lawful basis version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A lawful basis version is never edited: add a new version.")
        latest = LawfulBasisVersion.objects.filter(local_authority=self.local_authority_id).aggregate(
            models.Max("version")
        )["version__max"]
        self.version = (latest or 0) + 1
        super().save(*args, **kwargs)


auditlog.register(RetentionPeriod)
auditlog.register(SubjectAccessRequest)
auditlog.register(SubjectAccessItem)
auditlog.register(LawfulBasisVersion)
