"""Issue 22, point 1: a manager allocates and re-allocates a household's worker (the worker is
told); a worker or manager corrects an applicant's name and date of birth (audited, the old
values kept in the history); the "None recorded" that can be filled has a Change link."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cases.models import ApplicantCorrection, Household
from cases.services import applicant_correct, household_allocate
from notifications.models import Notification
from t4c_socialcheck.errors import Invalid, NotFound, NotPermitted
from tests.factories import UserFactory

from .helpers import date_fields, error_summary, tomorrow

pytestmark = pytest.mark.django_db


def test_a_manager_allocates_and_reallocates_and_the_worker_is_told(as_user, manager, worker, teammate, household):
    client, url = as_user(manager), reverse("household-allocate", args=[household.pk])
    page = client.get(reverse("household", args=[household.pk])).content.decode()
    assert url in page  # the Change link on "Allocated worker"
    form = client.get(url).content.decode()
    assert "Re-allocate the worker" in form and teammate.get_full_name() in form
    response = client.post(url, {"worker": teammate.pk})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.allocated_worker == teammate
    told = Notification.objects.get(kind="allocation")
    assert told.recipients == [teammate.email] and household.reference in told.subject
    assert reverse("household", args=[household.pk]) in told.body
    # The change is on the audit trail (django-auditlog's entry for the household).
    assert LogEntry.objects.get_for_object(household).filter(action=LogEntry.Action.UPDATE).exists()
    # And back again: a re-allocation tells the new worker.
    client.post(url, {"worker": worker.pk})
    household.refresh_from_db()
    assert household.allocated_worker == worker
    assert Notification.objects.filter(kind="allocation", recipients=[worker.email]).exists()


def test_only_the_teams_workers_can_be_allocated_and_only_by_a_manager(manager, worker, outsider, household):
    with pytest.raises(Invalid):
        household_allocate(user=manager, household_id=household.pk, worker=outsider)
    with pytest.raises(Invalid):  # already theirs
        household_allocate(user=manager, household_id=household.pk, worker=worker)
    with pytest.raises(NotPermitted):
        household_allocate(user=worker, household_id=household.pk, worker=worker)
    assert Household.objects.get(pk=household.pk).allocated_worker == worker
    assert not Notification.objects.filter(kind="allocation").exists()


def test_a_worker_sees_no_allocate_link(as_user, worker, household):
    page = as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    assert reverse("household-allocate", args=[household.pk]) not in page


def test_a_worker_corrects_the_name_and_date_of_birth_and_the_old_values_are_kept(as_user, worker, applicant):
    client = as_user(worker)
    household_page = client.get(reverse("household", args=[applicant.household_id])).content.decode()
    url = reverse("applicant-correct", args=[applicant.pk])
    assert applicant.date_of_birth is None and "None recorded" in household_page
    assert f"{url}#date_of_birth" in household_page  # "None recorded" has its Change link
    form = client.get(url).content.decode()
    assert 'value="Alex"' in form and 'value="Morgan"' in form
    response = client.post(
        url,
        {
            "first_name": "Alexandra",
            "last_name": "Morgan",
            **date_fields("date_of_birth", datetime.date(1985, 3, 31)),
            "reason": "Misspelt on the ROI form.",
        },
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.first_name, applicant.date_of_birth) == ("Alexandra", datetime.date(1985, 3, 31))
    correction = ApplicantCorrection.objects.get(applicant=applicant)
    assert (correction.first_name_before, correction.date_of_birth_before, correction.by) == ("Alex", None, worker)
    assert LogEntry.objects.get_for_object(correction).exists()  # on the audit trail
    assert LogEntry.objects.get_for_object(applicant).filter(action=LogEntry.Action.UPDATE).exists()
    page = client.get(reverse("household", args=[applicant.household_id])).content.decode()
    assert "Alex Morgan" in page and "Misspelt on the ROI form." in page and "31 March 1985" in page


def test_a_correction_needs_a_reason_and_a_change_and_no_future_birthday(as_user, worker, applicant):
    client, url = as_user(worker), reverse("applicant-correct", args=[applicant.pk])
    same = {"first_name": "Alex", "last_name": "Morgan", **date_fields("date_of_birth"), "reason": ""}
    assert "Enter why you are correcting these details" in error_summary(client.post(url, same))
    assert "Nothing would change" in error_summary(client.post(url, {**same, "reason": "Typo"}))
    future = {**same, **date_fields("date_of_birth", tomorrow()), "reason": "Typo"}
    assert "today or in the past" in error_summary(client.post(url, future))
    assert not ApplicantCorrection.objects.exists()


def test_a_manager_may_correct_but_an_auditor_and_another_team_may_not(manager, auditor, outsider, applicant):
    applicant_correct(
        user=manager,
        applicant_id=applicant.pk,
        first_name="Alex",
        last_name="Morgan-Hale",
        date_of_birth=None,
        reason="Married name.",
    )
    for user in (auditor, outsider):
        with pytest.raises((NotPermitted, NotFound)):
            applicant_correct(
                user=user, applicant_id=applicant.pk, first_name="X", last_name="Y", date_of_birth=None, reason="r"
            )
    assert ApplicantCorrection.objects.count() == 1


def test_the_worker_list_offers_only_team_members(as_user, manager, household):
    stranger = UserFactory(username="stranger")
    page = as_user(manager).get(reverse("household-allocate", args=[household.pk])).content.decode()
    assert f'value="{stranger.pk}"' not in page and f'value="{manager.pk}"' not in page


def test_the_incident_pages_none_recorded_that_a_manager_can_fill_has_a_change_link(
    as_user, worker, manager, applicant
):
    from django.utils import timezone

    from incidents.services import incident_report

    threat = incident_report(
        user=worker, kind="threat", description="A threat.", occurred_at=timezone.now(), applicant_id=applicant.pk
    )
    html = as_user(manager).get(reverse("incident-detail", args=[threat.pk])).content.decode()
    assert 'href="#id_police_reference">Change' in html and 'id="id_police_reference"' in html
    assert "Change<span" not in as_user(worker).get(reverse("incident", args=[threat.pk])).content.decode()
