"""Reads for the pages: households with everything their statuses need, in a
fixed number of queries, and each applicant's progress through the tasks."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Applicant, ApplicantCorrection, Household
from cases.scope import households_visible_to
from cases.selectors import filter_households
from checks.models import CheckStatus, SocialCheck
from checks.selectors import OneOffCheck, check_status, earlier_checks_of, one_off_check_of, with_check_status
from consent.models import Consent, ConsentState
from consent.selectors import consent_state, with_consent_state
from platforms.models import SocialProfile
from t4c_socialcheck.batches import cursor_position, rows_beyond


@dataclass(frozen=True)
class ApplicantProgress:
    """Where an applicant is: consent, profiles, check. Built from prefetched rows."""

    applicant: Applicant
    consent_state: ConsentState
    consent: Consent | None
    profiles: list[SocialProfile]
    checks: list[SocialCheck]
    # On the household page only (a few queries each): the one-off check in a
    # sentence, and the same person's checks in earlier applications.
    one_off: OneOffCheck | None = None
    earlier_checks: tuple[SocialCheck, ...] = ()

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
    def corrections(self) -> list:
        """Corrections of the name or date of birth, oldest first (the household page only: prefetched
        there by `with_progress(corrections=True)`)."""
        return list(self.applicant.corrections.all())

    @property
    def can_start_check(self) -> bool:
        """Whether to offer the "make the check" task; the rules still decide."""
        return self.consent_given and bool(self.profiles) and not self.checks and not self.applicant.household.is_closed


def _progress_prefetches(prefix: str = "") -> list[Prefetch]:
    profiles = SocialProfile.objects.select_related("platform", "applicant", "joint_with").order_by("created_at", "pk")
    checks = SocialCheck.objects.select_related("void").order_by("-started_at", "-pk")
    return [
        Prefetch(f"{prefix}consents", queryset=Consent.objects.newest_first()),
        Prefetch(f"{prefix}profiles", queryset=profiles),
        # A couple's shared account, and its check, show on both applicants.
        Prefetch(f"{prefix}joint_profiles", queryset=profiles),
        Prefetch(f"{prefix}social_checks", queryset=checks),
        Prefetch(f"{prefix}joint_social_checks", queryset=checks),
    ]


def _with_statuses(applicants: QuerySet) -> QuerySet:
    return with_check_status(with_consent_state(applicants))


def with_progress(queryset: QuerySet, *, corrections: bool = False) -> QuerySet:
    """Prefetch what `progress()` reads, newest first, so a list costs no extra query per row;
    with `corrections`, each applicant's corrections too (the household page shows them)."""
    queryset = queryset.prefetch_related(
        Prefetch("applicants", queryset=_with_statuses(Applicant.objects.order_by("position"))),
        *_progress_prefetches("applicants__"),
    )
    if corrections:
        queryset = queryset.prefetch_related(
            Prefetch("applicants__corrections", queryset=ApplicantCorrection.objects.select_related("by"))
        )
    return queryset


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
        profiles=sorted(
            [*applicant.profiles.all(), *applicant.joint_profiles.all()], key=lambda p: (p.created_at, p.pk)
        ),
        # Voided checks no longer count as the applicant's one view.
        checks=sorted(
            (c for c in [*applicant.social_checks.all(), *applicant.joint_social_checks.all()] if not _voided(c)),
            key=lambda c: (c.started_at, c.pk),
            reverse=True,
        ),
    )


def _voided(social_check: SocialCheck) -> bool:
    return hasattr(social_check, "void")


CASELOAD_PAGE = 50
# Sorts: the field, whether it runs newest/largest first, and how a cursor's value is read back.
CASELOAD_SORTS = {
    "reference": ("reference", False, str),
    "received": ("received_on", True, datetime.date.fromisoformat),
    "in_stage": ("began", False, datetime.date.fromisoformat),
}


