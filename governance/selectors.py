"""Questions the rules, the scope function and the pages ask of governance records."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from .models import ConflictDeclaration, Course, Restriction, TrainingRecord

EXPIRY_WARNING_DAYS = 30


def missing_required_courses(user, day: datetime.date | None = None) -> QuerySet:
    """Required courses the user has no in-date completion of today."""
    day = day or timezone.localdate()
    in_date = TrainingRecord.objects.in_date(day).filter(user=user, course=OuterRef("pk"))
    return Course.objects.required().filter(~Exists(in_date)).order_by("name")


def first_missing_course(user) -> Subquery:
    """The name of a required course the user lacks in date (None: trained), as an expression."""
    return Subquery(missing_required_courses(user).values("name")[:1])


def conflict_declared(user, household) -> Exists:
    """Whether the user declared a personal connection with the household (an id or OuterRef)."""
    return Exists(ConflictDeclaration.objects.filter(user=user, household=household))


def hidden_by_restriction(user, household=None) -> Exists:
    """A live restriction on the household (default: the outer query's pk) that does not name the user."""
    pk = household if household is not None else OuterRef("pk")
    return Exists(Restriction.objects.filter(household=pk, lifted_at__isnull=True).exclude(staff=user))


def live_restriction(household) -> Restriction | None:
    return Restriction.objects.filter(household=household, lifted_at__isnull=True).first()


# --- Training status: who holds which required course, until when ---------------------------------


@dataclass(frozen=True)
class CourseStatus:
    course: Course
    expires_on: datetime.date | None
    state: str  # "missing", "expiring" (within EXPIRY_WARNING_DAYS) or "in_date"


@dataclass(frozen=True)
class PersonTraining:
    person: object
    courses: tuple[CourseStatus, ...]

    @property
    def trained(self) -> bool:
        return all(c.state != "missing" for c in self.courses)

    @property
    def expiring(self) -> bool:
        return self.trained and any(c.state == "expiring" for c in self.courses)


def training_status(people, day: datetime.date | None = None) -> list[PersonTraining]:
    """Each person's in-date training in every required course, in two queries."""
    day = day or timezone.localdate()
    people = list(people)
    courses = list(Course.objects.required().order_by("name"))
    latest = {
        (row["user_id"], row["course_id"]): row["until"]
        for row in TrainingRecord.objects.in_date(day)
        .filter(user__in=[p.pk for p in people], course__in=[c.pk for c in courses])
        .values("user_id", "course_id")
        .annotate(until=Max("expires_on"))
    }
    warn = day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)

    def status(person, course):
        until = latest.get((person.pk, course.pk))
        state = "missing" if until is None else ("expiring" if until <= warn else "in_date")
        return CourseStatus(course, until, state)

    return [PersonTraining(p, tuple(status(p, c) for c in courses)) for p in people]


def staff_who_check():
    """Active workers and managers: the people the training and the policy are asked of."""
    from django.contrib.auth import get_user_model

    from accounts.models import Role

    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=(Role.WORKER, Role.MANAGER))
        .order_by("last_name", "first_name", "username")
    )


def policy_review_overdue():
    """The current policy version if its review-by date has passed, else None."""
    from policy.models import PolicyVersion

    current = PolicyVersion.objects.current()
    return current if current is not None and current.review_overdue() else None


def without_restricted(user, queryset: QuerySet, household_path: str) -> QuerySet:
    """`queryset` less the records of households restricted away from the user (records that
    reach a household other than through cases.scope: refusals, incidents, RIPA)."""
    return queryset.exclude(hidden_by_restriction(user, OuterRef(household_path)))
