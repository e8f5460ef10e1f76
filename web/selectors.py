"""Reads for the pages: households with everything their statuses need, in a
fixed number of queries, and each applicant's progress through the tasks."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from cases.models import Applicant, Household
from cases.scope import households_visible_to
from checks.models import CheckStatus, SocialCheck
from checks.selectors import check_status, with_check_status
from consent.models import Consent, ConsentState
from consent.selectors import consent_state, with_consent_state
from platforms.models import SocialProfile


@dataclass(frozen=True)
class ApplicantProgress:
    """Where an applicant is: consent, profiles, check. Built from prefetched rows."""

    applicant: Applicant
    consent_state: ConsentState
    consent: Consent | None
    profiles: list[SocialProfile]
    checks: list[SocialCheck]

    @property
    def open_check(self) -> SocialCheck | None:
        return next((c for c in self.checks if not c.is_completed), None)

    @property
    def latest_check(self) -> SocialCheck | None:
        return self.checks[0] if self.checks else None

    @property
    def check_status(self) -> CheckStatus:
        # Started but not completed still counts as the one view.
        return check_status(self.applicant)

    @property
    def consent_given(self) -> bool:
        return self.consent_state == ConsentState.GIVEN

    @property
    def can_start_check(self) -> bool:
        """Whether to offer the "make the check" task; the rules still decide."""
        return self.consent_given and bool(self.profiles) and not self.checks and not self.applicant.household.is_closed


def _progress_prefetches(prefix: str = "") -> list[Prefetch]:
    return [
        Prefetch(f"{prefix}consents", queryset=Consent.objects.newest_first()),
        Prefetch(
            f"{prefix}profiles",
            queryset=SocialProfile.objects.select_related("platform").order_by("created_at", "pk"),
        ),
        Prefetch(f"{prefix}social_checks", queryset=SocialCheck.objects.order_by("-started_at", "-pk")),
    ]


def _with_statuses(applicants: QuerySet) -> QuerySet:
    return with_check_status(with_consent_state(applicants))


def with_progress(queryset: QuerySet) -> QuerySet:
    """Prefetch what `progress()` reads, newest first, so a list costs no extra query per row."""
    return queryset.prefetch_related(
        Prefetch("applicants", queryset=_with_statuses(Applicant.objects.order_by("position"))),
        *_progress_prefetches("applicants__"),
    )


def applicant_progress(applicant: Applicant) -> "ApplicantProgress":
    fresh = (
        _with_statuses(Applicant.objects.select_related("household"))
        .prefetch_related(*_progress_prefetches())
        .get(pk=applicant.pk)
    )
    return progress(fresh)


def progress(applicant: Applicant) -> ApplicantProgress:
    state, consent = consent_state(applicant)
    return ApplicantProgress(
        applicant=applicant,
        consent_state=state,
        consent=consent,
        profiles=list(applicant.profiles.all()),
        checks=list(applicant.social_checks.all()),
    )


CASELOAD_LIMIT = 200


def caseload(user, query: str = "") -> list[tuple[Household, list[ApplicantProgress]]]:
    """The households the user may see, matching `query` (a reference or a name)."""
    households = households_visible_to(user).select_related("local_authority", "allocated_worker")
    words = query.split()
    for word in words[:5]:
        households = households.filter(
            Q(reference__icontains=word)
            | Q(applicants__first_name__icontains=word)
            | Q(applicants__last_name__icontains=word)
        )
    if words:
        households = households.distinct()
    households = with_progress(households.order_by("reference"))[:CASELOAD_LIMIT]
    return [(household, [progress(a) for a in household.applicants.all()]) for household in households]
