"""Reading households by where they are in their life: stage, overdue, search."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
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


MAX_SEARCH_WORDS = 5


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Households where each word of `query` is in the reference or an applicant's name."""
    for word in (query or "").split()[:MAX_SEARCH_WORDS]:
        names = Applicant.objects.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word), household=OuterRef("pk")
        )
        queryset = queryset.filter(Q(reference__icontains=word) | Exists(names))
    return queryset


CLOSED = "closed"  # a filter value beside the stages: closed cases, whatever their last stage


def filter_households(
    queryset: QuerySet,
    *,
    stage: str = "",
    overdue: bool | None = None,
    query: str = "",
    team=None,
    local_authority=None,
) -> QuerySet[Household]:
    if stage == CLOSED:
        queryset = queryset.exclude(outcome="")
    elif stage:
        queryset = queryset.filter(stage=stage, outcome="")
    if team is not None:
        queryset = queryset.filter(team=team)
    if local_authority is not None:
        queryset = queryset.filter(local_authority=local_authority)
    if overdue is True:
        queryset = queryset.filter(overdue_q())
    elif overdue is False:
        queryset = queryset.exclude(overdue_q())
    return matching(queryset, query)


# --- Returning applicants ------------------------------------------------------------


def earlier_applications_of(applicant) -> QuerySet[Applicant]:
    """The same person's other applications (linked by a worker when each was added)."""
    return Applicant.objects.filter(earlier_applications_q(applicant.person_first_application_id)).exclude(
        pk=applicant.pk
    )


def earlier_applications_q(first_application) -> Q:
    """Applicants who are applications of the person whose first application is
    `first_application` (an id or an OuterRef to one)."""
    return Q(pk=first_application) | Q(first_application=first_application)


def earlier_applicant_candidates(
    user, *, first_name: str, last_name: str, date_of_birth: datetime.date | None
) -> QuerySet[Applicant]:
    """Earlier applicants the new one may be: the same name and date of birth, in a
    closed application the user may see. Only suggested: the worker confirms a link."""
    from .scope import applicants_visible_to

    if not date_of_birth or not (first_name or "").strip() or not (last_name or "").strip():
        return Applicant.objects.none()
    return (
        applicants_visible_to(user)
        .filter(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
            anonymised_at__isnull=True,
        )
        .exclude(household__outcome="")
        .select_related("household")
        .order_by("-household__closed_on", "-pk")
    )


def communication_needs_summary(applicant: Applicant) -> dict:
    """The applicant's communication needs in one shape for every place that
    shares them (the subject access pack, the API, emails): the standard's
    "share" step. `status` tells "not yet asked" from "asked: no needs"."""
    return {
        "status": applicant.needs_status,
        "status_label": applicant.get_needs_status_display(),
        "needs": applicant.communication_needs_labels(),
        "information_formats": list(applicant.information_formats),
        "translation_language": applicant.translation_language,
        "large_print_points": applicant.large_print_points,
        "communication_support": list(applicant.communication_support),
        "interpreter_language": applicant.interpreter_language,
        "contact_method": applicant.contact_method,
        "notes": applicant.communication_notes,
        "review_on": applicant.needs_review_on.isoformat() if applicant.needs_review_on else None,
    }


def communication_needs_line(applicant: Applicant) -> str:
    """One plain line for emails and lists: the needs in words, or that they were not asked."""
    if applicant.has_communication_needs:
        return "Communication needs: " + ", ".join(applicant.communication_needs_labels())
    if applicant.needs_not_asked:
        return "Communication needs: not yet asked"
    return ""


def needs_reviews_due(today: datetime.date | None = None) -> QuerySet:
    """Applicants in open cases whose needs review date has come, not yet reminded for that date."""
    from .models import NeedsReviewReminder

    today = today or timezone.localdate()
    return (
        Applicant.objects.filter(
            needs_review_on__isnull=False, needs_review_on__lte=today, household__outcome="", anonymised_at__isnull=True
        )
        .exclude(
            Exists(NeedsReviewReminder.objects.filter(applicant=OuterRef("pk"), review_on=OuterRef("needs_review_on")))
        )
        .select_related("household__allocated_worker", "household__local_authority")
        .order_by("pk")
    )
