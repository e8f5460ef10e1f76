import re
import uuid

from django.urls import reverse

from audit.models import Action, AuditEvent
from cases.models import Applicant, Household
from tests.factories import ApplicantFactory, LocalAuthorityFactory, TeamFactory

from .helpers import date_fields, error_summary, tomorrow, yesterday


def household_data(local_authority, **overrides):
    data = {
        "reference": "ROI-2026-0100",
        "local_authority": local_authority.pk,
        **date_fields("received_on", yesterday()),
    }
    data.update(overrides)
    return data


def test_a_worker_adds_a_household_allocated_to_them(as_user, worker, team_a):
    council = LocalAuthorityFactory()
    response = as_user(worker).post(reverse("household-add"), household_data(council))
    household = Household.objects.get(reference="ROI-2026-0100")
    assert response.status_code == 302
    assert response["Location"] == reverse("household", args=[household.pk])
    assert household.team == team_a
    assert household.allocated_worker == worker
    assert household.received_on == yesterday()


def test_adding_a_household_with_nothing_filled_in_lists_every_missing_field(as_user, worker):
    response = as_user(worker).post(reverse("household-add"), {})
    summary = error_summary(response)
    assert response.status_code == 200
    assert "<title>Error: Add a household" in response.content.decode()
    assert 'href="#id_reference"' in summary and "Enter the ROI reference" in summary
    assert 'href="#id_local_authority"' in summary and "Choose the local authority" in summary
    assert 'href="#id_received_on_0"' in summary and "Enter the date the ROI was received" in summary
    assert not Household.objects.exists()


def test_an_impossible_date_is_refused_in_plain_words(as_user, worker):
    council = LocalAuthorityFactory()
    data = household_data(council, **date_fields("received_on", d=31, m=2, y=2026))
    summary = error_summary(as_user(worker).post(reverse("household-add"), data))
    assert "The date the ROI was received must be a real date" in summary
    assert not Household.objects.exists()


def test_a_partial_date_says_which_part_is_missing(as_user, worker):
    council = LocalAuthorityFactory()
    data = household_data(council, **date_fields("received_on", d=3, m=None, y=2026))
    summary = error_summary(as_user(worker).post(reverse("household-add"), data))
    assert 'href="#id_received_on_1"' in summary
    assert "must include a month" in summary


def test_a_future_date_is_refused(as_user, worker):
    council = LocalAuthorityFactory()
    data = household_data(council, **date_fields("received_on", tomorrow()))
    summary = error_summary(as_user(worker).post(reverse("household-add"), data))
    assert "must be today or in the past" in summary


def test_a_reference_already_used_is_refused_with_the_services_words(as_user, worker, household):
    data = household_data(household.local_authority, reference=household.reference.lower())
    summary = error_summary(as_user(worker).post(reverse("household-add"), data))
    assert f"A household with reference {household.reference.lower()} already exists." in summary
    assert Household.objects.count() == 1


def test_sending_the_add_household_form_twice_records_it_once(as_user, worker, team_a):
    council = LocalAuthorityFactory()
    client = as_user(worker)
    data = household_data(council, submission=str(uuid.uuid4()))
    first = client.post(reverse("household-add"), data)
    second = client.post(reverse("household-add"), data, follow=True)
    assert Household.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "You sent that form more than once. It has been recorded once." in second.content.decode()


def test_a_worker_in_two_teams_chooses_one_of_theirs(as_user, worker, team_a):
    second_team = TeamFactory(name="Team C")
    second_team.members.add(worker)
    foreign_team = TeamFactory(name="Team D")
    council = LocalAuthorityFactory()
    client = as_user(worker)
    assert "Choose a team" in client.get(reverse("household-add")).content.decode()
    summary = error_summary(client.post(reverse("household-add"), household_data(council, team=foreign_team.pk)))
    assert "Choose one of your teams" in summary
    client.post(reverse("household-add"), household_data(council, team=second_team.pk))
    assert Household.objects.get().team == second_team


def test_viewing_a_household_records_the_view_of_it_and_each_applicant(as_user, worker, household, applicant):
    second = ApplicantFactory(household=household)
    as_user(worker).get(reverse("household", args=[household.pk]))
    views = AuditEvent.objects.filter(action=Action.VIEW, actor=worker)
    assert set(views.values_list("record_type", "record_id")) == {
        ("household", str(household.pk)),
        ("applicant", str(applicant.pk)),
        ("applicant", str(second.pk)),
    }


def test_the_view_entries_of_one_household_page_are_appended_together_and_the_chain_verifies(
    as_user, worker, household, applicant
):
    from audit.verify import verify_audit

    second = ApplicantFactory(household=household)
    client = as_user(worker)
    client.get(reverse("household", args=[household.pk]))
    client.get(reverse("household", args=[household.pk]))
    views = list(AuditEvent.objects.filter(action=Action.VIEW, actor=worker).order_by("seq"))
    # Household, then each applicant in order, twice; consecutive places on the chain.
    assert [(e.record_type, e.record_id) for e in views] == 2 * [
        ("household", str(household.pk)),
        ("applicant", str(applicant.pk)),
        ("applicant", str(second.pk)),
    ]
    assert [e.seq for e in views] == list(range(views[0].seq, views[0].seq + 6))
    assert views[1].applicant_id == applicant.pk and views[1].household_id == household.pk
    assert verify_audit().ok


