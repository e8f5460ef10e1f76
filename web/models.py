from django.conf import settings
from django.db import models


class Submission(models.Model):
    """One submission of a form that records something, keyed by a token the form carries.

    The same form sent again (a double click, a refresh, the back button)
    finds this row and goes to where the first one went, so nothing is
    recorded twice, even where the service would accept a repeat (a second
    incident report, the same applicant added twice) or would record it as a
    refused check and tell a manager about a check that was in fact allowed.

    For a started check, the result it remembers is the check's page: the
    profile link is shown there once, to the worker whose form started it
    (when it was shown is evidence, kept on the check: profile_link_shown_at).

    Page state, not evidence (the records the services write are): rows go
    with the user, and with age (dataprotection.housekeeping).
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Submission {self.token}"
