"""Point 2: only staff with in-date training in every required course may check."""

import datetime

from django.urls import reverse
from django.utils import timezone

from checks.models import Refusal
from governance.models import Course, TrainingRecord
from governance.services import training_record
from tests.oversight.html import assert_good_page


def codes(result):
    return result.decision.codes


def test_an_untrained_worker_is_refused_training_required_naming_the_course(
    worker, applicant, consent, profile, start, course
):
    result = start(worker, applicant, profile)
    assert codes(result) == ("TRAINING_REQUIRED",)
    assert "Social media checks and RIPA" in result.decision.messages[0]
    assert Refusal.objects.get().code == "TRAINING_REQUIRED"


def test_in_date_training_allows_the_check_and_expired_training_does_not(
    worker, manager, applicant, consent, profile, start, course
):
    today = timezone.localdate()
    old = training_record(
        user=manager, person_id=worker.pk, course_id=course.pk, completed_on=today - datetime.timedelta(days=400)
    )
    assert old.expires_on < today
    assert codes(start(worker, applicant, profile)) == ("TRAINING_REQUIRED",)
    training_record(user=manager, person_id=worker.pk, course_id=course.pk, completed_on=today)
    assert start(worker, applicant, profile).allowed


def test_a_course_not_required_for_checking_does_not_gate_checks(worker, applicant, consent, profile, start):
    Course.objects.create(name="Lone working", validity_months=12, required_for_checking=False)
    assert start(worker, applicant, profile).allowed


def test_the_api_answers_403_training_required(api_as, worker, check_body, consent, course):
    response = api_as(worker).post("/api/v1/checks/", check_body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "TRAINING_REQUIRED"
    assert "Social media checks and RIPA" in response.json()["detail"]


def test_a_manager_records_training_for_their_team_only(as_user, manager, worker, outsider, course):
    client = as_user(manager)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    boxes = {f"completed_on_{i}": v for i, v in enumerate((yesterday.day, yesterday.month, yesterday.year))}
    response = client.post(reverse("training-record"), {"person": worker.pk, "course": course.pk, **boxes})
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (record.user, record.recorded_by, record.completed_on) == (worker, manager, yesterday)
    refused = client.post(reverse("training-record"), {"person": outsider.pk, "course": course.pk, **boxes})
    assert refused.status_code == 200 and TrainingRecord.objects.count() == 1


def test_the_team_training_page_flags_expiry_within_30_days(as_user, manager, worker, teammate, course):
    today = timezone.localdate()
    # Expires in about 20 days: completed 12 months less 20 days ago.
    TrainingRecord.objects.create(
        user=worker, course=course, completed_on=today - datetime.timedelta(days=345), recorded_by=manager
    )
    TrainingRecord.objects.create(user=manager, course=course, completed_on=today, recorded_by=manager)
    response = as_user(manager).get(reverse("training-status"))
    assert_good_page(response, title="Training")
    page = response.content.decode()

    def row_of(person):
        return next(row for row in page.split("<tr")[1:] if f">{person.get_full_name()}<" in row)

    worker_row = row_of(worker)
    assert "Expires soon" in worker_row and "expires within 30 days" in worker_row
    teammate_row = row_of(teammate)
    assert "Not trained" in teammate_row  # no record at all
    manager_row = row_of(manager)
    assert "In date" in manager_row
