"""An email backend for fault tests: says when it starts sending, then takes its time."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        marker = os.environ.get("SLOW_EMAIL_STARTED")
        if marker:
            Path(marker).touch()
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
