import hashlib

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PolicyVersionQuerySet(models.QuerySet):
    def published(self):
        """Published versions, newest first: the first is the one every worker must have accepted."""
        return self.filter(published_at__isnull=False).order_by("-published_at", "-pk")

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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def save(self, *args, **kwargs):
        self.body_sha256 = sha256_text(self.body)
        super().save(*args, **kwargs)


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
