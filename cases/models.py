from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_APPLICANTS_PER_HOUSEHOLD = 2


class AboutCase:
    """A record about an applicant or a household. Tells the audit trail which,
    so that entries about it are filtered and scoped by the case (audit.services)."""

    def audit_scope(self) -> dict:
        if getattr(self, "applicant_id", None):
            return self.applicant.audit_scope()
        if getattr(self, "household_id", None):
            return self.household.audit_scope()
        return {}


class LocalAuthority(models.Model):
    """A council the agency works for: the data controller for its households (clause 7.9)."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    name = models.CharField(max_length=100, unique=True)
    dpo_name = models.CharField("data protection officer", max_length=100, blank=True)
    dpo_email = models.EmailField("data protection officer's email", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    ROI = "roi", "Registration of interest"
    STAGE_1 = "stage_1", "Stage 1"
    STAGE_2 = "stage_2", "Stage 2"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


CLOSED_STAGES = (Stage.WITHDRAWN, Stage.CLOSED)


class Household(models.Model):
    """One Registration of Interest: one or two prospective adopters."""

    reference = models.CharField(max_length=64, unique=True)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="households")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="households")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_households",
    )
    received_on = models.DateField("ROI received on")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.ROI)
    closed_on = models.DateField(null=True, blank=True, help_text="Starts the retention period.")
    legal_hold = models.BooleanField(default=False, help_text="Stops deletion when retention expires.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage__in=CLOSED_STAGES) | Q(closed_on__isnull=False),
                name="closed_household_has_closed_on",
            ),
        ]

    def __str__(self):
        return self.reference

    def audit_scope(self) -> dict:
        return {"household_id": self.pk, "team_id": self.team_id}

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


class InformationFormat(models.TextChoices):
    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    AUDIO = "audio", "Audio"
    BRAILLE = "braille", "Braille"
    TRANSLATED = "translated", "Translated text"


class CommunicationSupport(models.TextChoices):
    BSL_INTERPRETER = "bsl_interpreter", "British Sign Language interpreter"
    DEAFBLIND_INTERPRETER = "deafblind_interpreter", "Deafblind interpreter"
    LIPSPEAKER = "lipspeaker", "Lipspeaker"
    NOTE_TAKER = "note_taker", "Note taker"
    SPOKEN_LANGUAGE_INTERPRETER = "spoken_language_interpreter", "Spoken language interpreter"


class Applicant(models.Model):
    """A prospective adopter. Each applicant consents and is checked on their own."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="applicants")
    # 1 or 2: the database itself refuses a third applicant in a household.
    position = models.PositiveSmallIntegerField(editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    # Accessible Information Standard: identify, record, flag, share, meet, review.
    information_formats = models.JSONField(default=list, blank=True)
    translation_language = models.CharField(max_length=100, blank=True)
    communication_support = models.JSONField(default=list, blank=True)
    interpreter_language = models.CharField(max_length=100, blank=True)
    communication_notes = models.CharField(max_length=500, blank=True)
    needs_review_on = models.DateField("review communication needs on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when retention removed personal details."
    )

    class Meta:
        ordering = ["household_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["household", "position"], name="applicant_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=MAX_APPLICANTS_PER_HOUSEHOLD),
                name="at_most_two_applicants",
            ),
        ]

    def __str__(self):
        return self.full_name

    def audit_scope(self) -> dict:
        return {"applicant_id": self.pk, **self.household.audit_scope()}

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def has_communication_needs(self) -> bool:
        return bool(self.information_formats or self.communication_support)

    def communication_needs_labels(self) -> list[str]:
        labels = []
        for value in self.information_formats:
            label = InformationFormat(value).label
            if value == InformationFormat.TRANSLATED and self.translation_language:
                label = f"{label} ({self.translation_language})"
            labels.append(label)
        for value in self.communication_support:
            label = CommunicationSupport(value).label
            if value == CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER and self.interpreter_language:
                label = f"{label} ({self.interpreter_language})"
            labels.append(label)
        return labels


auditlog.register(LocalAuthority)
auditlog.register(Household)
auditlog.register(Applicant, mask_fields=["date_of_birth"])
