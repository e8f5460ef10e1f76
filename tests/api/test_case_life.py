"""The case's life through the API: the contract's endpoints, fields and error codes."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Household, Stage, StageMove
from tests.api.helpers import assert_error
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

TODAY = lambda: timezone.localdate().isoformat()  # noqa: E731


def test_a_move_answers_the_household_with_its_history(api_as, worker, household):
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/stage/",
        {"stage": "stage_1", "on": TODAY(), "reason": "Accepted"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "stage_1" and body["stage_started_on"] == TODAY()
    assert body["due_on"] and body["overdue"] is False
    assert body["outcome"] is None and body["closed_on"] is None and body["retention_until"] is None
    assert body["history"] == [
        {
            "stage": "stage_1",
            "on": TODAY(),
            "by": {"id": worker.pk, "username": worker.username},
            "reason": "Accepted",
            "panel_recommendation": None,
            "decision_maker": None,
        }
    ]


def test_panel_and_decision_are_recorded_and_answered_in_the_history(api_as, worker, household):
    Household.objects.filter(pk=household.pk).update(
        stage=Stage.STAGE_2, stage_started_on=timezone.localdate() - datetime.timedelta(days=90)
    )
    url = f"/api/v1/households/{household.pk}/stage/"
    assert_error(api_as(worker).post(url, {"stage": "panel", "on": TODAY()}, format="json"), 400, "INVALID")
    body = {"stage": "panel", "on": TODAY(), "panel_recommendation": "approve"}
    assert api_as(worker).post(url, body, format="json").status_code == 200
    body = {"stage": "approved", "on": TODAY(), "decision_maker": "Dr J. Demo"}
    history = api_as(worker).post(url, body, format="json").json()["history"]
    assert [(m["stage"], m["panel_recommendation"], m["decision_maker"]) for m in history] == [
        ("panel", "approve", None),
        ("approved", None, "Dr J. Demo"),
    ]


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"stage": "stage_2", "on": "today"}, 400, "INVALID"),
        ({"stage": "stage_1", "on": "missing"}, 400, "INVALID"),
        ({"stage": "stage_2", "on": None}, 409, "INVALID_TRANSITION"),  # skipping stage 1
        ({"stage": "enquiry", "on": None}, 409, "INVALID_TRANSITION"),  # backwards
        ({"stage": "nowhere", "on": None}, 400, "INVALID"),
    ],
)
def test_bad_moves_get_the_contracts_code_and_change_nothing(api_as, worker, household, body, status, code):
    body = {**body, "on": body["on"] or TODAY()}
    if body["on"] == "today":
        body["on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()  # the future
    if body["on"] == "missing":
        del body["on"]
    response = api_as(worker).post(f"/api/v1/households/{household.pk}/stage/", body, format="json")
    assert_error(response, status, code)
    assert not StageMove.objects.exists()
    assert Household.objects.get(pk=household.pk).stage == Stage.ROI_RECEIVED


def test_closing_once_then_already_closed_and_a_worker_is_not_permitted(api_as, worker, manager, household):
    url = f"/api/v1/households/{household.pk}/close/"
    body = {"outcome": "withdrawn", "on": TODAY(), "reason": "The applicants withdrew"}
    assert_error(api_as(worker).post(url, body, format="json"), 403, "NOT_PERMITTED")
    response = api_as(manager).post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "withdrawn" and response.json()["retention_until"]
    assert_error(api_as(manager).post(url, body, format="json"), 409, "ALREADY_CLOSED")
    assert_error(api_as(manager).post(url, {"on": TODAY(), "reason": "x"}, format="json"), 400, "INVALID")


def test_legal_hold_set_and_lifted_by_a_manager_or_admin(api_as, worker, manager, admin_user, household):
    url = f"/api/v1/households/{household.pk}/legal-hold/"
    assert_error(api_as(worker).post(url, {"reason": "Complaint"}, format="json"), 403, "NOT_PERMITTED")
    assert api_as(manager).post(url, {"reason": "Complaint"}, format="json").json()["legal_hold"] is True
    assert_error(api_as(manager).post(url, {}, format="json"), 400, "INVALID")
    response = api_as(admin_user).delete(url, {"reason": "Complaint closed"}, format="json")
    assert response.status_code == 200 and response.json()["legal_hold"] is False


def test_the_list_filters_by_stage_overdue_and_search(api_as, worker, household, team_a):
    ApplicantFactory(household=household, position=1, first_name="Alex", last_name="Morgan")
    late = Household.objects.create(
        reference="ROI-LATE",
        local_authority=household.local_authority,
        team=team_a,
        received_on=datetime.date(2026, 1, 5),
        stage=Stage.STAGE_1,
        stage_started_on=timezone.localdate() - datetime.timedelta(days=90),
    )
    client = api_as(worker)
    refs = lambda query: [h["reference"] for h in client.get(f"/api/v1/households/?{query}").json()["results"]]  # noqa: E731
    assert refs("stage=stage_1") == [late.reference]
    assert refs("overdue=true") == [late.reference]
    assert refs("q=morgan") == [household.reference]
    assert_error(client.get("/api/v1/households/?stage=nowhere"), 400, "INVALID")


def test_the_schema_documents_the_list_filters(client, worker):
    client.force_login(worker)
    parameters = client.get("/api/v1/schema/").json()["paths"]["/api/v1/households/"]["get"]["parameters"]
    assert {"stage", "overdue", "q"} <= {p["name"] for p in parameters}
