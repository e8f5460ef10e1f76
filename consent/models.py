from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from cases.models import AboutCase, Applicant, CommunicationSupport, InformationFormat
from policy.models import sha256_text


class ConsentTextQuerySet(models.QuerySet):
    def current(self):
        return self.filter(published_at__isnull=False).order_by("-published_at", "-pk").first()


EASY_READ_MAX_WORDS = 15


class ConsentText(models.Model):
    """The consent wording shown to applicants on the ROI form, versioned."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    version = models.CharField(max_length=32, unique=True)
    body = models.TextField()
    easy_read_body = models.TextField(
        blank=True, help_text="The easy read version: short sentences, one idea a line (each line is one point)."
    )
    easy_read_version = models.CharField(
        max_length=32, blank=True, help_text="The easy read version's own number, e.g. ER-1. Required with the text."
    )
    body_sha256 = models.CharField(max_length=64, editable=False)
    easy_read_sha256 = models.CharField(max_length=64, editable=False, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"Consent text version {self.version}"

    def save(self, *args, **kwargs):
        self.body_sha256 = sha256_text(self.body)
        self.easy_read_sha256 = sha256_text(self.easy_read_body) if self.easy_read_body.strip() else ""
        super().save(*args, **kwargs)

    def clean(self):
        """Easy read: its own version number, and short sentences, one idea a line."""
        errors = {}
        lines = [line.split() for line in self.easy_read_body.splitlines() if line.strip()]
        if lines and not self.easy_read_version.strip():
            errors["easy_read_version"] = "Give the easy read version its own version number, for example ER-1."
        long_lines = [" ".join(words[:6]) for words in lines if len(words) > EASY_READ_MAX_WORDS]
        if long_lines:
            errors["easy_read_body"] = (
                f"Keep each easy read line to {EASY_READ_MAX_WORDS} words or fewer (one idea a line). "
                f"Too long: \u201c{long_lines[0]}\u2026\u201d"
            )
        if errors:
            raise ValidationError(errors)


class ConsentTranslation(models.Model):
    """A translation of one consent text, added by an admin, with its own version number."""

    audit_configuration = True

    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="translations")
    language = models.CharField(
        max_length=16, help_text="The language code used in links, e.g. cy, pl, ur (?language=<code>)."
    )
    language_name = models.CharField(max_length=100, help_text="The language's name in English, e.g. Welsh.")
    version = models.CharField(max_length=32, help_text="This translation's own version number, e.g. CY-1.")
    body = models.TextField()
    body_sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consent_text_id", "language_name"]
        constraints = [
            models.UniqueConstraint(fields=["consent_text", "language"], name="one_translation_per_language"),
            models.CheckConstraint(condition=~Q(language="en"), name="translation_not_english"),
        ]

    def __str__(self):
        return f"{self.language_name} translation {self.version} of consent text {self.consent_text.version}"

    def save(self, *args, **kwargs):
        self.language = self.language.strip().lower()
        self.body_sha256 = sha256_text(self.body)
        super().save(*args, **kwargs)


class ConsentFormat(models.TextChoices):
    """The format the consent information was given in (Accessible Information Standard)."""

    STANDARD = "standard", "Standard print"
    EASY_READ = InformationFormat.EASY_READ.value, "Easy read"
    LARGE_PRINT = InformationFormat.LARGE_PRINT.value, "Large print"
    AUDIO = InformationFormat.AUDIO.value, "Audio"
    BRAILLE = InformationFormat.BRAILLE.value, "Braille"
    TRANSLATED = InformationFormat.TRANSLATED.value, "Translated text"


class ConsentState(models.TextChoices):
    NONE = "none", "None recorded"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Consent given and not withdrawn: what a check rests on.
LIVE = Q(given=True, withdrawn_at__isnull=True)


class ConsentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(LIVE)

    def newest_first(self):
        return self.order_by("-recorded_at", "-pk")


class Consent(AboutCase, models.Model):
    """One answer to the consent question on one ROI form (clause 7.6).

    The lawful basis for the check is the agency's public task; this consent is
    the transparency safeguard that keeps the single check overt.
    """

    LAWFUL_BASIS = "public task (UK GDPR Article 6(1)(e))"

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="consents")
    given = models.BooleanField()
    signed_on = models.DateField()
    form_reference = models.CharField("ROI form reference", max_length=64)
    information_format = models.CharField(max_length=16, choices=ConsentFormat.choices, default=ConsentFormat.STANDARD)
    text_version = models.ForeignKey(ConsentText, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text_sha256 = models.CharField(
        max_length=64,
        blank=True,
        help_text="The hash of the wording given: easy read or translated when that was given.",
    )
    # What was given is what is recorded: the wording's own version and language.
    language = models.CharField(max_length=16, default="en")
    wording_version = models.CharField(max_length=32, blank=True)
    translation = models.ForeignKey(
        ConsentTranslation, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    # Communication support used at signing (Accessible Information Standard: meet).
    support_used = models.CharField(max_length=32, choices=CommunicationSupport.choices, blank=True)
    support_language = models.CharField(max_length=100, blank=True)
    support_reference = models.CharField("interpreter's name or booking reference", max_length=200, blank=True)
    lawful_basis = models.CharField(max_length=100, default=LAWFUL_BASIS, editable=False)
    # The council's lawful basis, condition and DPIA in force when this consent was recorded.
    lawful_basis_version = models.ForeignKey(
        "dataprotection.LawfulBasisVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=500, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            # At most one live consent per applicant.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(given=True, withdrawn_at__isnull=True),
                name="one_live_consent_per_applicant",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(given=True), name="only_given_consent_is_withdrawn"
            ),
            models.CheckConstraint(
                condition=(Q(withdrawn_at__isnull=True) & Q(withdrawn_on__isnull=True))
                | (Q(withdrawn_at__isnull=False) & Q(withdrawn_on__gte=F("signed_on"))),
                name="withdrawal_dated_after_signature",
            ),
        ]

    def __str__(self):
        return f"{'Consent' if self.given else 'Refusal of consent'} signed {self.signed_on} ({self.form_reference})"


class ReceiptSentHow(models.TextChoices):
    POST = "post", "By post"
    EMAIL = "email", "By email"
    BY_HAND = "by_hand", "Given by hand"
    READ_WITH_THEM = "read_with_them", "Gone through with them in person (with any support they need)"


class CheckReceipt(AboutCase, models.Model):
    """The letter telling the applicant that their one-off check took place
    (overt by design): when the worker sent it, and how. Written once."""

    social_check = models.OneToOneField("checks.SocialCheck", on_delete=models.CASCADE, related_name="receipt")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="check_receipts")
    information_format = models.CharField(max_length=16, choices=ConsentFormat.choices)
    sent_on = models.DateField()
    sent_how = models.CharField(max_length=16, choices=ReceiptSentHow.choices)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"Receipt for check {self.social_check_id}, sent {self.sent_on}"


auditlog.register(ConsentText)
auditlog.register(CheckReceipt)
auditlog.register(ConsentTranslation)
auditlog.register(Consent)
