import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from t4c_socialcheck.limits import max_length

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


class WrittenOnce:
    """History: a row is written once by a service and never edited (there is no update path)."""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows are history: they are never edited.")
        super().save(*args, **kwargs)


class LocalAuthority(models.Model):
    """A council the agency works for: the data controller for its households (clause 7.9)."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Used in public paths such as /privacy/<slug>/; made from the name when left empty. Keep it stable.",
    )
    # Who is responsible (Home Office code 3.29-3.32; UK GDPR art. 37): shown on
    # the RIPA register, the privacy notice and the annual report.
    dpo_name = models.CharField("data protection officer", max_length=100, blank=True)
    dpo_email = models.EmailField("data protection officer's email", blank=True)
    senior_responsible_officer_name = models.CharField("senior responsible officer", max_length=100, blank=True)
    senior_responsible_officer_email = models.EmailField("senior responsible officer's email", blank=True)
    ripa_coordinator_name = models.CharField("RIPA coordinator", max_length=100, blank=True)
    ripa_coordinator_email = models.EmailField("RIPA coordinator's email", blank=True)
    email_from = models.EmailField(
        "emails sent from",
        blank=True,
        help_text="The sender address of this council's emails (its own mail domain); DEFAULT_FROM_EMAIL when empty.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[: max_length(LocalAuthority, "slug")]
        super().save(*args, **kwargs)

    @property
    def responsible_officers(self) -> list[tuple[str, str, str]]:
        """(role, name, email) of the officers who answer for checks: shown wherever the council is named as responsible."""
        return [
            ("Senior responsible officer", self.senior_responsible_officer_name, self.senior_responsible_officer_email),
            ("RIPA coordinator", self.ripa_coordinator_name, self.ripa_coordinator_email),
            ("Data protection officer", self.dpo_name, self.dpo_email),
        ]


class Stage(models.TextChoices):
    """The two-stage process (England), in order. `break` is optional, only between the stages."""

    ENQUIRY = "enquiry", "Enquiry"
    ROI_RECEIVED = "roi_received", "Registration of interest received"
    STAGE_1 = "stage_1", "Stage 1"
    BREAK = "break", "Break"
    STAGE_2 = "stage_2", "Stage 2"
    PANEL = "panel", "Panel"
    APPROVED = "approved", "Approved"


# Where a case may go from each stage: forwards only, one step (the break may be skipped).
NEXT_STAGES = {
    Stage.ENQUIRY: (Stage.ROI_RECEIVED,),
    Stage.ROI_RECEIVED: (Stage.STAGE_1,),
    Stage.STAGE_1: (Stage.BREAK, Stage.STAGE_2),
    Stage.BREAK: (Stage.STAGE_2,),
    Stage.STAGE_2: (Stage.PANEL,),
    Stage.PANEL: (Stage.APPROVED,),
    Stage.APPROVED: (),
}


class PanelRecommendation(models.TextChoices):
    """What the adoption panel recommended (recorded with the move to panel)."""

    APPROVE = "approve", "Recommended approval"
    DO_NOT_APPROVE = "do_not_approve", "Did not recommend approval"


class CaseOutcome(models.TextChoices):
    """How an application was closed. Retention runs from the closing date, by outcome."""

    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_SUITABLE = "not_suitable", "Not suitable"
    NOT_APPROVED = "not_approved", "Not approved"
    APPROVED_AND_CLOSED = "approved_and_closed", "Approved and closed"
    CLOSED_OTHER = "closed_other", "Closed (other reason)"


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
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.ROI_RECEIVED)
    stage_started_on = models.DateField(null=True, blank=True, help_text="When the current stage began.")
    outcome = models.CharField(max_length=24, choices=CaseOutcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True, help_text="Starts the retention period.")
    closed_reason = models.CharField(max_length=500, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_hold = models.BooleanField(default=False, help_text="Stops deletion when retention expires.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "stage"])]
        constraints = [
            # Closed means both an outcome and a closing date; open means neither.
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(closed_on__isnull=True)) | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="closed_household_has_outcome_and_closed_on",
            ),
        ]

    def __str__(self):
        return self.reference

    def audit_scope(self) -> dict:
        return {"household_id": self.pk, "team_id": self.team_id}

    @property
    def is_closed(self) -> bool:
        return bool(self.outcome)

    @property
    def current_stage_began(self) -> datetime.date:
        return self.stage_started_on or self.received_on

    @property
    def due_on(self) -> datetime.date | None:
        """The current stage's target date (none for enquiry, panel, approved, or once closed)."""
        if self.is_closed:
            return None
        from .clocks import stage_due_on

        return stage_due_on(self.stage, self.current_stage_began)

    def days_left(self, today: datetime.date | None = None) -> int | None:
        """Days until the due date; negative when overdue."""
        due = self.due_on
        if due is None:
            return None
        return (due - (today or timezone.localdate())).days

    @property
    def days_overdue(self) -> int:
        left = self.days_left()
        return -left if left is not None and left < 0 else 0

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        left = self.days_left(today)
        return left is not None and left < 0

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class StageMove(WrittenOnce, AboutCase, models.Model):
    """One move of a household to a stage. History: written once by cases.services, never edited."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="stage_moves")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    panel_recommendation = models.CharField(
        max_length=16,
        choices=PanelRecommendation.choices,
        blank=True,
        help_text="On the move to panel: the panel's recommendation. The panel's date is the move's date.",
    )
    decision_maker = models.CharField(
        "agency decision maker",
        max_length=100,
        blank=True,
        help_text="On the move to approved: who made the agency's decision. The decision's date is the move's date.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_id", "on", "recorded_at", "pk"]
        constraints = [
            # Forwards only: each stage at most once in a household's history.
            models.UniqueConstraint(fields=["household", "stage"], name="one_move_per_stage"),
            # A recommendation belongs to the panel, a decision maker to the approval.
            models.CheckConstraint(
                condition=Q(panel_recommendation="") | Q(stage="panel"), name="recommendation_only_at_panel"
            ),
            models.CheckConstraint(
                condition=Q(decision_maker="") | Q(stage="approved"), name="decider_only_at_approval"
            ),
        ]

    def __str__(self):
        return f"move of household {self.household_id} to {self.get_stage_display()}"


class LegalHoldChange(WrittenOnce, AboutCase, models.Model):
    """A legal hold set or lifted, with its reason. Never edited."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="legal_hold_changes")
    held = models.BooleanField(help_text="True when the hold was set, False when it was lifted.")
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_id", "at", "pk"]

    def __str__(self):
        return f"legal hold {'set' if self.held else 'lifted'} on household {self.household_id}"


