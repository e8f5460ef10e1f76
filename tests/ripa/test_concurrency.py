"""Two authorising officers decide the same application at the same moment: the row lock
lets exactly one through; the other sees it decided (PostgreSQL)."""

import pytest
from django.utils import timezone

from checks.models import SocialCheck
from ripa import services
from ripa.models import RipaApplication, RipaCancellation, Status
from t4c_socialcheck.errors import InvalidTransition
from tests.conftest import postgres_only
from tests.support.race import race

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _decide(user, application, granted):
    def attempt():
        try:
            return services.application_decide(
                user=user, application_id=application.pk, granted=granted, reasons="Decided."
            )
        except InvalidTransition as refused:
            return refused

    return attempt


def test_two_simultaneous_decisions_give_exactly_one(apply, officer, second_officer):
    application = apply()
    outcomes, errors = race([_decide(officer, application, True), _decide(second_officer, application, False)] * 2)
    assert errors == []
    assert sum(isinstance(o, RipaApplication) for o in outcomes) == 1
    assert sum(isinstance(o, InvalidTransition) for o in outcomes) == 3
    application.refresh_from_db()
    assert application.status in (Status.AWAITING_JUSTICE, Status.REFUSED)


def test_two_simultaneous_justice_approvals_give_exactly_one(granted, manager):
    def approve():
        try:
            return services.justice_approval_record(
                user=manager, application_id=granted.pk, approved=True, on=timezone.localdate(), court="C", justice="J"
            )
        except InvalidTransition as refused:
            return refused

    outcomes, errors = race([approve] * 4)
    assert errors == []
    assert sum(isinstance(o, RipaApplication) for o in outcomes) == 1


def test_a_view_and_a_cancellation_at_once_never_leave_a_view_after_the_cancellation(
    active, officer, worker, applicant, profile, consent, start
):
    assert start(worker, applicant, profile).allowed  # the one-off check

    def view():
        return start(worker, applicant, profile, ripa_authorisation_id=active.pk)

    def cancel():
        return services.authorisation_cancel(
            user=officer, application_id=active.pk, reasons="Done.", ceased_at=timezone.now(), product_handling="Kept."
        )

    outcomes, errors = race([view, cancel, view])
    assert errors == []
    cancelled_at = RipaCancellation.objects.get().recorded_at
    views = SocialCheck.objects.filter(ripa_authorisation=active)
    assert all(v.started_at <= cancelled_at for v in views)
