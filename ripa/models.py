"""RIPA 2000 directed surveillance, as the Home Office Covert Surveillance and
Property Interference code of practice runs it: an application, a designated
authorising officer's decision, a justice's approval, reviews, renewal and
cancellation, kept as the central record (code, chapter 8).

An "authorisation" is an initial application and its renewals: `original` is
the initial one for every renewal. Views under it (checks.SocialCheck) cite
any application of the chain."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import AboutCase, Applicant, LocalAuthority
from platforms.models import SocialProfile


class AuthorisingOfficer(models.Model):
    """A council's designated authorising officer (RIPA Order 2010: Director, Head of
    Service, Service Manager or equivalent). Admins keep the list."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    council = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="ripa_officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ripa_designations")
    grade = models.CharField(max_length=100, help_text="e.g. Director of Children's Services, Head of Service.")
    active = models.BooleanField(default=True, help_text="Untick when the designation ends; the record is kept.")
    designated_on = models.DateField()

    class Meta:
        ordering = ["council__name", "user__username"]
        verbose_name = "designated authorising officer"
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="one_designation_per_council_and_user")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username}, {self.grade} ({self.council})"


class ThresholdOffence(models.TextChoices):
    """The offences under 6 months' imprisonment that the local authority crime
    threshold names (RIPA (Directed Surveillance and CHIS) (Amendment) Order 2012)."""

    NONE = "", "None of these"
    ALCOHOL_SALE = "alcohol_sale", "Sale of alcohol to children (Licensing Act 2003, s.146)"
    ALCOHOL_ALLOWING = "alcohol_allowing", "Allowing the sale of alcohol to children (Licensing Act 2003, s.147)"
    ALCOHOL_PERSISTENT = "alcohol_persistent", "Persistently selling alcohol to children (Licensing Act 2003, s.147A)"
    TOBACCO_SALE = "tobacco_sale", "Sale of tobacco to under-18s (Children and Young Persons Act 1933, s.7)"
    NICOTINE_SALE = (
        "nicotine_sale",
        "Sale of nicotine inhaling products to under-18s (Children and Families Act 2014, s.92)",
    )