class ClosingCorrection(WrittenOnce, AboutCase, models.Model):
    """A manager's correction of a closed case's outcome or closing date: what it was, what it is, why."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="closing_corrections")
    outcome_before = models.CharField(max_length=24, choices=CaseOutcome.choices)
    closed_on_before = models.DateField()
    outcome = models.CharField(max_length=24, choices=CaseOutcome.choices)
    closed_on = models.DateField()
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_id", "at", "pk"]

    def __str__(self):
        return f"correction of the closing of household {self.household_id}"


class OverdueNotice(models.Model):
    """The overdue notification for one household's stage: sent once, never repeated."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="overdue_notices")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "stage"], name="one_overdue_notice_per_stage")]


class InformationFormat(models.TextChoices):
    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    AUDIO = "audio", "Audio"
    BRAILLE = "braille", "Braille"
    TRANSLATED = "translated", "Translated text"
    ELECTRONIC = "electronic", "Email or electronic"


class NeedsStatus(models.TextChoices):
    """Identify: "not yet asked" and "asked, no needs" are different answers."""

    NOT_ASKED = "not_asked", "Not yet asked"
    NO_NEEDS = "no_needs", "Asked: no needs"
    HAS_NEEDS = "has_needs", "Asked: has needs"


class ContactMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT_MESSAGE = "text_message", "Text message"
    TEXT_RELAY = "text_relay", "Text relay (Relay UK)"
    VIDEO_RELAY = "video_relay", "BSL video relay"
    IN_PERSON = "in_person", "In person"


