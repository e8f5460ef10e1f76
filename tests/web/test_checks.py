import uuid

import pytest
from django.core import mail
from django.urls import reverse

from checks.models import Refusal, SocialCheck
from checks.rules import DECLARATIONS
from consent.services import consent_withdraw
from policy.models import PolicyAcknowledgement
from policy.text import clause_links
from tests.factories import PolicyVersionFactory

from .helpers import error_summary


def check_data(profile, account, **overrides):
    data = {
        "profile": profile.pk,
        "viewing_account": account.pk,
        "declarations": list(DECLARATIONS),
        "purpose": "Stage 1 social media check",
        "submission": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- The policy -------------------------------------------------------------------------


def test_a_worker_who_has_not_accepted_the_current_policy_is_sent_to_read_it_first(as_user, worker, applicant, profile):
    PolicyVersionFactory(version="2", body="New rules.")
    response = as_user(worker).get(reverse("check-new", args=[applicant.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('policy')}?next=%2Fapplicants%2F{applicant.pk}%2Fchecks%2Fnew%2F"


def test_the_policy_is_shown_in_full_with_one_accept_button(as_user, worker):
    new = PolicyVersionFactory(version="2", body="Rule one.\nRule two.")
    html = as_user(worker).get(reverse("policy")).content.decode()
    assert "Rule one.\nRule two." in html
    assert html.count('type="submit"') == 2  # sign out, and "I have read and accept"
    assert "I have read and accept the policy" in html
    assert f'value="{new.version}"' in html


def test_accepting_the_policy_records_it_and_returns_to_the_check(as_user, worker, applicant):
    new = PolicyVersionFactory(version="2")
    target = reverse("check-new", args=[applicant.pk])
    response = as_user(worker).post(reverse("policy"), {"version": "2", "next": target})
    assert response["Location"] == target
    assert PolicyAcknowledgement.objects.filter(user=worker, policy_version=new).exists()


def test_accepting_a_policy_that_changed_while_it_was_on_screen_is_refused(as_user, worker):
    PolicyVersionFactory(version="2")
    PolicyVersionFactory(version="3")
    response = as_user(worker).post(reverse("policy"), {"version": "2"})
    assert response.status_code == 200
    assert "The policy has changed since you opened this page." in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert not PolicyAcknowledgement.objects.filter(user=worker, policy_version__version="3").exists()


def test_the_policy_page_does_not_follow_a_next_address_to_another_site(as_user, worker):
    PolicyVersionFactory(version="2")
    response = as_user(worker).post(reverse("policy"), {"version": "2", "next": "https://evil.example/"})
    assert response["Location"] == reverse("caseload")


# --- Declaring and checking answers -------------------------------------------------------


def test_the_check_form_shows_the_four_declarations(as_user, worker, applicant, consent, profile):
    html = as_user(worker).get(reverse("check-new", args=[applicant.pk])).content.decode()
    for text in DECLARATIONS.values():
        # Issue 22: a declaration that cites a clause links to it on the policy page.
        assert clause_links(text, new_tab=True) in html
    assert "facebook.com/alex.morgan" in html


def test_the_check_form_without_a_profile_says_to_add_one(as_user, worker, applicant, consent):
    html = as_user(worker).get(reverse("check-new", args=[applicant.pk])).content.decode()
    assert reverse("profile-add", args=[applicant.pk]) in html


def test_every_declaration_must_be_made_before_the_answers_are_checked(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    data = check_data(profile, logged_out_view, declarations=list(DECLARATIONS)[:3], purpose="")
    response = as_user(worker).post(reverse("check-new", args=[applicant.pk]), data)
    summary = error_summary(response)
    assert 'href="#id_declarations_1"' in summary and "Confirm all four declarations" in summary
    assert "Enter why you are making this check" in summary
    assert not Refusal.objects.exists() and not SocialCheck.objects.exists()


def test_a_viewing_account_for_another_platform_is_refused_on_the_form(
    as_user, worker, applicant, consent, profile, platforms
):
    from platforms.models import ViewingAccount

    instagram = ViewingAccount.objects.filter(platform=platforms["instagram"]).first()
    response = as_user(worker).post(reverse("check-new", args=[applicant.pk]), check_data(profile, instagram))
    # Only the profile's platform's accounts are offered at all.
    assert "Select an approved account" in error_summary(response)


def test_valid_answers_lead_to_check_your_answers_with_the_one_view_warning(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    response = as_user(worker).post(reverse("check-new", args=[applicant.pk]), check_data(profile, logged_out_view))
    html = response.content.decode()
    assert "Check your answers before you view the profile" in html
    assert "govuk-warning-text" in html and "You can view this profile once." in html
    assert f'action="{reverse("check-start", args=[applicant.pk])}"' in html
    assert not SocialCheck.objects.exists()


def test_changing_answers_goes_back_to_the_form_with_them_filled_in(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    data = check_data(profile, logged_out_view, change="1")
    html = as_user(worker).post(reverse("check-new", args=[applicant.pk]), data).content.decode()
    assert "Make the one-off check" in html and "Stage 1 social media check</textarea>" in html


# --- Starting --------------------------------------------------------------------------------


def test_a_check_cannot_be_started_with_a_get(as_user, worker, applicant, consent, profile):
    response = as_user(worker).get(reverse("check-start", args=[applicant.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Nothing was done." in response.content.decode()
    assert not SocialCheck.objects.exists()


def test_an_allowed_check_shows_the_profile_link_once_in_a_new_tab(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    client = as_user(worker)
    response = client.post(reverse("check-start", args=[applicant.pk]), check_data(profile, logged_out_view))
    check = SocialCheck.objects.get()
    assert response["Location"] == reverse("check", args=[check.pk])
    first = client.get(response["Location"])
    html = first.content.decode()
    assert f'href="{profile.profile_url}" target="_blank" rel="noopener noreferrer"' in html
    assert "no-store" in first["Cache-Control"]
    assert "Record the findings" in html
    again = client.get(response["Location"]).content.decode()
    assert profile.profile_url not in again
    assert "Record the findings" in again


def test_a_started_check_shows_as_in_progress_and_its_findings_can_be_recorded_later(
    as_user, worker, applicant, consent, profile, start
):
    check = start(worker, applicant, profile).social_check
    client = as_user(worker)
    household = client.get(reverse("household", args=[applicant.household_id])).content.decode()
    assert "In progress" in household
    assert reverse("check", args=[check.pk]) in household
    page = client.get(reverse("check", args=[check.pk])).content.decode()
    assert "Save the findings" in page
    assert profile.profile_url not in page  # started through the service, not this page: never shown


def test_a_second_attempt_is_refused_with_every_reason_and_what_to_do_next(
    as_user, worker, applicant, consent, profile, logged_out_view, manager, start, django_capture_on_commit_callbacks
):
    start(worker, applicant, profile)
    client = as_user(worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("check-start", args=[applicant.pk]), check_data(profile, logged_out_view))
    refusal = Refusal.objects.get()
    assert response["Location"] == reverse("refusal", args=[refusal.pk])
    html = client.get(response["Location"]).content.decode()
    assert "<title>Error: You cannot view this profile" in html
    assert "This applicant has already had their one-off social media check." in html
    assert "This profile has already been viewed." in html
    assert "Viewing it again may be directed surveillance under RIPA 2000" in html
    assert "ask your manager to void it" in html  # what to do next is an action
    assert "We have told your line manager" in html
    assert profile.profile_url not in html
    assert [m.to for m in mail.outbox] == [[manager.email]]


def test_pressing_start_twice_records_one_check_and_no_refusal(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    client = as_user(worker)
    data = check_data(profile, logged_out_view)
    first = client.post(reverse("check-start", args=[applicant.pk]), data)
    second = client.post(reverse("check-start", args=[applicant.pk]), data)
    assert SocialCheck.objects.count() == 1
    assert not Refusal.objects.exists()
    assert second["Location"] == first["Location"]
    # Only one of the two pages the browser may show gets the link.
    pages = [client.get(first["Location"]).content.decode() for _ in range(2)]
    assert sum(profile.profile_url in page for page in pages) == 1


def test_a_stale_check_form_after_consent_was_withdrawn_in_another_tab_is_refused(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    consent_withdraw(user=worker, applicant=applicant, reason="Changed their mind")
    response = as_user(worker).post(reverse("check-start", args=[applicant.pk]), check_data(profile, logged_out_view))
    refusal = Refusal.objects.get()
    assert refusal.code == "CONSENT_WITHDRAWN"
    assert not SocialCheck.objects.exists()
    html = as_user(worker).get(response["Location"]).content.decode()
    assert "The applicant has withdrawn their consent to a social media check." in html


def test_starting_with_an_invalid_form_shows_the_form_again_and_records_nothing(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    response = as_user(worker).post(
        reverse("check-start", args=[applicant.pk]), check_data(profile, logged_out_view, declarations=[])
    )
    assert response.status_code == 200
    assert "Confirm all four declarations" in error_summary(response)
    assert not SocialCheck.objects.exists() and not Refusal.objects.exists()


# --- Findings ---------------------------------------------------------------------------------


@pytest.fixture
def started(worker, applicant, consent, profile, start):
    return start(worker, applicant, profile).social_check


def test_recording_findings_completes_the_check(as_user, worker, started):
    data = {"findings_summary": "Nothing relevant.", "outcome": "no_concerns", "no_third_party_details": "on"}
    response = as_user(worker).post(reverse("check-findings", args=[started.pk]), data, follow=True)
    started.refresh_from_db()
    assert started.is_completed and started.outcome == "no_concerns"
    assert "The check of Alex Morgan is complete." in response.content.decode()
    page = as_user(worker).get(reverse("check", args=[started.pk])).content.decode()
    assert "Nothing relevant." in page and "Save the findings" not in page


def test_findings_need_a_summary_an_outcome_and_the_third_party_confirmation(as_user, worker, started):
    response = as_user(worker).post(reverse("check-findings", args=[started.pk]), {})
    summary = error_summary(response)
    assert "Enter a short summary of what you found" in summary
    assert 'href="#id_outcome_1"' in summary
    assert 'href="#id_no_third_party_details"' in summary
    started.refresh_from_db()
    assert not started.is_completed


def test_findings_sent_twice_are_recorded_once(as_user, worker, started):
    client = as_user(worker)
    data = {
        "findings_summary": "First.",
        "outcome": "no_concerns",
        "no_third_party_details": "on",
        "submission": str(uuid.uuid4()),
    }
    client.post(reverse("check-findings", args=[started.pk]), data)
    second = client.post(reverse("check-findings", args=[started.pk]), data, follow=True)
    assert "It has been recorded once." in second.content.decode()


def test_findings_from_a_stale_tab_after_completion_change_nothing(as_user, worker, started):
    client = as_user(worker)
    client.post(
        reverse("check-findings", args=[started.pk]),
        {"findings_summary": "First.", "outcome": "no_concerns", "no_third_party_details": "on"},
    )
    response = client.post(
        reverse("check-findings", args=[started.pk]),
        {"findings_summary": "Second.", "outcome": "concerns_to_discuss", "no_third_party_details": "on"},
        follow=True,
    )
    started.refresh_from_db()
    assert started.findings_summary == "First."
    assert "were already recorded. Nothing was changed." in response.content.decode()


def test_a_teammate_sees_the_check_but_cannot_record_its_findings(as_user, teammate, started):
    page = as_user(teammate).get(reverse("check", args=[started.pk])).content.decode()
    assert "Save the findings" not in page
    assert "or a manager can record its findings" in page
    response = as_user(teammate).post(
        reverse("check-findings", args=[started.pk]),
        {"findings_summary": "x", "outcome": "no_concerns", "no_third_party_details": "on"},
    )
    assert response.status_code == 403
    started.refresh_from_db()
    assert not started.is_completed


def test_the_manager_may_record_the_findings(as_user, manager, started):
    data = {"findings_summary": "Done by manager.", "outcome": "no_concerns", "no_third_party_details": "on"}
    as_user(manager).post(reverse("check-findings", args=[started.pk]), data)
    started.refresh_from_db()
    assert started.completed_by == manager


def test_the_profile_link_is_shown_once_and_its_showing_is_kept_on_the_check_without_a_change_entry(
    as_user, worker, applicant, consent, profile, logged_out_view
):
    from auditlog.models import LogEntry

    from audit.models import AuditEvent

    client = as_user(worker)
    location = client.post(reverse("check-start", args=[applicant.pk]), check_data(profile, logged_out_view))
    check = SocialCheck.objects.get()
    assert check.profile_link_shown_at is None
    last_log = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    assert profile.profile_url in client.get(location["Location"]).content.decode()
    check.refresh_from_db()
    shown_at = check.profile_link_shown_at
    assert shown_at is not None
    # The page view is recorded; setting the column logs no "Changed" entry for the check.
    assert not LogEntry.objects.filter(pk__gt=last_log, action=LogEntry.Action.UPDATE).exists()
    since = AuditEvent.objects.filter(seq__gt=last_seq, record_type="socialcheck")
    assert list(since.values_list("action", flat=True)) == ["view"]

    assert profile.profile_url not in client.get(location["Location"]).content.decode()
    check.refresh_from_db()
    assert check.profile_link_shown_at == shown_at


def test_saving_only_when_the_link_was_shown_logs_no_change_to_the_check(worker, applicant, consent, profile, start):
    from auditlog.models import LogEntry
    from django.utils import timezone

    check = start(worker, applicant, profile).social_check
    before = LogEntry.objects.count()
    check.profile_link_shown_at = timezone.now()
    check.save(update_fields=["profile_link_shown_at"])
    assert LogEntry.objects.count() == before
