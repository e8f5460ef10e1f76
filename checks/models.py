from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import AboutCase, Applicant
from consent.models import Consent
from platforms.models import Platform, SocialProfile, ViewingAccount
from ripa.models import RipaApplication

from .rules import DECLARATIONS, RefusalCode


class CheckOutcome(models.TextChoices):
    """What the one view found."""

    NO_CONCERNS = "no_concerns", "No concerns"
    CONCERNS_TO_DISCUSS = "concerns_to_discuss", "Concerns to discuss with the applicant"
    PROFILE_PRIVATE = "profile_private", "The profile is private"
    PROFILE_NOT_FOUND = "profile_not_found", "No profile at this address"
    WRONG_PERSON = "wrong_person", "The profile is someone else's"


# Which outcome to choose: shown beside each choice on the findings form.
OUTCOME_HELP = {
    CheckOutcome.NO_CONCERNS: "You saw the applicant's profile and nothing in it needs discussing.",
    CheckOutcome.CONCERNS_TO_DISCUSS: "You saw the applicant's profile and something in it needs discussing with them.",
    CheckOutcome.PROFILE_PRIVATE: (
        "The profile is the applicant's but only its public part could be seen. "
        "This is still their one-off check: it cannot be voided."
    ),
    CheckOutcome.PROFILE_NOT_FOUND: (
        "The link shows no profile: it was deleted, or the address is wrong. "
        "A manager can void the check so that another profile may be checked."
    ),
    CheckOutcome.WRONG_PERSON: (
        "The profile plainly belongs to someone else. Record nothing about them: "
        "a data protection incident is opened for the council, and a manager can void the check."
    ),
}
# Completed checks with these outcomes saw nothing of the applicant: a manager may void them.
VOIDABLE_OUTCOMES = (CheckOutcome.PROFILE_NOT_FOUND, CheckOutcome.WRONG_PERSON)
# A void lets the applicant have one more one-off check, once per application.
MAX_ONE_OFF_CHECKS = 2


class CheckStatus(models.TextChoices):
    """Where an applicant's one-off check is."""

    NOT_CHECKED = "not_checked", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


# The check's declaration fields, one per declaration in checks.rules.
DECLARATION_FIELDS = tuple(DECLARATIONS)


class SocialCheck(AboutCase, models.Model):
    """One view of one profile: the access event. Started before the view,
    completed after it with findings (not screenshots). Once completed it
    never changes; a correction is a new, linked record."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="social_checks")
    profile = models.ForeignKey(SocialProfile, on_delete=models.PROTECT, related_name="social_checks")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="social_checks")
    # Indexed by (worker, -started_at) below.
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_index=False, related_name="social_checks"
    )
    viewing_account = models.ForeignKey(ViewingAccount, on_delete=models.PROTECT, related_name="social_checks")
    # A view under a RIPA authorisation (any application of its chain): never a one-off check.
    ripa_authorisation = models.ForeignKey(
        RipaApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="social_checks"
    )
    no_personal_connection = models.BooleanField()
    no_dummy_or_personal_account = models.BooleanField()
    no_interaction = models.BooleanField()
    this_profile_only = models.BooleanField()
    purpose = models.CharField(max_length=500)
    started_at = models.DateTimeField()
    findings_summary = models.TextField(max_length=2000, blank=True)
    outcome = models.CharField(max_length=32, choices=CheckOutcome.choices, blank=True)
    no_third_party_details = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the profile link was shown to the worker, once, on the first page after the start.
    profile_link_shown_at = models.DateTimeField(null=True, blank=True)
    # A joint profile's check is both applicants' one view: the other applicant of the profile.
    joint_applicant = models.ForeignKey(
        Applicant, on_delete=models.PROTECT, null=True, blank=True, related_name="joint_social_checks"
    )
    joint_consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="joint_social_checks"
    )
    # Which of the applicant's one-off checks this is: 1, or 2 after a manager voided the first.
    one_off_number = models.PositiveSmallIntegerField(default=1)
    joint_one_off_number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["worker", "-started_at"]), models.Index(fields=["completed_at", "started_at"])]
        constraints = [
            # The one-off view (clause 7.6): one per applicant (a second only after a
            # void, see CheckVoid), one per profile, ever.
            models.UniqueConstraint(
                fields=["applicant", "one_off_number"],
                condition=Q(ripa_authorisation__isnull=True),
                name="one_off_check_per_applicant",
            ),
            models.UniqueConstraint(
                fields=["joint_applicant", "joint_one_off_number"],
                condition=Q(ripa_authorisation__isnull=True),
                name="one_off_check_per_joint_applicant",
            ),
            models.CheckConstraint(
                condition=Q(one_off_number__gte=1, one_off_number__lte=MAX_ONE_OFF_CHECKS)
                & (
                    Q(joint_applicant__isnull=True, joint_one_off_number__isnull=True)
                    | Q(
                        joint_applicant__isnull=False,
                        joint_one_off_number__gte=1,
                        joint_one_off_number__lte=MAX_ONE_OFF_CHECKS,
                    )
                )
                & ~Q(joint_applicant=models.F("applicant")),
                name="one_off_numbers_in_range",
            ),
            models.UniqueConstraint(
                fields=["profile"], condition=Q(ripa_authorisation__isnull=True), name="one_off_check_per_profile"
            ),
            models.CheckConstraint(
                condition=Q(
                    no_personal_connection=True,
                    no_dummy_or_personal_account=True,
                    no_interaction=True,
                    this_profile_only=True,
                ),
                name="check_has_all_declarations",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | (Q(no_third_party_details=True) & ~Q(outcome="")),
                name="completed_check_has_outcome",
            ),
        ]

    def __str__(self):
        return f"Check of {self.profile} started {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def applicant_ids(self) -> tuple[int, ...]:
        """Whose one-off check it is: the applicant, and the joint profile's other applicant."""
        return (self.applicant_id, self.joint_applicant_id) if self.joint_applicant_id else (self.applicant_id,)

    @property
    def outcome_help(self) -> str:
        return OUTCOME_HELP.get(self.outcome, "")