LARGE_PRINT_MIN_POINTS = 16


class CommunicationSupport(models.TextChoices):
    BSL_INTERPRETER = "bsl_interpreter", "British Sign Language interpreter"
    DEAFBLIND_INTERPRETER = "deafblind_interpreter", "Deafblind interpreter"
    LIPSPEAKER = "lipspeaker", "Lipspeaker"
    NOTE_TAKER = "note_taker", "Note taker"
    SPEECH_TO_TEXT_REPORTER = "speech_to_text_reporter", "Speech-to-text reporter"
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
    needs_status = models.CharField(
        "communication needs asked", max_length=16, choices=NeedsStatus.choices, default=NeedsStatus.NOT_ASKED
    )
    information_formats = models.JSONField(default=list, blank=True)
    translation_language = models.CharField(max_length=100, blank=True)
    large_print_points = models.PositiveSmallIntegerField("large print size (points)", null=True, blank=True)
    contact_method = models.CharField(max_length=16, choices=ContactMethod.choices, blank=True)
    communication_support = models.JSONField(default=list, blank=True)
    interpreter_language = models.CharField(max_length=100, blank=True)
    communication_notes = models.CharField(max_length=500, blank=True)
    needs_review_on = models.DateField("review communication needs on", null=True, blank=True)
    # A returning applicant: the same person in an earlier, closed application,
    # linked only when the worker confirms it (checks.facts reads their last view).
    earlier_applicant = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_applications"
    )
    # The person's first application (where the chain of earlier_applicant links
    # starts), so that all their applications are one lookup; null for a first one.
    first_application = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
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
            models.CheckConstraint(
                condition=Q(large_print_points__isnull=True) | Q(large_print_points__gte=LARGE_PRINT_MIN_POINTS),
                name="large_print_at_least_16_points",
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
    def person_first_application_id(self) -> int:
        """The id every application of this person shares (cases.selectors.applications_of_person)."""
        return self.first_application_id or self.pk

    @property
    def has_communication_needs(self) -> bool:
        return bool(self.information_formats or self.communication_support or self.contact_method)

    @property
    def needs_not_asked(self) -> bool:
        return self.needs_status == NeedsStatus.NOT_ASKED

    def communication_needs_labels(self) -> list[str]:
        labels = []
        for value in self.information_formats:
            label = InformationFormat(value).label
            if value == InformationFormat.TRANSLATED and self.translation_language:
                label = f"{label} ({self.translation_language})"
            if value == InformationFormat.LARGE_PRINT and self.large_print_points:
                label = f"{label} ({self.large_print_points} point)"
            labels.append(label)
        for value in self.communication_support:
            label = CommunicationSupport(value).label
            if value == CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER and self.interpreter_language:
                label = f"{label} ({self.interpreter_language})"
            labels.append(label)
        if self.contact_method:
            labels.append(f"Contact by {ContactMethod(self.contact_method).label.lower()}")
        return labels


class NeedsReviewReminder(models.Model):
    """The reminder that one applicant's communication needs are due for review: once per review date."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="needs_review_reminders")
    review_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["applicant", "review_on"], name="one_needs_review_reminder_per_date")
        ]


class ApplicantCorrection(WrittenOnce, AboutCase, models.Model):
    """A correction of an applicant's name or date of birth: the values before and after, who, why.

    The audit trail masks the date of birth, so the values before are kept here
    (retention removes these rows with the applicant's other details)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="corrections")
    first_name_before = models.CharField(max_length=100)
    last_name_before = models.CharField(max_length=100)
    date_of_birth_before = models.DateField(null=True, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["applicant_id", "at", "pk"]

    def __str__(self):
        return f"Correction of {self.first_name} {self.last_name}'s details"


auditlog.register(LocalAuthority)
auditlog.register(Household)
auditlog.register(Applicant, mask_fields=["date_of_birth"])
auditlog.register(StageMove)
auditlog.register(LegalHoldChange)
auditlog.register(ClosingCorrection)
auditlog.register(ApplicantCorrection, mask_fields=["date_of_birth_before", "date_of_birth"])
