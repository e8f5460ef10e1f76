"""Point 3 and 7: a repeat view cites an application, and is allowed only while it is in force."""

import datetime

import pytest
from django.utils import timezone

from checks.rules import RefusalCode
from ripa import services
from ripa.models import RipaApplication

from .conftest import move_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewed(worker, applicant, profile, consent, start):
    """The one-off check is done: any further view is a repeat view."""
    assert start(worker, applicant, profile).allowed
    return profile


def _repeat(start, worker, applicant, profile, application):
    return start(worker, applicant, profile, ripa_authorisation_id=application.pk)


def test_before_the_justices_approval_a_repeat_view_is_refused(granted, viewed, worker, applicant, start):
    outcome = _repeat(start, worker, applicant, viewed, granted)
    assert not outcome.allowed
    assert outcome.refusal.code == RefusalCode.RIPA_AUTHORISATION_REQUIRED
    assert outcome.refusal.ripa_authorisation_id == granted.pk


def test_in_force_a_repeat_view_is_allowed_and_linked(active, viewed, worker, applicant, start):
    outcome = _repeat(start, worker, applicant, viewed, active)
    assert outcome.allowed and outcome.social_check.ripa_authorisation == active


def test_after_the_last_valid_day_a_repeat_view_is_refused(active, viewed, worker, applicant, start):
    move_back(active, 95)
    assert active.last_valid_day < timezone.localdate()
    outcome = _repeat(start, worker, applicant, viewed, active)
    assert outcome.refusal.code == RefusalCode.RIPA_AUTHORISATION_REQUIRED


def test_an_entry_approved_150_days_ago_is_not_in_force(active, viewed, worker, applicant, start):
    move_back(active, 150)
    assert _repeat(start, worker, applicant, viewed, active).refusal.code == RefusalCode.RIPA_AUTHORISATION_REQUIRED


def test_on_its_last_valid_day_it_is_still_in_force_and_the_day_after_it_is_not(
    active, viewed, worker, applicant, start
):
    today = timezone.localdate()
    RipaApplication.objects.filter(pk=active.pk).update(
        valid_from=today - datetime.timedelta(days=80), last_valid_day=today
    )
    assert _repeat(start, worker, applicant, viewed, active).allowed
    RipaApplication.objects.filter(pk=active.pk).update(last_valid_day=today - datetime.timedelta(days=1))
    assert not _repeat(start, worker, applicant, viewed, active).allowed


def test_a_cancelled_or_stopped_authorisation_allows_no_view(active, officer, viewed, worker, applicant, start):
    services.review_record(
        user=officer, application_id=active.pk, on=timezone.localdate(), outcome="cancel", reasons="Done."
    )
    assert _repeat(start, worker, applicant, viewed, active).refusal.code == RefusalCode.RIPA_AUTHORISATION_REQUIRED


def test_a_renewal_in_force_covers_a_view_citing_the_first_application(
    active, manager, officer, viewed, worker, applicant, start
):
    renewal = services.renewal_apply(user=manager, application_id=active.pk, reasons="Still.", obtained_so_far="x")
    services.application_decide(user=officer, application_id=renewal.pk, granted=True, reasons="Renewed.")
    services.justice_approval_record(
        user=manager, application_id=renewal.pk, approved=True, on=timezone.localdate(), court="C", justice="J"
    )
    # Now past the first application's last valid day, inside the renewal's.
    RipaApplication.objects.filter(pk=active.pk).update(
        valid_from=timezone.localdate() - datetime.timedelta(days=90),
        last_valid_day=timezone.localdate() - datetime.timedelta(days=1),
    )
    RipaApplication.objects.filter(pk=renewal.pk).update(valid_from=timezone.localdate())
    assert _repeat(start, worker, applicant, viewed, active).allowed