@dataclass(frozen=True)
class CaseloadApplicant:
    """An applicant as a caseload row shows them: name, needs, and the two statuses (annotated)."""

    applicant: Applicant
    consent_state: ConsentState
    check_status: CheckStatus


@dataclass(frozen=True)
class CaseloadHousehold:
    """A household's row: its clock worked out once, and its applicants."""

    household: Household
    due_on: datetime.date | None
    overdue: bool
    applicants: list[CaseloadApplicant]


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadHousehold]
    next_cursor: str | None  # pass as ?after= for the next page
    previous_cursor: str | None = None  # pass as ?before= for the previous page

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


# What a caseload row shows, and no more: the list loads only these columns.
CASELOAD_HOUSEHOLD_FIELDS = ("reference", "received_on", "stage", "stage_started_on", "outcome", "legal_hold")
CASELOAD_APPLICANT_FIELDS = (
    "household_id",
    "position",
    "first_name",
    "last_name",
    "needs_status",
    "information_formats",
    "communication_support",
    "contact_method",
)


def _caseload_row(household: Household, today: datetime.date) -> CaseloadHousehold:
    due_on = household.due_on
    return CaseloadHousehold(
        household=household,
        due_on=due_on,
        overdue=due_on is not None and due_on < today,
        applicants=[
            CaseloadApplicant(a, ConsentState(a.consent_state), CheckStatus(a.check_status))
            for a in household.applicants.all()
        ],
    )


def caseload(
    user, query: str = "", *, filters: dict | None = None, after: str | None = None, before: str | None = None
) -> CaseloadPage:
    """A page of the households the user may see, filtered (cases.selectors) and sorted, keyset-paginated
    forwards (`after`) or backwards (`before`). Each applicant's statuses are annotations, so the page
    costs two queries however many rows it has."""
    filters = dict(filters or {})
    field, descending, parse = CASELOAD_SORTS.get(filters.pop("sort", "") or "reference", CASELOAD_SORTS["reference"])
    households = filter_households(
        households_visible_to(user).annotate(began=Coalesce("stage_started_on", "received_on")),
        query=query,
        **filters,
    )
    forwards = (f"-{field}", "-pk") if descending else (field, "pk")
    backwards = (field, "pk") if descending else (f"-{field}", "-pk")
    after_at, before_at = cursor_position(after, parse), cursor_position(before, parse)
    going_back = before_at is not None and after_at is None
    if going_back:
        households = rows_beyond(households, field, descending, before_at)
    elif after_at is not None:
        households = rows_beyond(households, field, not descending, after_at)
    applicants = _with_statuses(Applicant.objects.only(*CASELOAD_APPLICANT_FIELDS).order_by("position"))
    found = list(
        households.only(*CASELOAD_HOUSEHOLD_FIELDS)
        .prefetch_related(Prefetch("applicants", queryset=applicants))
        .order_by(*(backwards if going_back else forwards))[: CASELOAD_PAGE + 1]
    )
    more, found = len(found) > CASELOAD_PAGE, found[:CASELOAD_PAGE]
    if going_back:
        found.reverse()
    cursor = lambda household: f"{getattr(household, field)}~{household.pk}"  # noqa: E731
    if not found:
        return CaseloadPage([], None, None)
    # Coming back, there is always a next page (the one we came from); going on, always a previous one.
    next_cursor = cursor(found[-1]) if going_back or more else None
    previous_cursor = cursor(found[0]) if (more if going_back else after_at is not None) else None
    today = timezone.localdate()
    return CaseloadPage([_caseload_row(h, today) for h in found], next_cursor, previous_cursor)


def with_one_off(user, item: ApplicantProgress) -> ApplicantProgress:
    """An applicant's progress with their one-off check stated, and their earlier applications' checks."""
    return dataclasses.replace(
        item,
        one_off=one_off_check_of(item.applicant),
        earlier_checks=tuple(earlier_checks_of(user, item.applicant)) if item.applicant.first_application_id else (),
    )
