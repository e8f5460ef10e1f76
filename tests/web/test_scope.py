"""Who may open which page: the worker, a teammate, a worker from another team,
and the signed-out visitor. Outside your scope a record does not exist (404),
and the attempt is in the audit trail."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from checks.models import Refusal

from .helpers import denials_of

HOUSEHOLD_PAGES = ["household", "applicant-add"]
APPLICANT_PAGES = [
    ("communication-needs", ()),
    ("consent-record", ()),
    ("consent-withdraw", ()),
    ("profile-add", ()),
    ("check-new", ()),
    ("consent-information", ("large-print",)),
    ("consent-information", ("easy-read",)),
]


@pytest.mark.parametrize("name", HOUSEHOLD_PAGES)
def test_household_pages_open_for_the_worker_and_teammate(name, as_user, worker, teammate, applicant):
    for user in (worker, teammate):
        assert as_user(user).get(reverse(name, args=[applicant.household_id])).status_code == 200


@pytest.mark.parametrize("name", HOUSEHOLD_PAGES)
def test_household_pages_are_not_found_for_another_team_and_the_attempt_is_audited(name, as_user, outsider, household):
    response = as_user(outsider).get(reverse(name, args=[household.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert denials_of(household) == 1


@pytest.mark.parametrize(("name", "extra"), APPLICANT_PAGES)
def test_applicant_pages_open_for_the_worker_and_teammate(name, extra, as_user, worker, teammate, applicant, profile):
    for user in (worker, teammate):
        assert as_user(user).get(reverse(name, args=[applicant.pk, *extra])).status_code == 200


@pytest.mark.parametrize(("name", "extra"), APPLICANT_PAGES)
def test_applicant_pages_are_not_found_for_another_team_and_the_attempt_is_audited(
    name, extra, as_user, outsider, applicant
):
    assert as_user(outsider).get(reverse(name, args=[applicant.pk, *extra])).status_code == 404
    assert denials_of(applicant) == 1


def test_a_page_for_a_record_that_does_not_exist_is_not_found_and_nothing_is_audited(as_user, worker):
    before = AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count()
    assert as_user(worker).get(reverse("household", args=[999999])).status_code == 404
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count() == before


def test_check_page_opens_for_the_team_and_not_for_another_team(
    as_user, worker, teammate, outsider, consent, profile, applicant, start
):
    check = start(worker, applicant, profile).social_check
    url = reverse("check", args=[check.pk])
    assert as_user(worker).get(url).status_code == 200
    assert as_user(teammate).get(url).status_code == 200
    assert as_user(outsider).get(url).status_code == 404
    assert denials_of(check) == 1


def test_findings_cannot_be_posted_from_another_team(as_user, worker, outsider, consent, profile, applicant, start):
    check = start(worker, applicant, profile).social_check
    response = as_user(outsider).post(
        reverse("check-findings", args=[check.pk]),
        {"findings_summary": "x", "outcome": "no_concerns", "no_third_party_details": "on"},
    )
    assert response.status_code == 404
    check.refresh_from_db()
    assert not check.is_completed


def test_a_refusal_is_shown_only_to_the_worker_it_refused(
    as_user, worker, teammate, outsider, profile, applicant, start
):
    refusal = start(worker, applicant, profile).refusal  # no consent yet
    url = reverse("refusal", args=[refusal.pk])
    assert as_user(worker).get(url).status_code == 200
    assert as_user(teammate).get(url).status_code == 404
    assert as_user(outsider).get(url).status_code == 404
    assert denials_of(refusal) == 2
    assert Refusal.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    ["/", "/policy/", "/households/add/", "/households/1/", "/applicants/1/consent/", "/incidents/report/"],
)
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_auditor_may_read_a_household_but_not_change_it(as_user, auditor, applicant):
    client = as_user(auditor)
    page = client.get(reverse("household", args=[applicant.household_id]))
    assert page.status_code == 200
    assert "Record consent" not in page.content.decode()
    assert client.get(reverse("consent-record", args=[applicant.pk])).status_code == 403
    assert client.get(reverse("household-add")).status_code == 403


def test_an_admin_sees_no_case_records(as_user, admin_user, applicant):
    client = as_user(admin_user)
    assert "configuration pages" in client.get("/").content.decode()
    assert client.get(reverse("household", args=[applicant.household_id])).status_code == 404
