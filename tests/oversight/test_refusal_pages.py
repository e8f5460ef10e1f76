"""Refused checks: the list, one refusal, a manager's review and opening an incident from it."""

from unittest import mock

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from checks.models import RefusalReview
from incidents.models import Incident, IncidentKind
from tests.factories import ApplicantFactory, HouseholdFactory

from .html import AUDIT_APPEND, assert_good_page

pytestmark = pytest.mark.django_db


def detail(refusal):
    return reverse("refusal-detail", args=[refusal.pk])


def test_a_manager_sees_their_teams_refusals_with_rules_in_words_as_tags(client, manager, refusal):
    client.force_login(manager)
    response = client.get(reverse("refusal-list"))
    assert response.status_code == 200
    assert_good_page(response, title="Refused checks")
    html = response.content.decode()
    # Issue 22: the rule's plain label, not its code (the code stays in the API and the CSV).
    assert '<strong class="govuk-tag govuk-tag--grey" title="NO_CONSENT">No consent on the ROI form</strong>' in html
    assert ">NO_CONSENT<" not in html
    assert refusal.applicant.household.reference in html and "Not yet reviewed" in html
    assert list(response.context["page"]) == [refusal]


def test_a_manager_of_another_team_sees_none_and_gets_404_on_the_detail(client, other_manager, refusal):
    client.force_login(other_manager)
    assert list(client.get(reverse("refusal-list")).context["page"]) == []
    assert client.get(detail(refusal)).status_code == 404
    denied = AuditEvent.objects.get(action=Action.ACCESS_DENIED)
    assert denied.actor == other_manager and denied.record_id == str(refusal.pk)


def test_workers_get_403(client, worker, refusal):
    client.force_login(worker)
    assert client.get(reverse("refusal-list")).status_code == 403
    assert client.get(detail(refusal)).status_code == 403
    assert client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "x"}).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, refusal):
    response = client.get(detail(refusal))
    assert response.status_code == 302


def test_the_not_yet_reviewed_filter(client, manager, refusal, worker, applicant, profile, start):
    second = start(worker, applicant, profile).refusal
    RefusalReview.objects.create(refusal=refusal, reviewed_by=manager, comment="Seen.")
    client.force_login(manager)
    assert list(client.get(reverse("refusal-list"), {"review": "not_reviewed"}).context["page"]) == [second]
    assert list(client.get(reverse("refusal-list"), {"review": "reviewed"}).context["page"]) == [refusal]
    assert list(client.get(reverse("refusal-list"), {"code": "NO_CONSENT"}).context["page"]) == [second, refusal]


def test_a_bad_filter_value_is_an_error_not_everything(client, manager, refusal):
    client.force_login(manager)
    response = client.get(reverse("refusal-list"), {"review": "maybe", "page": "x'"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert_good_page(response, error=True)


def test_the_detail_shows_the_attempted_request_and_is_audited(client, manager, refusal):
    client.force_login(manager)
    response = client.get(detail(refusal))
    assert response.status_code == 200
    assert_good_page(response)
    html = response.content.decode()
    assert "Social media check for the adoption assessment" in html
    assert "no personal online connection" in html and "No consent on the ROI form" in html
    assert 'action="{}"'.format(reverse("refusal-review", args=[refusal.pk])) in html
    event = AuditEvent.objects.filter(action=Action.VIEW, record_type="refusal").get()
    assert event.actor == manager and event.record_id == str(refusal.pk)


def test_an_auditor_reads_but_gets_no_forms_and_cannot_post(client, auditor, refusal):
    client.force_login(auditor)
    response = client.get(detail(refusal))
    assert response.status_code == 200
    assert '<form method="post" action="/manage/' not in response.content.decode()
    assert client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "x"}).status_code == 403
    assert client.post(reverse("refusal-incident", args=[refusal.pk]), {"description": "x"}).status_code == 403
    assert not RefusalReview.objects.exists() and not Incident.objects.exists()


def test_an_admin_reads_the_list_but_cannot_review(client, admin_user, refusal):
    client.force_login(admin_user)
    assert list(client.get(reverse("refusal-list")).context["page"]) == [refusal]
    assert client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "x"}).status_code == 403


def test_a_manager_marks_a_refusal_reviewed(client, manager, refusal):
    client.force_login(manager)
    response = client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "Spoke to the worker."})
    assert response.status_code == 302 and response["Location"] == detail(refusal)
    review = RefusalReview.objects.get()
    assert review.reviewed_by == manager and review.comment == "Spoke to the worker."
    page = client.get(detail(refusal))
    assert "Spoke to the worker." in page.content.decode()
    assert page.context["review_form"] is None


