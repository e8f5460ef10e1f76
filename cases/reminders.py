"""Telling people about cases that became overdue, through the outbox (run daily by cases.tasks).

One notification per case per stage, never repeated: an OverdueNotice row, unique
per household and stage, is written in the same transaction as the queued email.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from notifications.services import absolute_url, notify

from .models import Household, OverdueNotice
from .selectors import overdue_q


def _recipients(household: Household) -> list[str]:
    people = User.objects.filter(is_active=True).exclude(email="")
    managers = people.filter(managed_teams=household.team_id).values_list("email", flat=True)
    worker = (
        [household.allocated_worker.email] if household.allocated_worker and household.allocated_worker.email else []
    )
    return sorted(set(worker) | set(managers))


def notify_overdue_cases(today=None) -> int:
    """Tell the allocated worker and the team's managers of each case newly overdue. Returns how many."""
    today = today or timezone.localdate()
    overdue = (
        Household.objects.filter(overdue_q(today))
        .exclude(Exists(OverdueNotice.objects.filter(household=OuterRef("pk"), stage=OuterRef("stage"))))
        .select_related("allocated_worker", "team", "local_authority")
        .order_by("pk")
    )
    sent = 0
    for household in overdue:
        recipients = _recipients(household)
        try:
            with transaction.atomic():
                OverdueNotice.objects.create(household=household, stage=household.stage, due_on=household.due_on)
                if recipients:
                    notify(
                        kind="case_overdue",
                        template="case_overdue",
                        context={"household": household, "url": absolute_url("household", household.pk)},
                        recipients=recipients,
                        about=f"household:{household.pk}:overdue:{household.stage}",
                        local_authority=household.local_authority,
                    )
        except IntegrityError:
            continue  # another run told them first
        sent += 1
    return sent


def remind_needs_reviews(today=None) -> int:
    """Tell the allocated worker that an applicant's communication needs are due
    for review (the standard's "review" step): once per applicant and review date."""
    from .models import NeedsReviewReminder
    from .selectors import communication_needs_line, needs_reviews_due

    sent = 0
    for applicant in needs_reviews_due(today):
        household = applicant.household
        worker = household.allocated_worker
        try:
            with transaction.atomic():
                NeedsReviewReminder.objects.create(applicant=applicant, review_on=applicant.needs_review_on)
                if worker is not None and worker.is_active and worker.email:
                    notify(
                        kind="needs_review_due",
                        template="needs_review_due",
                        context={
                            "applicant": applicant,
                            "household": household,
                            "needs_line": communication_needs_line(applicant),
                            "url": absolute_url("communication-needs", applicant.pk),
                        },
                        recipients=[worker.email],
                        about=f"applicant:{applicant.pk}:needs-review:{applicant.needs_review_on}",
                        local_authority=household.local_authority,
                    )
        except IntegrityError:
            continue  # another run reminded them first
        sent += 1
    return sent
