"""The annual report for a council (or the whole agency) and a calendar year: the
figures inspectors (IPCO) and members ask for, in about ten queries whatever the
size of the trail. Counts only: it names no household or applicant, so it counts
restricted households too (their staff see them; the figures stay complete)."""

import datetime
from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.utils import timezone

from accounts.models import Role
from audit.chain import read_head
from audit.checkpoint import CheckpointError, last_checkpoint
from checks.models import CheckVoid, Refusal, SocialCheck
from checks.rules import RefusalCode
from incidents.models import ICO_DEADLINE, IcoDecision, Incident, IncidentKind
from policy.models import PolicyAcknowledgement, PolicyVersion

from . import sources
from .models import Course, TrainingRecord
from .selectors import EXPIRY_WARNING_DAYS

# Refused attempts to view again what had been viewed: the repeat-view attempts.
REPEAT_VIEW_CODES = (
    RefusalCode.APPLICANT_ALREADY_CHECKED,
    RefusalCode.PROFILE_ALREADY_VIEWED,
    RefusalCode.RIPA_AUTHORISATION_REQUIRED,
)
KEYS = (
    "checks",
    "refusals_by_code",
    "incidents_by_kind",
    "breaches",
    "subject_access",
    "ripa",
    "training",
    "policy_acceptance",
    "audit_head",
)


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """1 January to 1 January, the agency's local time (Europe/London)."""
    zone = timezone.get_current_timezone()
    return (datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone))


def _council(queryset, council, path: str):
    return queryset if council is None else queryset.filter(**{path: council})


def _checks(council, start, end) -> dict:
    rows = _council(
        SocialCheck.objects.filter(started_at__gte=start, started_at__lt=end),
        council,
        "applicant__household__local_authority",
    ).values(platform=F("profile__platform__name"), team=F("applicant__household__team__name"), result=F("outcome"))
    by_platform, by_outcome, by_team = Counter(), Counter(), Counter()
    total = 0
    for row in rows.annotate(n=Count("pk")).order_by():
        total += row["n"]
        by_platform[row["platform"]] += row["n"]
        by_outcome[row["result"] or "in_progress"] += row["n"]
        by_team[row["team"] or "No team"] += row["n"]
    voids = _council(
        CheckVoid.objects.filter(voided_at__gte=start, voided_at__lt=end),
        council,
        "applicant__household__local_authority",
    )
    return {
        "total": total,
        "by_platform": dict(sorted(by_platform.items())),
        "by_outcome": dict(sorted(by_outcome.items())),
        "by_team": dict(sorted(by_team.items())),
        "voids": voids.count(),
    }


def _refusals(council, start, end) -> dict:
    rows = _council(Refusal.objects.filter(at__gte=start, at__lt=end), council, "applicant__household__local_authority")
    counted = {r["code"]: r["n"] for r in rows.values("code").annotate(n=Count("pk")).order_by()}
    return {code: counted[code] for code in RefusalCode.values if code in counted}


def _incidents(council, start, end) -> tuple[dict, dict]:
    incidents = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    if council is not None:
        incidents = incidents.filter(Q(local_authority=council) | Q(household__local_authority=council))
    breach = Q(kind=IncidentKind.DATA_BREACH)
    reported = breach & Q(ico_decision=IcoDecision.REPORTED)
    figures = incidents.aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in IncidentKind.values},
        breaches=Count("pk", filter=breach),
        reported=Count("pk", filter=reported),
        in_time=Count(
            "pk",
            filter=reported & Q(ico_notified_at__isnull=False, ico_notified_at__lte=F("aware_at") + ICO_DEADLINE),
        ),
        not_reportable=Count("pk", filter=breach & Q(ico_decision=IcoDecision.NOT_REPORTABLE)),
    )
    by_kind = {kind: figures[kind] for kind in IncidentKind.values}
    breaches = {
        "total": figures["breaches"],
        "reported_to_ico": figures["reported"],
        "reported_within_72_hours": figures["in_time"],
        "not_reportable": figures["not_reportable"],
    }
    return by_kind, breaches


def staff_asked_to_accept():
    """Every active member of staff who accepts the policy: all but auditors, who read it and change nothing."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).exclude(role=Role.AUDITOR)


def _staff(day) -> tuple[dict, dict]:
    """Training coverage (workers and managers) and policy acceptance (all staff but auditors),
    in one aggregate over the staff after one read of the current policy version."""
    current = PolicyVersion.objects.current()
    warn = day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    in_date = TrainingRecord.objects.in_date(day).filter(user=OuterRef(OuterRef("pk")), course=OuterRef("pk"))
    required = Course.objects.required()
    checks = Q(role__in=(Role.WORKER, Role.MANAGER))
    figures = (
        staff_asked_to_accept()
        .annotate(
            untrained=Exists(required.filter(~Exists(in_date))),
            short=Exists(required.filter(~Exists(in_date.filter(expires_on__gt=warn)))),
            accepted=Exists(PolicyAcknowledgement.objects.filter(user=OuterRef("pk"), policy_version=current))
            if current is not None
            else Value(False),
        )
        .aggregate(
            everyone=Count("pk"),
            accepted_count=Count("pk", filter=Q(accepted=True)),
            checkers=Count("pk", filter=checks),
            trained=Count("pk", filter=checks & Q(untrained=False)),
            expiring=Count("pk", filter=checks & Q(untrained=False, short=True)),
        )
    )
    training = {
        "staff": figures["checkers"],
        "trained": figures["trained"],
        "not_trained": figures["checkers"] - figures["trained"],
        "expiring_within_30_days": figures["expiring"],
    }
    policy = {
        "version": current.version if current else None,
        "effective_on": current.effective_on.isoformat() if current and current.effective_on else None,
        "review_by": current.review_by.isoformat() if current and current.review_by else None,
        "staff": figures["everyone"],
        "accepted": figures["accepted_count"],
    }
    return training, policy


def _audit_head() -> dict:
    seq, row_hash = read_head()
    try:
        checkpoint = last_checkpoint()
    except CheckpointError:
        checkpoint = None
    return {
        "sequence": seq,
        "hash": row_hash,
        "checkpoint": None
        if checkpoint is None
        else {"sequence": checkpoint.seq, "hash": checkpoint.head_hash, "at": checkpoint.at},
    }


def annual_report(council, year: int) -> dict:
    """Exactly the contract's keys (api.md, Governance); `council` None means the whole agency."""
    start, end = year_bounds(year)
    by_kind, breaches = _incidents(council, start, end)
    training, policy = _staff(timezone.localdate())
    refusals = _refusals(council, start, end)
    checks = _checks(council, start, end)
    checks["repeat_view_attempts"] = sum(refusals.get(code, 0) for code in REPEAT_VIEW_CODES)
    return {
        "checks": checks,
        "refusals_by_code": refusals,
        "incidents_by_kind": by_kind,
        "breaches": breaches,
        "subject_access": sources.subject_access_counts(council, year),
        "ripa": sources.ripa_counts(council, year),
        "training": training,
        "policy_acceptance": policy,
        "audit_head": _audit_head(),
    }


def csv_rows(report: dict):
    """The report flattened to (section, item, value) rows, for the CSV."""
    yield ("section", "item", "value")

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from walk(f"{prefix}.{key}" if prefix else key, inner)
        else:
            yield prefix, value

    for key in KEYS:
        for path, value in walk("", report[key]):
            yield (key, path, "" if value is None else value)
