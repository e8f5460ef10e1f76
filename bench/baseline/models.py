from django.db import models


class Note(models.Model):
    """The baseline: an authenticated form POST that writes exactly one row."""

    text = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
