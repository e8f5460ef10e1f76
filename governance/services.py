"""Writes of governance records: one transaction each, audited through
django-auditlog's entries on the chain (the models are registered)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import line_manager_emails
from cases.models import Household
from cases.scope import can_act_on_household, households_visible_to
from notifications.services import absolute_url, notify
from t4c_socialcheck.dates import is_calendar_date
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted
from t4c_socialcheck.limits import as_id, max_length

from .models import ConflictDeclaration, Course, Restriction, TrainingRecord

REASON_MAX = max_length(ConflictDeclaration, "reason")


def _reason(reason, what: str) -> str:
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise Invalid(f"Enter the reason {what}.", fields={"reason": [f"Enter the reason {what}."]})
    if len(reason) > REASON_MAX:
        message = f"The reason must be {REASON_MAX} characters or fewer."
        raise Invalid(message, fields={"reason": [message]})
    return reason


def _visible_household(user, household_id, *, lock=False) -> Household:
    households = households_visible_to(user).select_related("team", "local_authority")
    if lock:
        households = households.select_for_update(of=("self",))
    household = households.filter(pk=as_id(household_id) or 0).first()
    if household is None:
        raise NotFound("No household here.")
    return household


def staff_managed_by(manager):
    """The people a manager records training for: members and managers of the teams they manage."""
    teams = manager.managed_teams.values("pk")
    return get_user_model().objects.filter(Q(teams__in=teams) | Q(pk=manager.pk), is_active=True).distinct()


@transaction.atomic
def training_record(*, user, person_id, course_id, completed_on: datetime.date | None) -> TrainingRecord:
    """A manager records that someone in their teams completed a course."""
    if not (user.is_authenticated and user.is_active and user.is_manager):
        raise NotPermitted("Only a manager can record training.")
    person = staff_managed_by(user).filter(pk=as_id(person_id) or 0).first()
    if person is None:
        raise NotFound("That person is not in a team you manage.")
    course = Course.objects.filter(pk=as_id(course_id) or 0, active=True).first()
    if course is None:
        raise NotFound("No such course.")
    if not is_calendar_date(completed_on):
        raise Invalid("Enter the date the course was completed.", fields={"completed_on": ["Enter the date."]})
    if completed_on > timezone.localdate():
        raise Invalid(
            "The date the course was completed must be today or in the past.",
            fields={"completed_on": ["Must be today or in the past."]},
        )
    return TrainingRecord.objects.create(user=person, course=course, completed_on=completed_on, recorded_by=user)


@transaction.atomic
def conflict_declare(*, user, household_id, reason) -> ConflictDeclaration:
    """Clause 6.1: the user knows the household personally. From now on their checks there
    are refused (CONFLICT_DECLARED), and their manager is told at once."""
    household = _visible_household(user, household_id, lock=True)
    reason = _reason(reason, "for the personal connection")
    if ConflictDeclaration.objects.filter(user=user, household=household).exists():
        raise Conflict("You have already declared a personal connection with this household.")
    declaration = ConflictDeclaration.objects.create(user=user, household=household, reason=reason)
    notify(
        kind="conflict_declared",
        template="conflict_declared",
        context={
            "actor_name": user.get_full_name() or user.username,
            "declaration": declaration,
            "household": household,
            "url": absolute_url("household", household.pk),
        },
        recipients=line_manager_emails(user, household),
        about=f"conflict:{declaration.pk}",
        local_authority=household.local_authority,
    )
    return declaration


def _managing(user, household_id) -> Household:
    household = _visible_household(user, household_id, lock=True)
    if not (user.is_manager and can_act_on_household(user, household)):
        raise NotPermitted("Only the household's manager can restrict it or lift a restriction.")
    return household


@transaction.atomic
def household_restrict(*, user, household_id, staff_ids, reason) -> Restriction:
    """Only the named staff (and the manager restricting it) will see the household."""
    household = _managing(user, household_id)
    reason = _reason(reason, "for restricting the record")
    if Restriction.objects.filter(household=household, lifted_at__isnull=True).exists():
        raise Conflict("This household is already restricted.", code="INVALID_TRANSITION")
    User = get_user_model()
    ids = {as_id(pk) for pk in staff_ids or ()}
    staff = list(User.objects.filter(pk__in=ids - {None}, is_active=True).exclude(role=Role.ADMIN))
    if None in ids or len(staff) != len(ids):
        raise Invalid("Choose staff from the list.", fields={"staff": ["Choose staff from the list."]})
    restriction = Restriction.objects.create(household=household, reason=reason, restricted_by=user)
    restriction.staff.set({*staff, user})
    return restriction


@transaction.atomic
def restriction_lift(*, user, household_id, reason) -> Restriction:
    household = _managing(user, household_id)
    reason = _reason(reason, "for lifting the restriction")
    restriction = Restriction.objects.select_for_update().filter(household=household, lifted_at__isnull=True).first()
    if restriction is None:
        raise Conflict("This household is not restricted.", code="INVALID_TRANSITION")
    restriction.lifted_at, restriction.lifted_by, restriction.lift_reason = timezone.now(), user, reason
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return restriction