class Status(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting the authorising officer"
    REFUSED = "refused", "Refused by the authorising officer"
    AWAITING_JUSTICE = "awaiting_justice", "Awaiting a justice's approval"
    JUSTICE_REFUSED = "justice_refused", "Refused by a justice"
    ACTIVE = "active", "Approved by a justice"
    CANCELLED = "cancelled", "Cancelled"


class RipaApplication(AboutCase, models.Model):
    """One application (initial or renewal) and everything decided about it."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial"
        RENEWAL = "renewal", "Renewal"

    reference = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INITIAL)
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        help_text="For a renewal: the initial application of the authorisation.",
    )
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a renewal: the application whose last valid day it follows.",
    )
    council = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="ripa_applications")
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="ripa_applications")
    profiles = models.ManyToManyField(SocialProfile, related_name="ripa_applications")
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.AWAITING_DECISION)
    # The application (code 5.8 and 4.7: necessity, the four elements of proportionality, collateral intrusion).
    offence = models.CharField(max_length=500)
    offence_max_sentence_months = models.PositiveIntegerField(null=True, blank=True)
    threshold_offence = models.CharField(max_length=24, choices=ThresholdOffence.choices, blank=True)
    necessity = models.TextField(max_length=2000)
    proportionality_balance = models.TextField(
        "size and scope balanced against the gravity of the offence", max_length=2000
    )
    proportionality_least_intrusive = models.TextField("how the least possible intrusion is caused", max_length=2000)
    proportionality_appropriate_use = models.TextField(
        "why this is an appropriate use of the law, all reasonable alternatives considered", max_length=2000
    )
    proportionality_alternatives = models.TextField(
        "other methods considered and why they were not used", max_length=2000
    )
    collateral_intrusion = models.TextField(max_length=2000)
    collateral_intrusion_minimised = models.TextField(
        "how collateral intrusion is kept down", max_length=2000, blank=True
    )
    confidential_information_likely = models.BooleanField(null=True)
    renewal_reasons = models.TextField("why it is still necessary", max_length=2000, blank=True)
    obtained_so_far = models.TextField("what the surveillance has obtained so far", max_length=2000, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_on = models.DateField()
    # The authorising officer's decision.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authorising_officer_name = models.CharField(max_length=100, blank=True)  # as recorded then (and migrated rows)
    authorising_officer_grade = models.CharField(max_length=100, blank=True)
    authorising_officer_involved = models.BooleanField(
        null=True, help_text="Whether the authorising officer is directly involved in the investigation (code 5.7)."
    )
    decided_on = models.DateField(null=True, blank=True)
    granted = models.BooleanField(null=True)
    decision_reasons = models.TextField(max_length=2000, blank=True)
    review_every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # The justice's approval (RIPA s.32A).
    justice_decided_on = models.DateField(null=True, blank=True)
    justice_approved = models.BooleanField(null=True)
    court = models.CharField(max_length=100, blank=True)
    justice = models.CharField(max_length=100, blank=True)
    justice_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(null=True, blank=True)
    last_valid_day = models.DateField(null=True, blank=True)
    # A review that found it no longer necessary stops it at once; the cancellation follows.
    stopped_on = models.DateField(null=True, blank=True)
    # Fields a migrated direct-entry authorisation never recorded (shown as "not recorded").
    not_recorded = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = "RIPA application"
        indexes = [models.Index(fields=["council", "applied_on"]), models.Index(fields=["status", "last_valid_day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_valid_day__isnull=True) | Q(last_valid_day__gte=models.F("valid_from")),
                name="ripa_last_valid_day_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "cancelled"])
                | Q(valid_from__isnull=False, last_valid_day__isnull=False),
                name="ripa_in_force_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(kind="initial", original__isnull=True, renews__isnull=True)
                | Q(kind="renewal", original__isnull=False, renews__isnull=False),
                name="ripa_renewal_names_its_original",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("applied_by")),
                name="ripa_applicant_officer_never_decides",
            ),
            # One renewal in progress or granted per application (a refused one may be tried again).
            models.UniqueConstraint(
                fields=["renews"],
                condition=Q(status__in=["awaiting_decision", "awaiting_justice", "active", "cancelled"]),
                name="ripa_one_live_renewal",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def root_id(self) -> int:
        return self.original_id or self.pk


class RipaReview(models.Model):
    """The authorising officer's review (code 5.14-5.16): date, outcome, reasons."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue"
        CANCEL = "cancel", "Cancel"

    application = models.ForeignKey(RipaApplication, on_delete=models.PROTECT, related_name="reviews")
    on = models.DateField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reasons = models.TextField(max_length=2000)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = "RIPA review"

    def audit_scope(self) -> dict:
        return self.application.audit_scope()


class RipaCancellation(models.Model):
    """The cancellation of an authorisation (code 5.22-5.25), on its initial application."""

    application = models.OneToOneField(RipaApplication, on_delete=models.PROTECT, related_name="cancellation")
    cancelled_on = models.DateField()
    reasons = models.TextField(max_length=2000)
    ceased_at = models.DateTimeField(help_text="When the instruction to stop the surveillance was given.")
    product_handling = models.TextField(
        max_length=2000, help_text="What happens to the material obtained: kept where, or destroyed when and by whom."
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    not_recorded = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-cancelled_on", "-pk"]
        verbose_name = "RIPA cancellation"

    def audit_scope(self) -> dict:
        return self.application.audit_scope()


auditlog.register(AuthorisingOfficer)
auditlog.register(RipaApplication, m2m_fields={"profiles"})
auditlog.register(RipaReview)
auditlog.register(RipaCancellation)