@pytest.mark.parametrize(
    ("comment", "message"),
    [("", "Enter a comment"), ("   ", "Enter a comment"), ("x" * 501, "500 characters or fewer")],
)
def test_a_review_needs_a_comment(client, manager, refusal, comment, message):
    client.force_login(manager)
    response = client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": comment})
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert message in response.content.decode()
    assert 'href="#id_comment"' in response.content.decode()
    assert not RefusalReview.objects.exists()


def test_reviewing_twice_says_so_and_keeps_the_first(client, manager, refusal):
    client.force_login(manager)
    client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "First."})
    response = client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "Second."})
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert "already been reviewed" in response.content.decode()
    assert list(RefusalReview.objects.values_list("comment", flat=True)) == ["First."]


def test_another_teams_manager_cannot_review_by_guessing_the_id(client, other_manager, refusal):
    client.force_login(other_manager)
    assert client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "x"}).status_code == 404
    assert client.post(reverse("refusal-incident", args=[refusal.pk]), {"description": "x"}).status_code == 404
    assert not RefusalReview.objects.exists() and not Incident.objects.exists()


def test_a_manager_opens_an_incident_from_a_refusal(client, manager, refusal):
    client.force_login(manager)
    response = client.post(reverse("refusal-incident", args=[refusal.pk]), {"description": "Repeated attempts."})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("incident-detail", args=[incident.pk])
    assert incident.kind == IncidentKind.POLICY_BREACH and incident.refusal == refusal
    assert incident.reported_by == manager
    told = client.get(response["Location"]).content.decode()
    assert "We have emailed the line managers and the council&#x27;s data protection officer." in told


def test_opening_an_incident_twice_opens_one(client, manager, refusal):
    client.force_login(manager)
    client.post(reverse("refusal-incident", args=[refusal.pk]), {"description": "Repeated attempts."})
    response = client.post(reverse("refusal-incident", args=[refusal.pk]), {"description": "Repeated attempts."})
    incident = Incident.objects.get()
    assert response["Location"] == reverse("incident-detail", args=[incident.pk])
    follow = client.get(response["Location"])
    assert "already been opened" in follow.content.decode()


def test_an_incident_needs_a_description(client, manager, refusal):
    client.force_login(manager)
    response = client.post(reverse("refusal-incident", args=[refusal.pk]), {"description": " "})
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert "Describe what you think happened" in response.content.decode()
    assert not Incident.objects.exists()


def test_unknown_ids_are_404_and_get_is_not_allowed_on_the_forms(client, manager, refusal):
    client.force_login(manager)
    assert client.get(reverse("refusal-detail", args=[999999])).status_code == 404
    assert client.get(reverse("refusal-review", args=[refusal.pk])).status_code == 405


def test_the_list_costs_the_same_queries_for_one_or_many(
    client, manager, worker, refusal, applicant, profile, start, django_assert_num_queries
):
    client.force_login(manager)
    client.get(reverse("refusal-list"))  # warm the session
    with django_assert_num_queries(3):
        client.get(reverse("refusal-list"))
    for _ in range(5):
        start(worker, applicant, profile)
    other = ApplicantFactory(household=HouseholdFactory(team=applicant.household.team))
    from platforms.services import profile_add

    other_profile = profile_add(user=worker, applicant=other, platform=profile.platform, handle="someone.else")
    start(worker, other, other_profile)
    with django_assert_num_queries(3):
        response = client.get(reverse("refusal-list"))
    assert len(response.context["page"]) == 7


def test_two_reviews_at_the_same_moment_get_a_message_not_a_500(client, manager, refusal):
    from django.db import IntegrityError

    client.force_login(manager)
    with mock.patch("oversight.refusal_views.refusal_review", side_effect=IntegrityError("duplicate key")):
        response = client.post(reverse("refusal-review", args=[refusal.pk]), {"comment": "Late."})
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert "already been reviewed" in response.content.decode()


def test_the_detail_costs_a_fixed_number_of_queries(client, manager, refusal, django_assert_num_queries):
    client.force_login(manager)
    client.get(detail(refusal))
    # session, user, the refusal with its people and review, its incidents, and the audit entry (head, insert)
    with django_assert_num_queries(4 + AUDIT_APPEND):
        client.get(detail(refusal))
