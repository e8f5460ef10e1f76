from django.db import models


class Notification(models.Model):
    """An email that must reach someone: written in the same transaction as the
    event it reports, so it survives a broker outage and is sent once."""

    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    html_body = models.TextField(blank=True, help_text="The same message as HTML, sent beside the plain text.")
    from_email = models.CharField(
        max_length=320,
        blank=True,
        help_text="The sender, e.g. the council's own address; DEFAULT_FROM_EMAIL when empty.",
    )
    recipients = models.JSONField()
    about = models.CharField(max_length=100, blank=True, help_text="The record it reports, e.g. refusal:12.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.kind}: {self.subject}"
