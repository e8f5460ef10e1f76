"""The figures on the managers' dashboard: each one aggregate query over the user's scope,
so the page costs the same number of queries for ten records or ten million."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Role
from cases.scope import applicants_visible_to
from checks.rules import RULES
from checks.selectors import checks_visible_to, refusals_visible_to, voids_visible_to
from consent.models import ConsentState
from consent.selectors import consent_state_of
from incidents.models import ICO_DEADLINE, IcoDecision, IncidentKind, IncidentStatus
from incidents.selectors import incidents_visible_to
from ripa.selectors import applications_visible_to
from t4c_socialcheck.dates import add_calendar_months

MONTHS = 12
EXPIRING_DAYS = 7
LATE_CHECKS_SHOWN = 20
RULE_ORDER = {rule.code.value: index for index, rule in enumerate(RULES)}


def sees_case_records(user) -> bool:
    """Admins configure the service and read no case records (see cases.scope); their
    dashboard leaves out figures about checks, consents and RIPA rather than show noughts."""
    return user.role in (Role.MANAGER, Role.AUDITOR)


@dataclass(frozen=True)
class Figures:
    checks_by_month: list[tuple[datetime.date, int]]
    refusals_by_code: list[tuple[str, int, int]]  # code, refusals, not yet reviewed
    open_incidents_by_kind: list[tuple[str, str, int]]  # kind, label, open or investigating
    ico_overdue: int
    consents: list[tuple[str, str, int]]  # state, label, applicants
    late_checks: list
    late_checks_count: int
    late_after_hours: int
    ripa_expiring: int
    voided_checks: int = 0

    @property
    def refusals_total(self) -> int:
        return sum(n for _, n, _ in self.refusals_by_code)

    @property
    def refusals_unreviewed(self) -> int:
        return sum(u for _, _, u in self.refusals_by_code)

    @property
    def open_incidents(self) -> int:
        return sum(n for _, _, n in self.open_incidents_by_kind)

    @property
    def checks_this_year(self) -> int:
        return sum(n for _, n in self.checks_by_month)


def _month_starts(today: datetime.date) -> list[datetime.date]:
    first = add_calendar_months(today.replace(day=1), -(MONTHS - 1))
    return [add_calendar_months(first, i) for i in range(MONTHS)]


def checks_by_month(user, today: datetime.date) -> list[tuple[datetime.date, int]]:
    months = _month_starts(today)
    since = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    rows = (
        checks_visible_to(user)
        .filter(started_at__gte=since)
        .annotate(month=TruncMonth("started_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        month = row["month"]
        key = (month.year, month.month)
        counts[key] = counts.get(key, 0) + row["n"]
    return [(month, counts.get((month.year, month.month), 0)) for month in months]


def refusals_by_code(user) -> list[tuple[str, int, int]]:
    """By the first rule each attempt failed: the one the worker was told about."""
    rows = (
        refusals_visible_to(user)
        .values("code")
        .annotate(n=Count("pk"), unreviewed=Count("pk", filter=Q(review__isnull=True)))
        .order_by()
    )
    found = [(row["code"], row["n"], row["unreviewed"]) for row in rows]
    return sorted(found, key=lambda row: (RULE_ORDER.get(row[0], len(RULE_ORDER)), row[0]))


def open_incidents_by_kind(user, now: datetime.datetime) -> tuple[list[tuple[str, str, int]], int]:
    rows = (
        incidents_visible_to(user)
        .exclude(status=IncidentStatus.CLOSED)
        .values("kind")
        .annotate(
            n=Count("pk"),
            overdue=Count(
                "pk",
                filter=Q(
                    kind=IncidentKind.DATA_BREACH,
                    ico_decision=IcoDecision.PENDING,
                    aware_at__lte=now - ICO_DEADLINE,
                ),
            ),
        )
        .order_by()
    )
    counts = {row["kind"]: row for row in rows}
    by_kind = [(kind.value, kind.label, counts.get(kind.value, {}).get("n", 0)) for kind in IncidentKind]
    return by_kind, sum(row["overdue"] for row in counts.values())


def consents_by_state(user) -> list[tuple[str, str, int]]:
    """Each applicant in scope counted once, in their consent state now."""
    counts = dict(
        applicants_visible_to(user)
        .annotate(state=consent_state_of())
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    order = (ConsentState.GIVEN, ConsentState.REFUSED, ConsentState.WITHDRAWN, ConsentState.NONE)
    return [(state.value, state.label, counts.get(state.value, 0)) for state in order]


def late_checks(user, now: datetime.datetime, hours: int) -> tuple[list, int]:
    late = checks_visible_to(user).filter(
        completed_at__isnull=True, started_at__lt=now - datetime.timedelta(hours=hours)
    )
    shown = list(
        late.select_related("worker", "applicant__household", "profile__platform").order_by("started_at", "pk")[
            :LATE_CHECKS_SHOWN
        ]
    )
    return shown, late.count()


def ripa_expiring(user, today: datetime.date) -> int:
    return expiring_soon(applications_visible_to(user), today).count()


def expiring_soon(authorisations, today: datetime.date):
    """Authorisations in force whose last valid day is within EXPIRING_DAYS."""
    return authorisations.filter(
        status="active",
        stopped_on__isnull=True,
        valid_from__lte=today,
        last_valid_day__gte=today,
        last_valid_day__lte=today + datetime.timedelta(days=EXPIRING_DAYS),
    )


def dashboard_figures(user) -> Figures:
    now = timezone.now()
    today = timezone.localdate(now)
    hours = settings.SOCIALCHECK_IN_PROGRESS_ALERT_HOURS
    incidents, overdue = open_incidents_by_kind(user, now)
    cases = sees_case_records(user)
    shown, count = late_checks(user, now, hours) if cases else ([], 0)
    return Figures(
        checks_by_month=checks_by_month(user, today) if cases else [],
        refusals_by_code=refusals_by_code(user),
        open_incidents_by_kind=incidents,
        ico_overdue=overdue,
        consents=consents_by_state(user) if cases else [],
        late_checks=shown,
        late_checks_count=count,
        late_after_hours=hours,
        ripa_expiring=ripa_expiring(user, today) if cases else 0,
        voided_checks=voids_visible_to(user).count() if cases else 0,
    )
