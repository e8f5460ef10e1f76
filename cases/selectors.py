"""Reading households by where they are in their life: stage, overdue, search."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from .clocks import stage_due_on
from .models import Applicant, Household, Stage

# The longest a stage's clock runs (the break's 6 months), with room to spare.
_SEARCH_DAYS = 400


def latest_overdue_start(stage: str, today: datetime.date) -> datetime.date | None:
    """The latest date a stage could have begun on and be overdue today (its due date
    before today). The clocks only move forwards as the start does, so a binary search finds it."""
    if stage_due_on(stage, today) is None:
        return None
    low, high = today - datetime.timedelta(days=_SEARCH_DAYS), today
    if stage_due_on(stage, low) >= today:
        return None
    while (high - low).days > 1:
        middle = low + datetime.timedelta(days=(high - low).days // 2)
        if stage_due_on(stage, middle) < today:
            low = middle
        else:
            high = middle
    return low


def overdue_q(today: datetime.date | None = None) -> Q:
    """Open households whose current stage is past its due date."""
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for stage in Stage:
        latest = latest_overdue_start(stage, today)
        if latest is not None:
            condition |= Q(stage=stage, stage_started_on__lte=latest)
    return Q(outcome="") & condition


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Households whose reference or an applicant's name contains `query`."""
    query = (query or "").strip()
    if not query:
        return queryset
    names = Applicant.objects.annotate(full=Concat("first_name", Value(" "), "last_name")).filter(
        Q(full__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query),
        household=OuterRef("pk"),
    )
    return queryset.filter(Q(reference__icontains=query) | Exists(names))


def filter_households(
    queryset: QuerySet, *, stage: str = "", overdue: bool | None = None, query: str = ""
) -> QuerySet[Household]:
    if stage:
        queryset = queryset.filter(stage=stage, outcome="")
    if overdue is True:
        queryset = queryset.filter(overdue_q())
    elif overdue is False:
        queryset = queryset.exclude(overdue_q())
    return matching(queryset, query)
