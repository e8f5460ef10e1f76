from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A user's API token, kept only as a SHA-256 hash: the key itself is shown
    once, when it is issued, and cannot be read back from the database.

    One per user: issuing a new token replaces (revokes) the old one. The key is
    256 random bits, so a fast hash is enough; there is nothing to brute-force.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API token"

    def __str__(self):
        return f"API token for {self.user}"
