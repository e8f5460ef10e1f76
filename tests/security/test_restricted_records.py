"""Point 4: a restricted household is seen only by the staff named on it, through every
address of the permission matrix; anyone else gets 404 and the attempt is recorded for the manager."""

import pytest
from django.test import Client

from audit.models import Action, AuditEvent
from governance.models import Restriction
from governance.services import household_restrict, restriction_lift
from tests.factories import UserFactory

from .test_permission_matrix import MATRIX, ROLES, address

HOUSEHOLD_1_RECORDS = ("household", "applicant", "check", "refusal", "ripa")


@pytest.fixture
def restricted(records, manager, teammate):
    """Household 1 restricted to its manager and the teammate: not the allocated worker."""
    return household_restrict(
        user=manager, household_id=records.household.pk, staff_ids=[teammate.pk], reason="A colleague applies."
    )


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["worker", "auditor"])
def test_every_address_of_a_restricted_household_answers_404_to_staff_not_named(role, request, records, restricted):
    user = request.getfixturevalue(role)
    client = _signed_in(user)
    at = ROLES.index(role)
    checked, wrong = 0, []
    for route, expected in MATRIX.items():
        if expected.obj not in HOUSEHOLD_1_RECORDS or "<int:pk>" not in route or expected.get[at] != 200:
            continue
        checked += 1
        got = client.get(address(route, records)).status_code
        if got != 404:
            wrong.append(f"{route}: {got}")
    assert checked >= 8 and not wrong, "\n".join(wrong)


def test_lists_searches_exports_and_the_api_leave_it_out(records, restricted, worker, manager, teammate):
    reference = records.household.reference
    name = records.applicant.last_name
    worker_client = _signed_in(worker)
    link = f'href="/households/{records.household.pk}/"'
    for url in ("/", f"/?q={reference}", f"/?q={name}"):
        body = worker_client.get(url).content.decode()
        assert link not in body and f">{reference}<" not in body, url  # the search box may echo the query
    for url in ("/api/v1/households/", f"/api/v1/households/?q={reference}"):
        assert records.household.pk not in [h["id"] for h in worker_client.get(url).json()["results"]], url
    assert records.check.pk not in [c["id"] for c in worker_client.get("/api/v1/checks/").json()["results"]]
    # The named teammate sees it.
    assert link in _signed_in(teammate).get(f"/?q={reference}").content.decode()
    # Another manager of the same team, not named, reads the team's audit trail without the household's reference.
    other_manager = UserFactory(username="manager_a2", role="manager")
    records.household.team.managers.add(other_manager)
    for url in ("/manage/audit/", "/manage/audit/export.csv", "/api/v1/audit/", "/manage/refusals/", "/manage/"):
        response = _signed_in(other_manager).get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert reference.encode() not in body, url
    # The restricting manager still does.
    assert reference in _signed_in(manager).get("/manage/audit/").content.decode()


def test_an_attempt_is_recorded_for_the_manager_and_lifting_is_recorded(records, restricted, worker, manager):
    assert _signed_in(worker).get(f"/households/{records.household.pk}/").status_code == 404
    denied = AuditEvent.objects.filter(action=Action.ACCESS_DENIED, household_id=records.household.pk, actor=worker)
    assert denied.exists()
    page = _signed_in(manager).get(f"/governance/households/{records.household.pk}/restriction/").content.decode()
    assert "worker" in page and "Nobody else has tried" not in page
    lifted = restriction_lift(user=manager, household_id=records.household.pk, reason="The colleague withdrew.")
    assert lifted.lifted_by == manager and lifted.lift_reason == "The colleague withdrew."
    assert not Restriction.objects.filter(lifted_at__isnull=True).exists()
    assert _signed_in(worker).get(f"/households/{records.household.pk}/").status_code == 200
    assert AuditEvent.objects.filter(record_type="restriction", action=Action.UPDATE).exists()


def test_a_check_on_a_restricted_household_is_not_found_for_staff_not_named(records, restricted, worker):
    from tests.conftest import ALL_DECLARATIONS

    response = _signed_in(worker).post(
        "/api/v1/checks/",
        {
            "applicant": records.ready.pk
            if records.ready.household_id == records.household.pk
            else records.applicant.pk,
            "profile": records.profile.pk,
            "viewing_account": records.viewing_account.pk,
            "declarations": ALL_DECLARATIONS,
            "purpose": "Assessment",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
