"""Point 3: a declared personal connection refuses that person's checks on the household; the manager is told."""

from django.urls import reverse

from checks.models import Refusal
from governance.models import ConflictDeclaration
from notifications.models import Notification


def test_a_declared_conflict_refuses_that_persons_checks_and_tells_their_manager(
    api_as, worker, manager, household, check_body, consent
):
    response = api_as(worker).post(
        f"/api/v1/households/{household.pk}/conflicts/", {"reason": "She is my neighbour."}, format="json"
    )
    assert response.status_code == 201
    assert ConflictDeclaration.objects.get().reason == "She is my neighbour."
    told = Notification.objects.get(kind="conflict_declared")
    assert manager.email in told.recipients
    refused = api_as(worker).post("/api/v1/checks/", check_body, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "CONFLICT_DECLARED"
    assert Refusal.objects.get().code == "CONFLICT_DECLARED"


def test_a_conflict_is_only_the_declarers(api_as, worker, teammate, household, check_body, consent):
    api_as(worker).post(f"/api/v1/households/{household.pk}/conflicts/", {"reason": "A friend."}, format="json")
    check_body_for_teammate = dict(check_body)
    assert api_as(teammate).post("/api/v1/checks/", check_body_for_teammate, format="json").status_code == 201


def test_declaring_twice_or_without_a_reason_is_refused(api_as, worker, household):
    url = f"/api/v1/households/{household.pk}/conflicts/"
    assert api_as(worker).post(url, {"reason": ""}, format="json").json()["code"] == "INVALID"
    assert api_as(worker).post(url, {"reason": "A friend."}, format="json").status_code == 201
    again = api_as(worker).post(url, {"reason": "A friend."}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "DUPLICATE"


def test_another_teams_household_is_not_found(api_as, outsider, household):
    response = api_as(outsider).post(
        f"/api/v1/households/{household.pk}/conflicts/", {"reason": "A friend."}, format="json"
    )
    assert response.status_code == 404 and not ConflictDeclaration.objects.exists()


def test_the_page_records_the_declaration(as_user, worker, household):
    client = as_user(worker)
    page = client.get(reverse("household-conflict", args=[household.pk]))
    assert page.status_code == 200
    response = client.post(reverse("household-conflict", args=[household.pk]), {"reason": "My cousin."})
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get(user=worker).reason == "My cousin."
    assert (
        "You declared a personal connection"
        in client.get(reverse("household-conflict", args=[household.pk])).content.decode()
    )
