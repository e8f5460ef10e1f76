from django.conf import settings
from django.db import models


class Submission(models.Model):
    """One submission of a form that records something, keyed by a token the form carries.

    The same form sent again (a double click, a refresh, the back button)
    finds this row and goes to where the first one went, so nothing is
    recorded twice, even where the service would accept a repeat (a second
    incident report, the same applicant added twice) or would record it as a
    refused check and tell a manager about a check that was in fact allowed.

    For a started check it also remembers when the profile link was shown:
    the link appears once, on the first page after the start, never again.

    Page state, not evidence (the records the services write are): rows go
    with the user, check or refusal they point to.
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=200, blank=True)
    social_check = models.OneToOneField(
        "checks.SocialCheck", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    link_shown_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Submission {self.token}"
