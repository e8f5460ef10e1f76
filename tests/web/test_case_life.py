"""The case's life on the household page: timeline, clock, and the forms to move, close and hold."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseOutcome, Household, Stage, StageMove
from web.models import Submission

from .helpers import date_fields, error_summary, tomorrow

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_timeline_and_the_due_date(as_user, worker, household):
    page = as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    assert "moj-timeline" not in page and "Due" in page and "left" in page
    as_user(worker).post(
        reverse("household-stage", args=[household.pk]),
        {"stage": "stage_1", **date_fields("on", timezone.localdate()), "reason": "Accepted at the meeting"},
    )
    page = as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    assert "moj-timeline" in page and "Accepted at the meeting" in page and "Stage 1" in page


def test_the_panel_and_the_decision_are_asked_and_shown_on_the_timeline(as_user, worker, household):
    Household.objects.filter(pk=household.pk).update(
        stage=Stage.STAGE_2, stage_started_on=timezone.localdate() - datetime.timedelta(days=90)
    )
    client, url = as_user(worker), reverse("household-stage", args=[household.pk])
    form = client.get(url).content.decode()
    assert "What did the panel recommend?" in form and "Date of the panel" in form and "decision_maker" not in form
    missing = client.post(url, {"stage": "panel", **date_fields("on", timezone.localdate())})
    assert "Choose what the panel recommended" in error_summary(missing)
    assert not StageMove.objects.exists()
    client.post(url, {"stage": "panel", "panel_recommendation": "approve", **date_fields("on", timezone.localdate())})
    form = client.get(url).content.decode()
    assert "Agency decision maker" in form and "panel_recommendation" not in form
    client.post(url, {"stage": "approved", "decision_maker": "Dr J. Demo", **date_fields("on", timezone.localdate())})
    page = client.get(reverse("household", args=[household.pk])).content.decode()
    assert "Panel: recommended approval" in page and "agency decision maker, Dr J. Demo" in page
    assert Household.objects.get(pk=household.pk).stage == Stage.APPROVED


def test_a_manager_declines_the_roi_by_closing_it_as_not_suitable(as_user, worker, manager, household):
    assert (
        "decline the registration of interest"
        not in as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    )
    page = as_user(manager).get(reverse("household", args=[household.pk])).content.decode()
    assert "accepts or declines the registration of interest within 5 working days" in page
    link = reverse("household-close", args=[household.pk]) + "?outcome=not_suitable"
    assert link in page
    form = " ".join(as_user(manager).get(link).content.decode().split())
    assert 'value="not_suitable" checked="checked"' in form


def test_an_overdue_case_says_so(as_user, worker, household):
    Household.objects.filter(pk=household.pk).update(
        stage=Stage.STAGE_1, stage_started_on=timezone.localdate() - datetime.timedelta(days=90)
    )
    page = as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    assert "Overdue" in page and "days overdue" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"stage": "stage_2", **date_fields("on", timezone.localdate())}, "Choose one of the stages shown"),
        ({"stage": "stage_1", **date_fields("on", tomorrow())}, "must be today or in the past"),
        ({"stage": "stage_1", **date_fields("on", None)}, "Enter the date of the move"),
        ({"stage": "stage_1", **date_fields("on", datetime.date(2000, 1, 1))}, "cannot be before"),
    ],
    ids=["skipping", "future", "no-date", "before-the-stage"],
)
def test_a_bad_move_gets_a_clear_message_and_records_nothing(as_user, worker, household, data, message):
    response = as_user(worker).post(reverse("household-stage", args=[household.pk]), data)
    assert response.status_code == 200
    assert message in error_summary(response)
    assert not StageMove.objects.exists() and not Submission.objects.exists()
    assert Household.objects.get(pk=household.pk).stage == Stage.ROI_RECEIVED


def test_a_manager_closes_the_case_and_the_page_shows_retention(as_user, manager, household):
    client = as_user(manager)
    empty = client.post(reverse("household-close", args=[household.pk]), {**date_fields("on", None)})
    assert "Choose the outcome" in error_summary(empty) and "Enter why the case is closing" in error_summary(empty)
    response = client.post(
        reverse("household-close", args=[household.pk]),
        {"outcome": "withdrawn", **date_fields("on", timezone.localdate()), "reason": "They withdrew"},
    )
    assert response.status_code == 302
    assert Household.objects.get(pk=household.pk).outcome == CaseOutcome.WITHDRAWN
    page = client.get(reverse("household", args=[household.pk])).content.decode()
    assert "Personal data will be destroyed after" in page and "unless a legal hold is set" in page
    same = client.post(
        reverse("household-close", args=[household.pk]),
        {"outcome": "withdrawn", **date_fields("on", timezone.localdate()), "reason": "Again"},
    )
    assert "Nothing would change" in error_summary(same)
    corrected = client.post(
        reverse("household-close", args=[household.pk]),
        {
            "outcome": "closed_other",
            **date_fields("on", timezone.localdate()),
            "reason": "Recorded as the wrong outcome",
        },
    )
    assert corrected.status_code == 302
    household = Household.objects.get(pk=household.pk)
    assert household.outcome == CaseOutcome.CLOSED_OTHER and household.closing_corrections.count() == 1
    page = client.get(reverse("household", args=[household.pk])).content.decode()
    assert "Closing corrected on" in page and "Recorded as the wrong outcome" in page


def test_a_manager_sets_and_lifts_the_hold_and_the_dpo_sees_it(as_user, manager, auditor, household):
    client = as_user(manager)
    client.post(reverse("household-legal-hold", args=[household.pk]), {"reason": "Litigation"})
    assert Household.objects.get(pk=household.pk).legal_hold
    listing = as_user(auditor).get(reverse("legal-holds")).content.decode()
    assert household.reference in listing and "Litigation" in listing
    client.post(reverse("household-legal-hold", args=[household.pk]), {"reason": "Settled"})
    assert not Household.objects.get(pk=household.pk).legal_hold
    assert household.reference not in as_user(auditor).get(reverse("legal-holds")).content.decode()
