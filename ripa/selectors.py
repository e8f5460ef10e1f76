"""Reads of the RIPA register, each limited to what the user may see.

Also the questions other apps ask: is an authorisation in force today for this
profile (checks.facts), what is held about an applicant (subject access), what
happened in a council's year (annual report), and how long must it all be kept
(retention)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from cases.scope import can_act_on_household, households_visible_to
from governance.selectors import without_restricted

from .dates import kept_until
from .models import AuthorisingOfficer, RipaApplication, RipaReview, Status

# What the register shows for each application (and the CSV's `status` column).
DISPLAY_STATUS = {
    "awaiting_decision": "Awaiting the authorising officer",
    "refused": "Refused by the authorising officer",
    "awaiting_justice": "Awaiting a justice's approval",
    "justice_refused": "Refused by a justice",
    "approved": "Approved, not yet in force",
    "in_force": "In force",
    "stopped": "Stopped at review: cancellation to record",
    "renewed": "Ended: renewed",
    "lapsed": "Lapsed without cancellation",
    "cancelled": "Cancelled",
}


def chain_q(root_id: int) -> Q:
    """The initial application and its renewals: one authorisation."""
    return Q(pk=root_id) | Q(original_id=root_id)


def designations_of(user) -> QuerySet:
    return AuthorisingOfficer.objects.filter(user=user, active=True)


def is_designated_officer(user, council_id: int) -> bool:
    return user.is_authenticated and designations_of(user).filter(council_id=council_id).exists()


def applications_visible_to(user) -> QuerySet:
    """Auditors and admins: every council's register (admins without the subjects'
    names, see register_row). Managers: their teams' households. A designated
    authorising officer: their councils' applications. Restricted households: named staff only."""
    if not user.is_authenticated or not user.is_active:
        return RipaApplication.objects.none()
    if user.role in (Role.AUDITOR, Role.ADMIN):
        applications = RipaApplication.objects.all()
    else:
        mine = Q(council__in=designations_of(user).values("council_id"))
        if user.role == Role.MANAGER:
            mine |= Q(applicant__household__in=households_visible_to(user).values("pk"))
        applications = RipaApplication.objects.filter(mine)
    # A restricted household's applications are for the staff named on it (governance).
    return without_restricted(user, applications, "applicant__household_id")


def sees_subjects(user) -> bool:
    """Admins configure, they see no case records: the register names no subject to them."""
    return user.role != Role.ADMIN


def with_register_details(queryset: QuerySet) -> QuerySet:
    """Everything a register row needs, in a fixed number of queries."""
    return (
        queryset.select_related(
            "council", "applicant", "applied_by", "decided_by", "original__cancellation", "cancellation"
        )
        .prefetch_related(
            "profiles__platform",
            Prefetch("reviews", queryset=RipaReview.objects.order_by("on", "pk")),
            Prefetch("renewals", queryset=RipaApplication.objects.order_by("pk")),
            # A renewal's status reads its chain's renewals (renewed_by).
            Prefetch("original__renewals", queryset=RipaApplication.objects.order_by("pk")),
        )
        .annotate(
            view_count=Count("social_checks", distinct=True),
            first_view=Min("social_checks__started_at"),
            last_view=Max("social_checks__started_at"),
        )
    )


def cancellation_of(application: RipaApplication):
    root = application.original if application.original_id else application
    return getattr(root, "cancellation", None) if root is not None else None


def renewed_by(application: RipaApplication) -> RipaApplication | None:
    """The approved renewal that follows this application, if any. Every renewal names the chain's
    initial application as its `original`, so it is among that one's renewals: free for an application
    from `with_register_details` (those prefetched), otherwise one query."""
    root = application.original if application.original_id else application
    approved = (Status.ACTIVE, Status.CANCELLED)
    following = (r for r in root.renewals.all() if r.renews_id == application.pk and r.status in approved)
    return min(following, key=lambda r: r.pk, default=None)