class CheckVoid(AboutCase, models.Model):
    """A manager's countersigned void of a check that saw nothing of the applicant
    (`profile_not_found`, `wrong_person`). The check itself never changes and its
    profile stays viewed; each applicant it covered may have one check of another
    profile, once per application (`SocialCheck.one_off_number`)."""

    # Retention removes a void together with its check.
    social_check = models.OneToOneField(SocialCheck, on_delete=models.CASCADE, related_name="void")
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField()

    class Meta:
        ordering = ["-voided_at", "-pk"]

    def __str__(self):
        return f"Void of check {self.social_check_id}"


DEFAULT_RETURNING_INTERVAL_MONTHS = 12


class CheckSettings(models.Model):
    """The agency's settings for the one-off check: one row, kept by an admin."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    returning_interval_months = models.PositiveSmallIntegerField(
        "months before a returning applicant may be checked again",
        null=True,
        blank=True,
        default=DEFAULT_RETURNING_INTERVAL_MONTHS,
        help_text=(
            "A person who applies again may have a new one-off check once their earlier application is closed "
            "and this many months have passed since their last view (clause 7.5). Leave empty for never."
        ),
    )

    class Meta:
        verbose_name = "check settings"
        verbose_name_plural = "check settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="check_settings_single_row")]

    def __str__(self):
        return "Check settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "CheckSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class CheckCorrection(models.Model):
    """A correction to a completed check's findings: the check itself never changes."""

    social_check = models.ForeignKey(SocialCheck, on_delete=models.PROTECT, related_name="corrections")
    findings_summary = models.TextField(max_length=2000)
    outcome = models.CharField(max_length=32, choices=CheckOutcome.choices)
    reason = models.CharField(max_length=500)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at", "-pk"]

    def __str__(self):
        return f"correction of check {self.social_check_id}"


class Refusal(AboutCase, models.Model):
    """An attempt the rules refused, kept as evidence and reported to a manager at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="refusals")
    at = models.DateTimeField()
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="refusals")
    profile = models.ForeignKey(SocialProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="refusals")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    viewing_account = models.ForeignKey(
        ViewingAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ripa_authorisation = models.ForeignKey(
        RipaApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="refusals"
    )
    code = models.CharField(
        max_length=40, choices=RefusalCode.choices, help_text="The first failing rule: what the user was told."
    )
    codes = models.JSONField(help_text="Every failing rule, in order.")
    messages = models.JSONField()
    request = models.JSONField(default=dict, help_text="The attempted check's declarations and purpose.")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["code", "-at"]), models.Index(fields=["applicant", "-at"])]

    def __str__(self):
        return f"Refusal {self.code} at {self.at:%Y-%m-%d %H:%M}"


# Showing the link is recorded as the page view (audit_access); the column alone logs no "Changed".
auditlog.register(SocialCheck, exclude_fields=["profile_link_shown_at"])
auditlog.register(CheckCorrection)
auditlog.register(Refusal)
auditlog.register(CheckVoid)
auditlog.register(CheckSettings)


class RefusalReview(models.Model):
    """A manager's review of a refusal. Kept apart so the refusal itself never changes."""

    refusal = models.OneToOneField(Refusal, on_delete=models.PROTECT, related_name="review")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(max_length=500)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self):
        return f"review of refused check {self.refusal_id}"


auditlog.register(RefusalReview)
