"""The annual report's figures that other apps own, each read through one function so
the app that owns them can be swapped without touching the report.

RIPA: the central record's yearly figures (`ripa.selectors`).
Subject access: `dataprotection.SubjectAccessRequest`, likewise in one place."""

from django.db.models import Count, F, Q

from checks.models import SocialCheck
from dataprotection.models import SubjectAccessRequest
from ripa.selectors import council_year_statistics


def ripa_counts(council, year: int) -> dict:
    """The Commissioner's figures for the year (applications, grants, refusals, a justice's
    approvals, renewals, cancellations, lapses) and the views made under an authorisation;
    the whole agency's when `council` is None. Two queries."""
    figures = council_year_statistics(council, year)
    views = SocialCheck.objects.filter(ripa_authorisation__isnull=False, started_at__year=year)
    if council is not None:
        views = views.filter(ripa_authorisation__council=council)
    return {**figures, "views_under_authorisation": views.count()}


def subject_access_counts(council, year: int) -> dict:
    """Requests received in the year; how many were answered, and how many by their due date."""
    requests = SubjectAccessRequest.objects.filter(received_on__year=year)
    if council is not None:
        requests = requests.filter(applicant__household__local_authority=council)
    return requests.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(completed_on__isnull=False)),
        answered_in_time=Count("pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_on"))),
    )
