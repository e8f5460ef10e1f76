"""Point 9: retention leaves a RIPA subject intact until 3 years after the authorisation ends."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Applicant, Household
from dataprotection.retention import apply_retention, retention_plan, retention_until
from ripa import services
from ripa.dates import kept_until
from t4c_socialcheck.dates import add_calendar_months

pytestmark = pytest.mark.django_db


def _close(household, months_ago: int):
    closed = add_calendar_months(timezone.localdate(), -months_ago)
    Household.objects.filter(pk=household.pk).update(closed_on=closed, outcome="withdrawn", stage_started_on=closed)
    household.refresh_from_db()


def test_a_closed_cases_retention_run_leaves_an_ended_authorisations_subject_until_the_floor(
    active, officer, household, applicant
):
    services.authorisation_cancel(
        user=officer, application_id=active.pk, reasons="Done.", ceased_at=timezone.now(), product_handling="Kept."
    )
    _close(household, 30)  # withdrawn: 24 months by default, so the case's own period has passed
    floor = kept_until(timezone.localdate())
    report = apply_retention()
    assert household.reference in report.ripa_held
    assert Applicant.objects.get(pk=applicant.pk).anonymised_at is None
    assert retention_until(household) == floor
    # The day after the floor, retention takes its course.
    later = apply_retention(today=floor + datetime.timedelta(days=1))
    assert household.reference not in later.ripa_held
    assert Applicant.objects.get(pk=applicant.pk).anonymised_at is not None


def test_a_live_application_keeps_everything(apply, household, applicant):
    apply()
    _close(household, 30)
    assert household.reference in retention_plan().ripa_held
    assert retention_until(household) is None


def test_a_legal_hold_still_stops_it_after_the_floor(active, officer, household, applicant):
    services.authorisation_cancel(
        user=officer, application_id=active.pk, reasons="Done.", ceased_at=timezone.now(), product_handling="Kept."
    )
    _close(household, 30)
    Household.objects.filter(pk=household.pk).update(legal_hold=True)
    apply_retention(today=kept_until(timezone.localdate()) + datetime.timedelta(days=1))
    assert Applicant.objects.get(pk=applicant.pk).anonymised_at is None
