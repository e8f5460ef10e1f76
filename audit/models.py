from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Sign-in locked"
    TWO_FACTOR = "two_factor", "Two-step verification"
    ACCESS_DENIED = "access_denied", "Access denied"
    CHECK_STARTED = "check_started", "Check started"
    CHECK_COMPLETED = "check_completed", "Check completed"
    CHECK_REFUSED = "check_refused", "Check refused"
    REDACT = "redact", "Redacted"
    CHAIN_FORMAT = "chain_format", "Audit chain format changed"
    OTHER = "other", "Other"


def _link_outliving(to) -> models.ForeignKey:
    """A foreign key without a database constraint: the trail can show the
    person or household in one join, and outlives anything retention removes.
    Its index is the composite one in Meta."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )


class AuditEvent(models.Model):
    """One entry of the audit trail: append-only and hash-chained.

    Each row's `row_hash` covers its content hash and the previous row's hash,
    so an edit, deletion or reordering anywhere breaks verification. Columns
    the trail is filtered by are copied out of `data` and indexed.
    """

    # Every entry is written on someone's request, so indexes are kept to what
    # the trail is filtered by: each composite index below also serves its
    # leading column alone, and the hashes need no LIKE index.
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = _link_outliving(settings.AUTH_USER_MODEL)
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    record_type = models.CharField(max_length=50)
    record_id = models.CharField(max_length=64, blank=True)
    household = _link_outliving("cases.Household")
    applicant_id = models.BigIntegerField(null=True, blank=True)
    team_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["actor", "-seq"], name="audit_actor_seq"),
            models.Index(fields=["household", "-seq"], name="audit_household_seq"),
            models.Index(fields=["applicant_id", "-seq"], name="audit_applicant_seq"),
            models.Index(fields=["action", "-seq"], name="audit_action_seq"),
            models.Index(fields=["record_type", "-seq"], name="audit_record_type_seq"),
            models.Index(fields=["team_id", "-seq"], name="audit_team_seq"),
            models.Index(fields=["at", "seq"], name="audit_at_seq"),
            # Redacted entries only: new entries cost it nothing, and verify_audit counts them from a checkpoint.
            models.Index(fields=["seq"], name="audit_redacted", condition=models.Q(redacted_at__isnull=False)),
        ]
        constraints = [
            # No two entries follow the same one: the chain cannot fork.
            models.UniqueConstraint(fields=["prev_hash"], name="audit_one_entry_after_each"),
            models.UniqueConstraint(fields=["row_hash"], name="audit_unique_row_hash"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.record_type}:{self.record_id}"
