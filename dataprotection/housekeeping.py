"""Working copies of personal data do not outlive their use.

The emails the service sent name applicants and their profiles; a form's
double-submit token points at the page its record went to; a session holds
who was signed in; an unused set-up code (its hash) outlives its purpose
once expired. None of them is a record: the records follow their
retention periods (retention.py), and these copies must not keep personal
data after the records have gone. Run daily, beside retention.

An email not yet sent is kept whatever its age: it is an alert still on its
way to a manager.
"""

import datetime
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import SetupCode
from audit.models import Action
from audit.services import audit_record
from notifications.models import Notification
from web.models import Submission


@transaction.atomic
def purge_working_copies(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete sent emails and form tokens older than OPERATIONAL_KEEP_DAYS, and expired sessions and set-up codes."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SOCIALCHECK_OPERATIONAL_KEEP_DAYS)
    counts = {
        "sent emails": Notification.objects.filter(sent_at__lt=cutoff).delete()[0],
        "form tokens": Submission.objects.filter(created_at__lt=cutoff).delete()[0],
        "expired set-up codes": SetupCode.objects.filter(expires_at__lt=now).delete()[0],
    }
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    audit_record(
        actor=None,
        action=Action.DELETE,
        record_type="housekeeping_run",
        summary="Housekeeping: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()) + ", expired sessions",
        data={"counts": counts, "kept_days": settings.SOCIALCHECK_OPERATIONAL_KEEP_DAYS},
    )
    return counts