def test_household_page_costs_the_same_queries_however_many_corrections(
    as_user, worker, household, applicant, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.services import applicant_correct

    client = as_user(worker)
    url = reverse("household", args=[household.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as none_yet:
        client.get(url)
    for n in range(3):
        applicant_correct(
            user=worker,
            applicant_id=applicant.pk,
            first_name=f"Corrected{n}",
            last_name=applicant.last_name,
            date_of_birth=applicant.date_of_birth,
            reason="Spelling",
        )
    with django_assert_max_num_queries(len(none_yet)):
        html = client.get(url).content.decode()
    assert "Corrected2" in html


def test_household_page_shows_the_tasks_left_for_each_applicant(as_user, worker, household, applicant):
    html = as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    assert "1. Record consent from the ROI form" in html
    assert "2. Add a social media profile" in html
    assert "Cannot start yet" in html
    assert reverse("consent-record", args=[applicant.pk]) in html


def test_household_page_offers_the_check_once_consent_and_a_profile_are_recorded(
    as_user, worker, household, applicant, consent, profile
):
    html = as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    assert reverse("check-new", args=[applicant.pk]) in html
    assert "facebook.com/alex.morgan" in html


# --- Applicants -------------------------------------------------------------------


def applicant_data(**overrides):
    data = {"first_name": "Robin", "last_name": "Hart", **date_fields("date_of_birth", d=None, m=None, y=None)}
    data.update(overrides)
    return data


def test_a_worker_adds_an_applicant_with_communication_needs(as_user, worker, household):
    data = applicant_data(
        information_formats=["easy_read", "translated"],
        translation_language="Polish",
        communication_support=["bsl_interpreter", "spoken_language_interpreter"],
        interpreter_language="Polish",
        communication_notes="Prefers morning visits",
        **date_fields("needs_review_on", tomorrow()),
    )
    response = as_user(worker).post(reverse("applicant-add", args=[household.pk]), data)
    assert response.status_code == 302
    applicant = Applicant.objects.get(first_name="Robin")
    assert applicant.information_formats == ["easy_read", "translated"]
    assert applicant.translation_language == "Polish"
    assert applicant.communication_support == ["bsl_interpreter", "spoken_language_interpreter"]
    assert applicant.needs_review_on == tomorrow()
    page = as_user(worker).get(reverse("household", args=[household.pk])).content.decode()
    assert "Communication needs</strong>" in page
    assert "Spoken language interpreter (Polish)" in page


def test_translated_text_needs_a_language(as_user, worker, household):
    data = applicant_data(information_formats=["translated"])
    summary = error_summary(as_user(worker).post(reverse("applicant-add", args=[household.pk]), data))
    assert 'href="#id_translation_language"' in summary
    assert "Enter the language the text should be translated into." in summary
    assert not Applicant.objects.exists()


def test_adding_an_applicant_without_names_or_with_a_future_birth_date_is_refused(as_user, worker, household):
    data = applicant_data(first_name="", last_name="", **date_fields("date_of_birth", tomorrow()))
    summary = error_summary(as_user(worker).post(reverse("applicant-add", args=[household.pk]), data))
    assert "Enter their first name" in summary
    assert "Enter their last name" in summary
    assert "Their date of birth must be today or in the past" in summary


def test_a_third_applicant_is_refused_in_plain_words(as_user, worker, household):
    ApplicantFactory(household=household)
    ApplicantFactory(household=household)
    response = as_user(worker).post(reverse("applicant-add", args=[household.pk]), applicant_data())
    assert "A household can have at most two applicants." in error_summary(response)
    assert household.applicants.count() == 2


def test_sending_the_add_applicant_form_twice_adds_the_applicant_once(as_user, worker, household):
    client = as_user(worker)
    data = applicant_data(submission=str(uuid.uuid4()))
    client.post(reverse("applicant-add", args=[household.pk]), data)
    client.post(reverse("applicant-add", args=[household.pk]), data)
    assert household.applicants.count() == 1


def test_a_worker_changes_communication_needs(as_user, worker, applicant):
    data = {"information_formats": ["large_print"], **date_fields("needs_review_on", d=None, m=None, y=None)}
    response = as_user(worker).post(reverse("communication-needs", args=[applicant.pk]), data)
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.information_formats == ["large_print"]


def test_communication_needs_form_shows_what_is_recorded(as_user, worker, applicant):
    applicant.communication_support = ["note_taker"]
    applicant.save()
    html = as_user(worker).get(reverse("communication-needs", args=[applicant.pk])).content.decode()
    assert re.search(r'value="note_taker"\s*checked="checked"', html)
    assert not re.search(r'value="lipspeaker"\s*checked="checked"', html)


def test_a_garbled_submission_token_is_ignored_not_shown_as_an_error(as_user, worker, team_a):
    council = LocalAuthorityFactory()
    response = as_user(worker).post(reverse("household-add"), household_data(council, submission="not-a-token"))
    assert response.status_code == 302
    assert Household.objects.count() == 1


def test_null_characters_are_refused_in_plain_words(as_user, worker, team_a):
    council = LocalAuthorityFactory()
    response = as_user(worker).post(reverse("household-add"), household_data(council, reference="ROI\x00"))
    assert "Null characters are not allowed." in error_summary(response)
    assert not Household.objects.exists()
