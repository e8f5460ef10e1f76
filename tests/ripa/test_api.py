"""The contract's RIPA endpoints (api.md, "Additions, December 2026: RIPA")."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from audit.models import Action, AuditEvent
from ripa.models import RipaApplication, Status

from .conftest import PROPORTIONALITY, move_back

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ripa-applications/"


@pytest.fixture
def body(applicant, profile):
    return {
        "applicant": applicant.pk,
        "profiles": [profile.pk],
        "offence": "Fraud by false representation",
        "offence_max_sentence_months": 120,
        "necessity": "The police asked for help.",
        "proportionality": PROPORTIONALITY,
        "collateral_intrusion": "Friends' comments may be seen.",
        "confidential_information_likely": False,
    }


def test_a_manager_applies_and_gets_the_reference_and_status(api_as, manager, body):
    response = api_as(manager).post(BASE, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "awaiting_decision" and response.json()["reference"].startswith("RIPA-")


def test_below_the_threshold_is_400_crime_threshold_not_met(api_as, manager, body):
    response = api_as(manager).post(BASE, {**body, "offence_max_sentence_months": 5}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "CRIME_THRESHOLD_NOT_MET"
    assert "not a criminal investigation" in response.json()["detail"]
    assert not RipaApplication.objects.exists()


def test_decision_justice_review_renewal_and_cancel_follow_the_contract(api_as, manager, officer, body):
    pk = api_as(manager).post(BASE, body, format="json").json()["id"]
    as_officer = api_as(officer)
    response = as_officer.post(f"{BASE}{pk}/decision/", {"granted": True, "reasons": "Necessary."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "awaiting_justice"
    today = timezone.localdate()
    approval = {"approved": True, "on": today.isoformat(), "court": "Telford Magistrates", "justice": "A. Justice"}
    response = api_as(manager).post(f"{BASE}{pk}/justice-approval/", approval, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "active" and data["valid_from"] == today.isoformat()
    assert data["last_valid_day"] and data["reviews_due"][0] == (today + datetime.timedelta(days=28)).isoformat()
    review = {"on": today.isoformat(), "outcome": "continue", "reasons": "Still necessary."}
    assert as_officer.post(f"{BASE}{pk}/reviews/", review, format="json").status_code == 201
    renewal = api_as(manager).post(
        f"{BASE}{pk}/renewals/", {"reasons": "Still.", "obtained_so_far": "Dates."}, format="json"
    )
    assert renewal.status_code == 201 and renewal.json()["type"] == "renewal"
    cancel = {"reasons": "Done.", "ceased_at": timezone.now().isoformat(), "product_handling": "Destroyed today by A."}
    response = as_officer.post(f"{BASE}{pk}/cancel/", cancel, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_bad_input_gets_the_contracts_codes(api_as, manager, officer, body, household):
    pk = api_as(manager).post(BASE, body, format="json").json()["id"]
    # the applying officer deciding
    from .conftest import designate

    designate(manager, household.local_authority)
    response = api_as(manager).post(f"{BASE}{pk}/decision/", {"granted": True, "reasons": "Mine."}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "NOT_PERMITTED")
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, record_type="ripaapplication").exists()
    api_as(officer).post(f"{BASE}{pk}/decision/", {"granted": True, "reasons": "Yes."}, format="json")
    # a justice's date in the future
    future = {"approved": True, "on": "2199-01-01", "court": "C", "justice": "J"}
    response = api_as(manager).post(f"{BASE}{pk}/justice-approval/", future, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "INVALID") and "on" in response.json()["fields"]
    assert RipaApplication.objects.get(pk=pk).status == Status.AWAITING_JUSTICE
    # deciding twice
    response = api_as(officer).post(f"{BASE}{pk}/decision/", {"granted": False, "reasons": "No."}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "INVALID_TRANSITION")


def test_a_renewal_after_expiry_is_409_invalid_transition(api_as, manager, active):
    move_back(active, 100)
    response = api_as(manager).post(
        f"{BASE}{active.pk}/renewals/", {"reasons": "Still.", "obtained_so_far": "x"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "INVALID_TRANSITION")


def test_a_review_by_someone_else_is_403(api_as, second_officer, active):
    review = {"on": timezone.localdate().isoformat(), "outcome": "continue", "reasons": "x"}
    response = api_as(second_officer).post(f"{BASE}{active.pk}/reviews/", review, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "NOT_PERMITTED")


def test_the_old_direct_entry_path_is_410_gone_naming_the_new_one(api_as, manager):
    response = api_as(manager).post("/api/v1/ripa-authorisations/", {}, format="json")
    assert response.status_code == 410
    assert response.json()["code"] == "GONE" and "/api/v1/ripa-applications/" in response.json()["detail"]


def test_a_repeat_view_cites_the_application_id(api_as, worker, active, consent, applicant, profile, logged_out_view):
    from tests.conftest import ALL_DECLARATIONS

    check = {
        "applicant": applicant.pk,
        "profile": profile.pk,
        "viewing_account": logged_out_view.pk,
        "declarations": ALL_DECLARATIONS,
        "purpose": "The one-off check",
    }
    assert api_as(worker).post("/api/v1/checks/", check, format="json").status_code == 201
    again = api_as(worker).post("/api/v1/checks/", {**check, "ripa_authorisation": active.pk}, format="json")
    assert again.status_code == 201 and again.json()["ripa_authorisation"] == active.pk
    move_back(active, 100)
    late = api_as(worker).post("/api/v1/checks/", {**check, "ripa_authorisation": active.pk}, format="json")
    assert (late.status_code, late.json()["code"]) == (403, "RIPA_AUTHORISATION_REQUIRED")


def test_the_register_csv_has_the_contracts_header_and_is_audited(api_as, auditor, active, apply, officer):
    from ripa import services

    refused = apply()
    services.application_decide(user=officer, application_id=refused.pk, granted=False, reasons="No.")
    response = api_as(auditor).get("/api/v1/ripa-register.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    contract = [
        "reference",
        "council",
        "type",
        "status",
        "applicant_officer",
        "authorising_officer",
        "authorising_officer_grade",
        "decision_on",
        "granted",
        "justice_approved_on",
        "court",
        "valid_from",
        "last_valid_day",
        "reviews",
        "renewals",
        "cancelled_on",
        "confidential_information_likely",
        "authorising_officer_involved",
        "subjects",
    ]
    assert rows[0] == contract  # exactly the contract's header
    by_reference = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_reference[refused.reference]["status"] == "refused"
    assert (
        by_reference[active.reference]["granted"] == "yes"
        and "Alex Morgan" in by_reference[active.reference]["subjects"]
    )
    assert AuditEvent.objects.filter(action=Action.EXPORT, record_type="ripa_register").exists()


def test_workers_may_not_read_the_register_csv(api_as, worker, active):
    response = api_as(worker).get("/api/v1/ripa-register.csv")
    assert (response.status_code, response.json()["code"]) == (403, "NOT_PERMITTED")


def test_admins_read_the_register_without_subjects(api_as, admin_user, active):
    rows = list(csv.DictReader(io.StringIO(api_as(admin_user).get("/api/v1/ripa-register.csv").content.decode())))
    assert [row["subjects"] for row in rows] == ["withheld"]