def display_status(application: RipaApplication, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if application.status != Status.ACTIVE:
        return application.status
    if application.stopped_on is not None:
        return "stopped"
    if today < application.valid_from:
        return "approved"
    if today <= application.last_valid_day:
        return "in_force"
    return "renewed" if renewed_by(application) else "lapsed"


def in_force_on(application: RipaApplication, day: datetime.date) -> RipaApplication | None:
    """The application of the cited authorisation's chain that is in force on `day`:
    approved by a justice, from its first through its last valid day, not stopped or cancelled."""
    return (
        RipaApplication.objects.filter(
            chain_q(application.root_id),
            status=Status.ACTIVE,
            stopped_on__isnull=True,
            valid_from__lte=day,
            last_valid_day__gte=day,
        )
        .order_by("pk")
        .first()
    )


def covers(application: RipaApplication, *, applicant_id: int, profile_id: int, day: datetime.date) -> bool:
    """Whether a repeat view of this profile may rely on the cited authorisation today."""
    current = in_force_on(application, day)
    return (
        current is not None and current.applicant_id == applicant_id and current.profiles.filter(pk=profile_id).exists()
    )


def reviews_due(application: RipaApplication) -> list[datetime.date]:
    """The review dates the authorising officer's frequency sets, within the authorisation's term."""
    if not application.review_every_days or application.valid_from is None:
        return []
    step = datetime.timedelta(days=application.review_every_days)
    due, day = [], application.valid_from + step
    while day <= application.last_valid_day:
        due.append(day)
        day += step
    return due


def overdue_reviews(application: RipaApplication, today: datetime.date | None = None) -> list[datetime.date]:
    """Due dates that have passed with fewer reviews recorded than were due, while in force."""
    today = today or timezone.localdate()
    if display_status(application, today) != "in_force":
        return []
    recorded = len(application.reviews.all())
    return [day for n, day in enumerate(reviews_due(application), start=1) if day < today and recorded < n]


def views_under(application: RipaApplication) -> QuerySet:
    """The views (checks) made under any application of this authorisation, oldest first."""
    from checks.models import SocialCheck  # checks depends on ripa, not the other way round

    return (
        SocialCheck.objects.filter(ripa_authorisation__in=RipaApplication.objects.filter(chain_q(application.root_id)))
        .select_related("worker", "profile__platform", "viewing_account")
        .order_by("started_at", "pk")
    )


# --- The central record --------------------------------------------------------------------------------

CSV_HEADER = [
    "reference",
    "council",
    "type",
    "status",
    "applicant_officer",
    "authorising_officer",
    "authorising_officer_grade",
    "decision_on",
    "granted",
    "justice_approved_on",
    "court",
    "valid_from",
    "last_valid_day",
    "reviews",
    "renewals",
    "cancelled_on",
    "confidential_information_likely",
    "authorising_officer_involved",
    "subjects",
]
# The rest of the code's central record, on the pages and in a subject access pack (the CSV's
# header is exactly the contract's).
MORE_FIELDS = [
    "offence",
    "justice",
    "justice_decision",
    "views",
    "surveillance_from",
    "surveillance_to",
    "lapsed_without_cancellation",
    "not_recorded",
]
NOT_RECORDED = "not recorded"


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _flag(value) -> str:
    return "" if value is None else ("yes" if value else "no")


def register_row(application: RipaApplication, *, subjects: bool, today: datetime.date) -> dict:
    """One application as the central record lists it (CSV_HEADER's keys, then MORE_FIELDS)."""
    status = display_status(application, today)
    cancellation = cancellation_of(application)
    missing = set(application.not_recorded)
    recorded = lambda name, value: NOT_RECORDED if name in missing else value  # noqa: E731
    return {
        "reference": application.reference,
        "council": application.council.name,
        "type": application.kind,
        "status": status,
        "applicant_officer": _person(application.applied_by),
        "authorising_officer": application.authorising_officer_name or _person(application.decided_by),
        "authorising_officer_grade": recorded("authorising_officer_grade", application.authorising_officer_grade),
        "decision_on": recorded("decided_on", application.decided_on.isoformat() if application.decided_on else ""),
        "granted": _flag(application.granted),
        "justice_approved_on": (application.justice_decided_on.isoformat() if application.justice_approved else ""),
        "court": recorded("court", application.court),
        "valid_from": application.valid_from.isoformat() if application.valid_from else "",
        "last_valid_day": application.last_valid_day.isoformat() if application.last_valid_day else "",
        "reviews": "; ".join(f"{r.on.isoformat()} {r.outcome}" for r in application.reviews.all()),
        "renewals": "; ".join(r.reference for r in application.renewals.all()),
        "cancelled_on": cancellation.cancelled_on.isoformat() if cancellation else "",
        "confidential_information_likely": recorded(
            "confidential_information_likely", _flag(application.confidential_information_likely)
        ),
        "authorising_officer_involved": recorded(
            "authorising_officer_involved", _flag(application.authorising_officer_involved)
        ),
        "subjects": (
            f"{application.applicant.full_name} ({', '.join(p.identity for p in application.profiles.all())})"
            if subjects
            else "withheld"
        ),
        "offence": recorded("offence", application.offence),
        "justice": recorded("justice", application.justice),
        "justice_decision": "" if application.justice_approved is None else _flag(application.justice_approved),
        "views": getattr(application, "view_count", 0),
        "surveillance_from": _stamp(getattr(application, "first_view", None)),
        "surveillance_to": _stamp(getattr(application, "last_view", None)),
        "lapsed_without_cancellation": "yes" if status == "lapsed" else "",
        "not_recorded": ", ".join(application.not_recorded),
    }


def _stamp(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@dataclass(frozen=True)
class RegisterFilter:
    council_id: int | None = None
    status: str = ""
    year: int | None = None


def filter_register(queryset: QuerySet, wanted: RegisterFilter, today: datetime.date) -> list[RipaApplication]:
    """Council and year filter in the database; the status (which depends on today) in Python."""
    if wanted.council_id:
        queryset = queryset.filter(council_id=wanted.council_id)
    if wanted.year:
        queryset = queryset.filter(applied_on__year=wanted.year)
    rows = list(with_register_details(queryset).order_by("-applied_on", "-pk"))
    if wanted.status:
        rows = [a for a in rows if display_status(a, today) == wanted.status]
    return rows


# --- For other apps ------------------------------------------------------------------------------------


def applications_for_council_year(council, year: int) -> QuerySet:
    """A council's applications made in `year` (initial and renewal), with their register details:
    for the annual report. council_year_statistics counts them as the Commissioner asks."""
    return with_register_details(RipaApplication.objects.filter(council=council, applied_on__year=year)).order_by(
        "applied_on", "pk"
    )


def council_year_statistics(council, year: int, today: datetime.date | None = None) -> dict[str, int]:
    """The Investigatory Powers Commissioner's yearly figures for one council (every council's
    when `council` is None): applications made, granted and refused by the authorising officer,
    refused by a justice, renewals approved, cancellations, and authorisations that lapsed
    without cancellation, each in `year`. One aggregate query."""
    today = today or timezone.localdate()
    mine = RipaApplication.objects.all() if council is None else RipaApplication.objects.filter(council=council)
    decided = Q(decided_on__year=year)
    justice = Q(justice_decided_on__year=year)
    renewal_followed = Exists(
        RipaApplication.objects.filter(renews=OuterRef("pk"), status__in=[Status.ACTIVE, Status.CANCELLED])
    )
    counts = {
        "applications": Q(applied_on__year=year),
        "granted": decided & Q(granted=True),
        "refused": decided & Q(granted=False),
        "approved_by_justice": justice & Q(justice_approved=True),
        "refused_by_justice": justice & Q(justice_approved=False),
        "renewed": justice & Q(kind="renewal", justice_approved=True),
        "cancelled": Q(original__isnull=True, cancellation__cancelled_on__year=year),
        # In force, never stopped, past its last valid day this year, and no renewal took over (display_status).
        "lapsed": Q(status=Status.ACTIVE, stopped_on__isnull=True, last_valid_day__year=year, last_valid_day__lt=today)
        & ~Q(renewal_followed),
    }
    # Aliased apart from the fields of the same name ("granted").
    totals = mine.aggregate(**{f"n_{name}": Count("pk", filter=when) for name, when in counts.items()})
    figures = {name: totals[f"n_{name}"] for name in counts}
    return figures


def records_about_applicant(applicant) -> list[dict]:
    """Every RIPA record about one applicant, for a subject access pack: the applications
    (with decisions, approvals, reviews, renewals, cancellation) and the views under them.
    Plain data (JSON-ready). Note: the law may exempt some of this from disclosure
    (Data Protection Act 2018 sch.2 para 2, crime); the DPO decides before it is sent."""
    out = []
    applications = with_register_details(RipaApplication.objects.filter(applicant=applicant)).order_by("pk")
    today = timezone.localdate()
    for application in applications:
        cancellation = cancellation_of(application)
        out.append(
            {
                **register_row(application, subjects=True, today=today),
                "profiles": [p.identity for p in application.profiles.all()],
                "necessity": application.necessity,
                "decision_reasons": application.decision_reasons,
                "reviews": [
                    {"on": r.on.isoformat(), "outcome": r.outcome, "reasons": r.reasons}
                    for r in application.reviews.all()
                ],
                "cancellation": (
                    {
                        "on": cancellation.cancelled_on.isoformat(),
                        "reasons": cancellation.reasons,
                        "product_handling": cancellation.product_handling,
                    }
                    if cancellation
                    else None
                ),
                "views": [
                    {"check": c.pk, "profile": c.profile.identity, "started_at": c.started_at.isoformat()}
                    for c in views_under(application).filter(ripa_authorisation=application)
                ],
            }
        )
    return out


def ended_on(application: RipaApplication) -> datetime.date | None:
    """The day an application's record stopped growing; None while it is live."""
    if application.status in (Status.AWAITING_DECISION, Status.AWAITING_JUSTICE):
        return None
    if application.status == Status.REFUSED:
        return application.decided_on or application.applied_on
    if application.status == Status.JUSTICE_REFUSED:
        return application.justice_decided_on or application.applied_on
    cancellation = cancellation_of(application)
    if cancellation is not None:
        return cancellation.cancelled_on
    return application.last_valid_day if application.stopped_on is None else None


def keep_records_until(applicant_ids, today: datetime.date | None = None) -> tuple[bool, datetime.date | None]:
    """(held, until) for the applicants' RIPA records: held is True while any application
    is live or was ended less than 3 years ago (until is then the last day to keep them,
    or None when it is still live). Retention and anonymisation skip them until then."""
    return records_kept_until(ripa_records_of(applicant_ids), today)


def ripa_records_of(applicant_ids) -> QuerySet:
    """The applicants' RIPA applications, with what `records_kept_until` reads of them."""
    return RipaApplication.objects.filter(applicant_id__in=applicant_ids).select_related(
        "original__cancellation", "cancellation"
    )


def records_kept_until(applications, today: datetime.date | None = None) -> tuple[bool, datetime.date | None]:
    """`keep_records_until` for applications already fetched (from `ripa_records_of`)."""
    latest: datetime.date | None = None
    for application in applications:
        end = ended_on(application)
        if end is None:
            return True, None
        keep = kept_until(end)
        latest = keep if latest is None or keep > latest else latest
    if latest is None or latest < (today or timezone.localdate()):
        return False, latest
    return True, latest


# --- Who may take the next step (the pages show only the forms a person may use) -----------------------


def is_its_officer(user, application: RipaApplication) -> bool:
    """The designated officer who granted this authorisation (or one of its renewals)."""
    officers = (
        RipaApplication.objects.filter(chain_q(application.root_id))
        .exclude(decided_by=None)
        .values_list("decided_by", flat=True)
    )
    return user.pk in set(officers) and is_designated_officer(user, application.council_id)


def next_steps(user, application: RipaApplication, today: datetime.date | None = None) -> set[str]:
    """The steps this user may take on the application now: "decision", "justice", "review",
    "renewal", "cancel". The same tests the services make (ripa.services), asked before a form is shown."""
    if not user.is_authenticated:
        return set()
    today = today or timezone.localdate()
    status = display_status(application, today)
    cancelled = RipaApplication.objects.filter(pk=application.root_id, cancellation__isnull=False).exists()
    steps = set()
    if (
        application.status == Status.AWAITING_DECISION
        and application.applied_by_id != user.pk
        and is_designated_officer(user, application.council_id)
        and not (application.original_id and cancelled)
    ):
        steps.add("decision")
    manages = user.is_manager and can_act_on_household(user, application.applicant.household)
    if manages and application.status == Status.AWAITING_JUSTICE:
        steps.add("justice")
    if (
        manages
        and status in ("in_force", "approved")
        and not RipaApplication.objects.filter(
            renews=application, status__in=[Status.AWAITING_DECISION, Status.AWAITING_JUSTICE, Status.ACTIVE]
        ).exists()
    ):
        steps.add("renewal")
    if status == "in_force" and is_its_officer(user, application):
        steps.add("review")
    if (
        not cancelled
        and RipaApplication.objects.filter(chain_q(application.root_id), status=Status.ACTIVE).exists()
        and is_its_officer(user, application)
    ):
        steps.add("cancel")
    return steps
