"""The check service: every code from real records, refusals kept, managers told."""

import datetime

import pytest
from django.core import mail
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from cases.models import CaseOutcome
from checks.models import Refusal, SocialCheck
from checks.services import check_complete
from consent.services import consent_record, consent_withdraw
from notifications.models import Notification
from platforms.models import ViewingAccount, ViewingAccountKind
from platforms.services import profile_add
from ripa.models import RipaApplication
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted
from tests.factories import ApplicantFactory, PolicyVersionFactory, UserFactory
from tests.support.ripa import authorisation_in_force

pytestmark = pytest.mark.django_db


def codes(outcome):
    return outcome.decision.codes


def test_a_worker_with_consent_may_view_one_profile_once(worker, applicant, consent, profile, start):
    outcome = start(worker, applicant, profile)
    assert outcome.allowed
    check = outcome.social_check
    assert check.consent == consent
    assert check.worker == worker
    assert check.ripa_authorisation is None
    assert SocialCheck.objects.count() == 1
    assert Refusal.objects.count() == 0


def test_the_second_attempt_is_refused_recorded_and_reported_to_the_manager(
    worker, manager, applicant, consent, profile, start, django_capture_on_commit_callbacks
):
    start(worker, applicant, profile)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = start(worker, applicant, profile)
    assert codes(outcome) == ("APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED")
    refusal = Refusal.objects.get()
    assert refusal.code == "APPLICANT_ALREADY_CHECKED"
    assert refusal.codes == ["APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED"]
    assert refusal.user == worker and refusal.applicant == applicant and refusal.profile == profile
    assert SocialCheck.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    # Issue 22: the subject in words, not the code; the body links to that refusal.
    assert "Applicant already had their one-off check" in mail.outbox[0].subject
    assert "APPLICANT_ALREADY_CHECKED" not in mail.outbox[0].subject
    assert reverse("refusal-detail", args=[refusal.pk]) in mail.outbox[0].body
    assert Notification.objects.get().sent_at is not None


def test_a_check_started_but_never_completed_still_counts_as_the_one_view(
    worker, teammate, applicant, consent, profile, start, platforms
):
    first = start(worker, applicant, profile)
    assert first.social_check.completed_at is None
    other_profile = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="@alex")
    instagram_view = ViewingAccount.objects.get(platform=platforms["instagram"], kind=ViewingAccountKind.LOGGED_OUT)
    outcome = start(teammate, applicant, other_profile, viewing_account_id=instagram_view.pk)
    assert codes(outcome) == ("APPLICANT_ALREADY_CHECKED",)


