import hashlib

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PolicyVersionQuerySet(models.QuerySet):
    def published(self):
        """Published versions in effect, newest first: the first is the one all staff must have accepted.
        A version whose effective date is still to come is not asked for yet."""
        in_effect = Q(effective_on__isnull=True) | Q(effective_on__lte=timezone.localdate())
        return self.filter(in_effect, published_at__isnull=False).order_by("-published_at", "-pk")

    def current(self):
        return self.published().first()


class PolicyVersion(models.Model):
    """A version of the social media policy. Publishing one requires everyone to accept it anew."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    version = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="The policy text shown in full before a worker accepts it.")
    body_sha256 = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(
        null=True, blank=True, help_text="The day it takes effect; staff are asked to accept it from then."
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="When the policy must next be reviewed; admins are told once it passes."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def save(self, *args, **kwargs):
        self.body_sha256 = sha256_text(self.body)
        super().save(*args, **kwargs)

    def review_overdue(self, day=None) -> bool:
        return self.review_by is not None and self.review_by < (day or timezone.localdate())


class PolicyAcknowledgement(models.Model):
    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policy_acknowledgements")
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "policy_version"], name="one_acknowledgement_per_version"),
        ]

    def __str__(self):
        return f"acceptance of policy version {self.policy_version.version}"


auditlog.register(PolicyVersion)
auditlog.register(PolicyAcknowledgement)
