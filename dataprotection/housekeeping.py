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

from audit.models import Action
from audit.services import audit_record
from t4c_socialcheck.housekeeping import prune_working_copies


@transaction.atomic
def purge_working_copies(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Each app deletes its working copies older than OPERATIONAL_KEEP_DAYS (sent emails, form tokens)
    or expired (set-up codes); expired sessions go too."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SOCIALCHECK_OPERATIONAL_KEEP_DAYS)
    counts = {}
    for _receiver, pruned in prune_working_copies.send(sender=None, cutoff=cutoff, now=now):
        counts.update(pruned)
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    audit_record(
        actor=None,
        action=Action.DELETE,
        record_type="housekeeping_run",
        summary="Housekeeping: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()) + ", expired sessions",
        data={"counts": counts, "kept_days": settings.SOCIALCHECK_OPERATIONAL_KEEP_DAYS},
    )
    return counts
