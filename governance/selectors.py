"""Questions the rules, the scope function and the pages ask of governance records."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery
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
