from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cases.models import AboutCase, Applicant, InformationFormat
from policy.models import sha256_text


class ConsentTextQuerySet(models.QuerySet):
    def current(self):
        return self.filter(published_at__isnull=False).order_by("-published_at", "-pk").first()


class ConsentText(models.Model):
    """The consent wording shown to applicants on the ROI form, versioned."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    version = models.CharField(max_length=32, unique=True)
    body = models.TextField()
    easy_read_body = models.TextField(blank=True, help_text="Short sentences for the easy read version.")
    body_sha256 = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"Consent text version {self.version}"

    def save(self, *args, **kwargs):
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
    text_sha256 = models.CharField(max_length=64, blank=True)
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


auditlog.register(ConsentText)
auditlog.register(Consent)