def test_a_viewed_profile_cannot_be_viewed_again_for_anyone(worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    partner = ApplicantFactory(household=applicant.household)
    consent_record(user=worker, applicant=partner, given=True, signed_on=timezone.localdate(), form_reference="F2")
    # The partner has not been checked, but this profile has been viewed.
    outcome = start(worker, applicant, profile)
    assert "PROFILE_ALREADY_VIEWED" in codes(outcome)


def test_no_consent_recorded_is_refused(worker, applicant, profile, start):
    assert codes(start(worker, applicant, profile)) == ("NO_CONSENT",)


def test_consent_refused_on_the_roi_form_is_refused(worker, applicant, profile, start):
    consent_record(user=worker, applicant=applicant, given=False, signed_on=timezone.localdate(), form_reference="F")
    assert codes(start(worker, applicant, profile)) == ("NO_CONSENT",)


def test_withdrawn_consent_is_refused(worker, applicant, consent, profile, start):
    consent_withdraw(user=worker, applicant=applicant, reason="Changed their mind")
    assert codes(start(worker, applicant, profile)) == ("CONSENT_WITHDRAWN",)


def test_a_new_consent_after_withdrawal_does_not_reset_the_one_off_check(worker, applicant, consent, profile, start):
    start(worker, applicant, profile)
    consent_withdraw(user=worker, applicant=applicant, reason="Changed their mind")
    consent_record(user=worker, applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference="F9")
    assert "APPLICANT_ALREADY_CHECKED" in codes(start(worker, applicant, profile))


def test_policy_not_acknowledged_is_refused(applicant, consent, profile, start, team_a):
    newcomer = UserFactory(accept_policy=False)
    team_a.members.add(newcomer)
    assert codes(start(newcomer, applicant, profile)) == ("POLICY_NOT_ACKNOWLEDGED",)


def test_a_new_policy_version_needs_a_new_acceptance(worker, applicant, consent, profile, start):
    PolicyVersionFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert codes(start(worker, applicant, profile)) == ("POLICY_NOT_ACKNOWLEDGED",)


def test_a_closed_case_is_refused(worker, applicant, consent, profile, start):
    household = applicant.household
    household.outcome, household.closed_on = CaseOutcome.WITHDRAWN, timezone.localdate()
    household.save()
    assert codes(start(worker, applicant, profile)) == ("CASE_CLOSED",)


def test_a_platform_that_is_not_checkable_is_refused(worker, applicant, consent, platforms, start):
    linkedin = platforms["linkedin"]
    profile = profile_add(user=worker, applicant=applicant, platform=linkedin, handle="linkedin.com/in/alex")
    account = ViewingAccount.objects.get(platform=linkedin)
    assert codes(start(worker, applicant, profile, viewing_account_id=account.pk)) == ("PLATFORM_NOT_CHECKABLE",)


def test_a_retired_platform_is_refused(worker, applicant, consent, profile, start):
    platform = profile.platform
    platform.active = False
    platform.save()
    assert codes(start(worker, applicant, profile)) == ("PLATFORM_NOT_CHECKABLE",)


def test_an_account_for_another_platform_is_not_approved(worker, applicant, consent, profile, platforms, start):
    instagram_account = ViewingAccount.objects.filter(platform=platforms["instagram"]).first()
    outcome = start(worker, applicant, profile, viewing_account_id=instagram_account.pk)
    assert codes(outcome) == ("ACCOUNT_NOT_APPROVED",)


def test_an_inactive_account_is_not_approved(worker, applicant, consent, profile, logged_out_view, start):
    logged_out_view.active = False
    logged_out_view.save()
    assert codes(start(worker, applicant, profile)) == ("ACCOUNT_NOT_APPROVED",)


@pytest.mark.parametrize(
    "missing", ["no_personal_connection", "no_dummy_or_personal_account", "no_interaction", "this_profile_only"]
)
def test_each_declaration_is_required(worker, applicant, consent, profile, start, missing):
    declarations = {
        "no_personal_connection": True,
        "no_dummy_or_personal_account": True,
        "no_interaction": True,
        "this_profile_only": True,
    }
    declarations[missing] = False
    assert codes(start(worker, applicant, profile, declarations=declarations)) == ("DECLARATION_MISSING",)


def test_a_worker_of_another_team_records_no_refusal_only_an_access_denied_entry_by_ids(
    outsider, applicant, consent, profile, start, mailoutbox
):
    """Security review #14.1: a refusal names the applicant to the outsider's manager."""
    from audit.models import Action, AuditEvent

    outcome = start(outsider, applicant, profile)
    assert outcome.hidden and not outcome.allowed and outcome.refusal is None
    assert not Refusal.objects.exists()
    denied = AuditEvent.objects.get(action=Action.ACCESS_DENIED, actor=outsider)
    assert denied.summary == f"Access denied: applicant {applicant.pk}"
    assert denied.data == {"profile": profile.pk}
    assert applicant.last_name not in str(denied.data) + denied.summary
    assert applicant.household.reference not in str(denied.data) + denied.summary
    assert not [m for m in mailoutbox if applicant.last_name in m.body or applicant.household.reference in m.body]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR])
def test_admins_and_auditors_never_start_checks(role, applicant, consent, profile, start, team_a):
    user = UserFactory(role=role)
    team_a.members.add(user)
    assert codes(start(user, applicant, profile))[0] == "NOT_PERMITTED"


def test_every_failing_rule_is_recorded_in_order(auditor, applicant, profile, start):
    outcome = start(auditor, applicant, profile, declarations={})
    expected = ["NOT_PERMITTED", "POLICY_NOT_ACKNOWLEDGED", "NO_CONSENT", "DECLARATION_MISSING"]
    assert list(codes(outcome)) == expected
    assert Refusal.objects.get().codes == expected


