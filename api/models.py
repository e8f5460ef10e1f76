from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """An API token, kept only as a SHA-256 hash: the key itself is shown once,
    when it is issued, and cannot be read back from the database. The key is
    256 random bits, so a fast hash is enough; there is nothing to brute-force.

    A personal token is the user's own, issued to someone with a confirmed
    second factor (and it stops working if they no longer have one); an
    integration token is issued by an admin for another system, acting as a
    user. Every token expires, and can be revoked by its owner or an admin.
    """

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal"
        INTEGRATION = "integration", "Integration"

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSONAL)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.WRITE)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "API token"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="api_token_live_name_unique_per_user",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display().lower()} token of {self.user})"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
