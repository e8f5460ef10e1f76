"""The annual report's figures that other apps own, each read through one function so
the app that owns them can be swapped without touching the report.

RIPA: today's `checks.RipaAuthorisation`; when the `ripa` app lands, point
`ripa_counts` at `ripa.selectors.applications_for_council_year(council, year)`.
Subject access: `dataprotection.SubjectAccessRequest`, likewise in one place."""

from django.db.models import Count, F, Q

from checks.models import RipaAuthorisation, SocialCheck
from dataprotection.models import SubjectAccessRequest


def ripa_counts(council, year: int) -> dict:
    """Authorisations that took effect in the year, and the views made under any authorisation then."""
    authorisations = RipaAuthorisation.objects.filter(valid_from__year=year)
    views = SocialCheck.objects.filter(ripa_authorisation__isnull=False, started_at__year=year)
    if council is not None:
        authorisations = authorisations.filter(applicant__household__local_authority=council)
        views = views.filter(applicant__household__local_authority=council)
    figures = authorisations.aggregate(
        authorisations=Count("pk"), cancelled=Count("pk", filter=Q(cancelled_at__isnull=False))
    )
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