def test_unknown_ids_are_not_found_and_nothing_is_recorded(worker, applicant, consent, profile, start):
    for overrides in (
        {"applicant_id": 999999},
        {"profile_id": 999999},
        {"viewing_account_id": 999999},
        {"applicant_id": "not-a-number"},
        {"ripa_authorisation_id": 999999},
    ):
        with pytest.raises(NotFound):
            start(worker, applicant, profile, **overrides)
    assert SocialCheck.objects.count() == 0


def test_a_profile_of_another_applicant_is_not_found(worker, applicant, consent, profile, start):
    partner = ApplicantFactory(household=applicant.household)
    with pytest.raises(NotFound):
        start(worker, partner, profile)


@pytest.mark.parametrize("purpose", ["", "   ", "x" * 501, None, 42])
def test_the_purpose_is_required_and_bounded(worker, applicant, consent, profile, start, purpose):
    with pytest.raises(Invalid):
        start(worker, applicant, profile, purpose=purpose)
    assert SocialCheck.objects.count() == 0


def test_completing_records_findings_once(worker, applicant, consent, profile, start):
    check = start(worker, applicant, profile).social_check
    completed = check_complete(
        user=worker,
        social_check_id=check.pk,
        findings_summary="Nothing of concern.",
        outcome="no_concerns",
        no_third_party_details=True,
    )
    assert completed.completed_at is not None and completed.completed_by == worker
    with pytest.raises(Conflict) as error:
        check_complete(
            user=worker,
            social_check_id=check.pk,
            findings_summary="Changed.",
            outcome="no_concerns",
            no_third_party_details=True,
        )
    assert error.value.code == "ALREADY_COMPLETED"
    check.refresh_from_db()
    assert check.findings_summary == "Nothing of concern."


@pytest.mark.parametrize(
    ("findings", "outcome", "no_third_party"),
    [
        ("", "no_concerns", True),
        ("x" * 2001, "no_concerns", True),
        ("Fine.", "great", True),
        ("Fine.", "no_concerns", False),
        ("Fine.", "no_concerns", "true"),
    ],
)
def test_completion_needs_findings_an_outcome_and_the_third_party_confirmation(
    worker, applicant, consent, profile, start, findings, outcome, no_third_party
):
    check = start(worker, applicant, profile).social_check
    with pytest.raises(Invalid):
        check_complete(
            user=worker,
            social_check_id=check.pk,
            findings_summary=findings,
            outcome=outcome,
            no_third_party_details=no_third_party,
        )
    check.refresh_from_db()
    assert check.completed_at is None


def test_only_the_checks_worker_or_a_manager_completes_it(
    worker, teammate, manager, applicant, consent, profile, start
):
    check = start(worker, applicant, profile).social_check
    with pytest.raises(NotPermitted):
        check_complete(
            user=teammate,
            social_check_id=check.pk,
            findings_summary="x",
            outcome="no_concerns",
            no_third_party_details=True,
        )
    check_complete(
        user=manager, social_check_id=check.pk, findings_summary="x", outcome="no_concerns", no_third_party_details=True
    )


# --- The database backs the rules ---------------------------------------------------


def insert_check_directly(**fields):
    """What a shell user bypassing the service would write."""
    return SocialCheck.objects.create(
        purpose="bypass",
        started_at=timezone.now(),
        no_personal_connection=True,
        no_dummy_or_personal_account=True,
        no_interaction=True,
        this_profile_only=True,
        **fields,
    )


def test_the_database_refuses_a_second_one_off_check_per_applicant(
    worker, applicant, consent, profile, start, platforms
):
    first = start(worker, applicant, profile).social_check
    other = profile_add(user=worker, applicant=applicant, platform=platforms["x"], handle="@alex")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_check_directly(
            applicant=applicant, profile=other, consent=consent, worker=worker, viewing_account=first.viewing_account
        )


