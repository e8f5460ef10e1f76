"""The RIPA register: the list, one authorisation's central record, reviews and recording a new one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from checks.models import RipaAuthorisation, RipaReview
from platforms.services import profile_add
from tests.factories import ApplicantFactory, HouseholdFactory

from .html import AUDIT_APPEND, assert_good_page

pytestmark = pytest.mark.django_db


def detail(authorisation):
    return reverse("ripa-detail", args=[authorisation.pk])


def new_url(applicant):
    return f"{reverse('ripa-new')}?applicant={applicant.pk}"


def day(prefix, value: datetime.date) -> dict:
    return {f"{prefix}_day": str(value.day), f"{prefix}_month": str(value.month), f"{prefix}_year": str(value.year)}


def review_form(kind="review", on=None, notes="Still necessary and proportionate.", renewed_to=None):
    data = {"kind": kind, "notes": notes, **day("on", on or timezone.localdate())}
    if renewed_to is not None:
        data.update(day("renewed_to", renewed_to))
    return data


def authorisation_form(profile, **overrides):
    today = timezone.localdate()
    data = {
        "reference": "RIPA-2026-777",
        "authorising_officer": "J. Smith, Head of Legal",
        **day("magistrate_approved_on", today - datetime.timedelta(days=1)),
        **day("valid_from", today),
        **day("valid_to", today + datetime.timedelta(days=60)),
        "profiles": [str(profile.pk)],
    }
    data.update(overrides)
    return data


# --- The register ---------------------------------------------------------------------------


def test_a_manager_sees_their_teams_register_with_the_expiry_flag(client, manager, authorise):
    soon = authorise("RIPA-SOON", valid_to=timezone.localdate() + datetime.timedelta(days=3))
    later = authorise("RIPA-LATER")
    client.force_login(manager)
    response = client.get(reverse("ripa-list"))
    assert response.status_code == 200
    assert_good_page(response, title="RIPA register")
    statuses = {a.reference: status for a, status in response.context["rows"]}
    assert statuses == {"RIPA-SOON": ("expiring", "Expires within 7 days"), "RIPA-LATER": ("valid", "Valid")}
    expiring = client.get(reverse("ripa-list"), {"show": "expiring"}).context["rows"]
    assert [a for a, _ in expiring] == [soon]
    assert later.pk not in {a.pk for a, _ in expiring}


def test_another_teams_manager_sees_nothing_and_gets_404(client, other_manager, authorisation):
    client.force_login(other_manager)
    assert client.get(reverse("ripa-list")).context["rows"] == []
    assert client.get(detail(authorisation)).status_code == 404
    assert client.post(detail(authorisation), review_form()).status_code == 404
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, record_type="ripaauthorisation").exists()
    assert not RipaReview.objects.exists()


def test_workers_get_403(client, worker, authorisation, applicant):
    client.force_login(worker)
    assert client.get(reverse("ripa-list")).status_code == 403
    assert client.get(detail(authorisation)).status_code == 403
    assert client.get(new_url(applicant)).status_code == 403


def test_the_central_record_lists_every_view_made_under_it(
    client, manager, worker, applicant, consent, profile, start, authorisation
):
    first = start(worker, applicant, profile)
    assert first.allowed
    repeat = start(worker, applicant, profile, ripa_authorisation_id=authorisation.pk)
    assert repeat.allowed
    client.force_login(manager)
    response = client.get(detail(authorisation))
    assert response.status_code == 200
    assert_good_page(response)
    html = response.content.decode()
    for words in ("RIPA-2026-001", "J. Smith, Head of Legal", "Magistrate approved", "facebook.com/alex.morgan"):
        assert words in html
    assert list(response.context["authorisation"].social_checks.all()) == [repeat.social_check]
    event = AuditEvent.objects.get(action=Action.VIEW, record_type="ripaauthorisation")
    assert event.actor == manager and event.record_id == str(authorisation.pk)


def test_an_auditor_reads_but_cannot_record(client, auditor, authorisation, applicant):
    client.force_login(auditor)
    response = client.get(detail(authorisation))
    assert response.status_code == 200 and response.context["review_form"] is None
    assert client.post(detail(authorisation), review_form()).status_code == 403
    assert client.get(new_url(applicant)).status_code == 403
    assert not RipaReview.objects.exists()
    assert "Record an authorisation" not in client.get(reverse("ripa-list")).content.decode()


def test_an_admin_is_told_the_register_is_not_for_them(client, admin_user, authorisation):
    client.force_login(admin_user)
    response = client.get(reverse("ripa-list"))
    assert response.status_code == 200 and response.context["rows"] == []
    assert "Admins do not see case records" in response.content.decode()


# --- Reviews, renewals, cancellations ---------------------------------------------------------


def test_a_manager_records_a_review(client, manager, authorisation):
    client.force_login(manager)
    response = client.post(detail(authorisation), review_form())
    assert response.status_code == 302
    review = RipaReview.objects.get()
    assert review.kind == "review" and review.recorded_by == manager
    assert "Still necessary and proportionate." in client.get(detail(authorisation)).content.decode()


def test_a_renewal_moves_the_end_date(client, manager, authorisation):
    client.force_login(manager)
    new_end = authorisation.valid_to + datetime.timedelta(days=30)
    assert client.post(detail(authorisation), review_form("renewal", renewed_to=new_end)).status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.valid_to == new_end


def test_a_renewal_needs_a_new_end_date_within_3_months(client, manager, authorisation):
    client.force_login(manager)
    response = client.post(detail(authorisation), review_form("renewal"))
    assert_good_page(response, error=True)
    assert "A renewal runs from the current end date" in response.content.decode()
    too_far = authorisation.valid_to + datetime.timedelta(days=120)
    response = client.post(detail(authorisation), review_form("renewal", renewed_to=too_far))
    assert 'href="#id_renewed_to_day"' in response.content.decode()
    assert not RipaReview.objects.exists()


def test_a_cancellation_ends_it_and_takes_the_form_away(client, manager, authorisation):
    client.force_login(manager)
    assert client.post(detail(authorisation), review_form("cancellation", notes="No longer needed.")).status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.cancelled_at is not None and authorisation.cancellation_reason == "No longer needed."
    response = client.get(detail(authorisation))
    assert response.context["review_form"] is None and "Cancelled" in response.content.decode()
    # A second submission of the same cancellation records nothing more.
    again = client.post(detail(authorisation), review_form("cancellation", notes="No longer needed."))
    assert_good_page(again, error=True)
    assert "has been cancelled" in again.content.decode()
    assert RipaReview.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": ""}, "Choose review, renewal or cancellation"),
        ({"kind": "approve"}, "Choose review, renewal or cancellation"),
        ({"notes": ""}, "Enter notes"),
        ({"on_day": "31", "on_month": "2"}, "The date must be a real date"),
        ({"on_day": "", "on_month": "", "on_year": ""}, "Enter the date"),
        ({"on_month": ""}, "The date must include a month"),
    ],
)
def test_review_form_errors_are_explained(client, manager, authorisation, data, message):
    client.force_login(manager)
    response = client.post(detail(authorisation), {**review_form(), **data})
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert message in response.content.decode()
    assert not RipaReview.objects.exists()


def test_a_review_cannot_be_dated_in_the_future(client, manager, authorisation):
    client.force_login(manager)
    response = client.post(detail(authorisation), review_form(on=timezone.localdate() + datetime.timedelta(days=1)))
    assert_good_page(response, error=True)
    assert "today or in the past" in response.content.decode()
    assert not RipaReview.objects.exists()


# --- Recording a new authorisation -------------------------------------------------------------


def test_a_manager_finds_the_applicant_by_household_reference(client, manager, applicant, household):
    client.force_login(manager)
    response = client.get(reverse("ripa-new"))
    assert response.status_code == 200
    assert_good_page(response, title="Record a RIPA authorisation")
    response = client.get(reverse("ripa-new"), {"household": household.reference.lower()})
    assert new_url(applicant).replace("&", "&amp;") in response.content.decode()
    response = client.get(reverse("ripa-new"), {"household": HouseholdFactory().reference})
    assert_good_page(response, error=True)
    assert "No household with this reference is in your teams" in response.content.decode()


def test_the_form_offers_the_applicants_profiles_as_checkboxes(client, manager, applicant, profile, worker, platforms):
    other = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="alex.m")
    client.force_login(manager)
    response = client.get(new_url(applicant))
    assert response.status_code == 200
    assert_good_page(response)
    html = response.content.decode()
    assert html.count('type="checkbox"') == 2 and f'value="{other.pk}"' in html
    assert 'name="magistrate_approved_on_day"' in html


def test_a_manager_records_an_authorisation(client, manager, applicant, profile):
    client.force_login(manager)
    response = client.post(new_url(applicant), authorisation_form(profile))
    authorisation = RipaAuthorisation.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(authorisation)
    assert authorisation.reference == "RIPA-2026-777" and list(authorisation.profiles.all()) == [profile]
    assert authorisation.created_by == manager


def test_recording_the_same_authorisation_twice_keeps_one(client, manager, applicant, profile):
    client.force_login(manager)
    client.post(new_url(applicant), authorisation_form(profile))
    response = client.post(new_url(applicant), authorisation_form(profile))
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert "already recorded" in response.content.decode()
    assert RipaAuthorisation.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reference": ""}, "Enter the authorisation reference"),
        ({"authorising_officer": ""}, "Enter the authorising officer"),
        ({"profiles": []}, "Choose at least one profile"),
        ({"profiles": ["999999"]}, "Choose only this applicant"),
        ({"valid_from_day": "31", "valid_from_month": "2"}, "The start date must be a real date"),
        ({"valid_to_year": "26"}, "Year must include 4 numbers"),
        ({"magistrate_approved_on_day": ""}, "must include a day"),
    ],
)
def test_authorisation_form_errors_are_explained(client, manager, applicant, profile, overrides, message):
    client.force_login(manager)
    response = client.post(new_url(applicant), authorisation_form(profile, **overrides))
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert message in response.content.decode()
    assert not RipaAuthorisation.objects.exists()


def test_the_service_rules_come_back_against_the_fields(client, manager, applicant, profile):
    client.force_login(manager)
    today = timezone.localdate()
    cases = [
        ({**day("magistrate_approved_on", today + datetime.timedelta(days=1))}, "today or in the past"),
        ({**day("valid_to", today - datetime.timedelta(days=1))}, "on or after the start date"),
        ({**day("valid_to", today + datetime.timedelta(days=200))}, "at most 3 months"),
        ({**day("valid_from", today - datetime.timedelta(days=5))}, "before the magistrate approved it"),
    ]
    for overrides, message in cases:
        response = client.post(new_url(applicant), authorisation_form(profile, **overrides))
        assert response.status_code == 200
        assert_good_page(response, error=True)
        assert message in response.content.decode(), message
    assert not RipaAuthorisation.objects.exists()


def test_a_profile_of_another_applicant_cannot_be_slipped_in(client, manager, applicant, profile, worker, platforms):
    someone_else = ApplicantFactory(household=applicant.household)
    theirs = profile_add(user=worker, applicant=someone_else, platform=platforms["instagram"], handle="theirs")
    client.force_login(manager)
    response = client.post(new_url(applicant), authorisation_form(profile, profiles=[str(theirs.pk)]))
    assert "Choose only this applicant" in response.content.decode()
    assert not RipaAuthorisation.objects.exists()


def test_another_teams_applicant_is_404(client, other_manager, applicant, profile):
    client.force_login(other_manager)
    assert client.get(new_url(applicant)).status_code == 404
    assert client.post(new_url(applicant), authorisation_form(profile)).status_code == 404
    assert client.get(f"{reverse('ripa-new')}?applicant=abc").status_code == 404
    assert not RipaAuthorisation.objects.exists()


def test_an_applicant_without_profiles_gets_no_form(client, manager, household):
    bare = ApplicantFactory(household=household)
    client.force_login(manager)
    response = client.get(new_url(bare))
    assert response.status_code == 200 and "has no social media profiles" in response.content.decode()
    assert f'action="{new_url(bare)}"' not in response.content.decode()


def test_the_register_costs_the_same_queries_for_one_or_many(client, manager, authorise, django_assert_num_queries):
    authorise("RIPA-1")
    client.force_login(manager)
    client.get(reverse("ripa-list"))
    with django_assert_num_queries(4):
        client.get(reverse("ripa-list"))
    for n in range(2, 7):
        authorise(f"RIPA-{n}")
    with django_assert_num_queries(4):
        response = client.get(reverse("ripa-list"))
    assert len(response.context["rows"]) == 6


def test_the_detail_page_costs_the_same_queries_with_more_views_and_reviews(
    client, manager, worker, applicant, consent, profile, start, authorisation, django_assert_num_queries
):
    start(worker, applicant, profile)
    client.force_login(manager)
    client.get(detail(authorisation))
    # session, user, the authorisation, its profiles, reviews and views, and the audit entry (head, insert)
    with django_assert_num_queries(6 + AUDIT_APPEND):
        client.get(detail(authorisation))
    for _ in range(3):
        start(worker, applicant, profile, ripa_authorisation_id=authorisation.pk)
    client.post(detail(authorisation), review_form())
    with django_assert_num_queries(6 + AUDIT_APPEND):
        response = client.get(detail(authorisation))
    assert len(response.context["authorisation"].social_checks.all()) == 3


def test_two_recordings_at_the_same_moment_get_a_message_not_a_500(client, manager, applicant, profile):
    from unittest import mock

    from django.db import IntegrityError

    client.force_login(manager)
    with mock.patch("oversight.ripa_views.ripa_authorisation_record", side_effect=IntegrityError("duplicate key")):
        response = client.post(new_url(applicant), authorisation_form(profile))
    assert response.status_code == 200
    assert_good_page(response, error=True)
    assert "already recorded" in response.content.decode()