def test_the_database_refuses_a_second_one_off_check_per_profile(worker, applicant, consent, profile, start):
    first = start(worker, applicant, profile).social_check
    partner = ApplicantFactory(household=applicant.household)
    partner_consent = consent_record(
        user=worker, applicant=partner, given=True, signed_on=timezone.localdate(), form_reference="F2"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_check_directly(
            applicant=partner,
            profile=profile,
            consent=partner_consent,
            worker=worker,
            viewing_account=first.viewing_account,
        )


def test_the_database_refuses_to_change_a_completed_check(worker, applicant, consent, profile, start):
    check = start(worker, applicant, profile).social_check
    check_complete(
        user=worker,
        social_check_id=check.pk,
        findings_summary="Fine.",
        outcome="no_concerns",
        no_third_party_details=True,
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        SocialCheck.objects.filter(pk=check.pk).update(findings_summary="rewritten")
    check.refresh_from_db()
    assert check.findings_summary == "Fine."


def test_the_database_refuses_to_move_a_started_check_to_another_profile(
    worker, applicant, consent, profile, start, platforms
):
    check = start(worker, applicant, profile).social_check
    other = profile_add(user=worker, applicant=applicant, platform=platforms["x"], handle="@alex")
    with pytest.raises(DatabaseError), transaction.atomic():
        SocialCheck.objects.filter(pk=check.pk).update(profile=other)


def test_the_database_refuses_a_check_without_every_declaration(worker, applicant, consent, profile, logged_out_view):
    with pytest.raises(IntegrityError), transaction.atomic():
        SocialCheck.objects.create(
            applicant=applicant,
            profile=profile,
            consent=consent,
            worker=worker,
            viewing_account=logged_out_view,
            purpose="bypass",
            started_at=timezone.now(),
            no_personal_connection=True,
            no_dummy_or_personal_account=False,
            no_interaction=True,
            this_profile_only=True,
        )


# --- RIPA ---------------------------------------------------------------------------


@pytest.fixture
def authorisation(manager, applicant, profile):
    return authorisation_in_force(manager, applicant, [profile])


def test_a_repeat_view_under_a_valid_authorisation_is_allowed_and_linked(
    worker, applicant, consent, profile, start, authorisation
):
    start(worker, applicant, profile)
    outcome = start(worker, applicant, profile, ripa_authorisation_id=authorisation.pk)
    assert outcome.allowed
    assert outcome.social_check.ripa_authorisation == authorisation


def test_a_repeat_view_under_a_cancelled_authorisation_is_refused(
    worker, applicant, consent, profile, start, authorisation
):
    start(worker, applicant, profile)
    RipaApplication.objects.filter(pk=authorisation.pk).update(status="cancelled")
    outcome = start(worker, applicant, profile, ripa_authorisation_id=authorisation.pk)
    assert codes(outcome) == ("RIPA_AUTHORISATION_REQUIRED",)


def test_a_repeat_view_outside_the_authorisations_dates_is_refused(
    worker, applicant, consent, profile, start, authorisation
):
    start(worker, applicant, profile)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    RipaApplication.objects.filter(pk=authorisation.pk).update(valid_from=yesterday, last_valid_day=yesterday)
    outcome = start(worker, applicant, profile, ripa_authorisation_id=authorisation.pk)
    assert codes(outcome) == ("RIPA_AUTHORISATION_REQUIRED",)


def test_an_authorisation_covers_only_its_profiles(
    worker, applicant, consent, profile, start, authorisation, platforms
):
    start(worker, applicant, profile)
    other = profile_add(user=worker, applicant=applicant, platform=platforms["x"], handle="@alex")
    account = ViewingAccount.objects.filter(platform=platforms["x"]).first()
    outcome = start(worker, applicant, other, viewing_account_id=account.pk, ripa_authorisation_id=authorisation.pk)
    assert codes(outcome) == ("RIPA_AUTHORISATION_REQUIRED",)


def test_closing_through_the_service_then_a_check_is_refused(worker, manager, applicant, consent, profile, start):
    from cases.services import household_close

    household_close(
        user=manager,
        household_id=applicant.household_id,
        outcome=CaseOutcome.NOT_APPROVED,
        on=timezone.localdate(),
        reason="Decision maker did not approve",
    )
    assert codes(start(worker, applicant, profile)) == ("CASE_CLOSED",)
