"""The one-off view in real households (issue 17): a couple's joint account,
views that found nothing of the applicant (voided by a second manager), and
returning applicants, through the services every entry point uses."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from cases.selectors import earlier_applicant_candidates
from cases.services import applicant_add, household_close
from checks.models import CheckOutcome, CheckSettings, CheckVoid, SocialCheck
from checks.selectors import check_status, earlier_checks_of, one_off_check_of
from checks.services import check_complete, check_start, check_void
from consent.services import consent_record, consent_withdraw
from incidents.models import Incident, IncidentKind
from notifications.models import Notification
from platforms.models import ViewingAccount
from platforms.selectors import profiles_of
from platforms.services import profile_add
from ripa.forms import ApplicationForm as RipaApplicationForm
from t4c_socialcheck.dates import add_calendar_months
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted
from tests.conftest import ALL_DECLARATIONS
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory
from tests.support.ripa import authorisation_in_force

pytestmark = pytest.mark.django_db


def consent_of(user, applicant):
    return consent_record(
        user=user,
        applicant=applicant,
        given=True,
        signed_on=timezone.localdate() - datetime.timedelta(days=1),
        form_reference=f"ROI-{applicant.pk}",
    )


def start(user, applicant, profile, account):
    return check_start(
        user=user,
        applicant_id=applicant.pk,
        profile_id=profile.pk,
        viewing_account_id=account.pk,
        declarations=dict(ALL_DECLARATIONS),
        purpose="Social media check for the assessment",
    )


def complete(user, social_check, outcome):
    return check_complete(
        user=user,
        social_check_id=social_check.pk,
        findings_summary="What was seen, briefly.",
        outcome=outcome,
        no_third_party_details=True,
    )


@pytest.fixture
def partner(household):
    return ApplicantFactory(household=household, first_name="Sam", last_name="Morgan")


@pytest.fixture
def joint(worker, applicant, partner, platforms):
    return profile_add(
        user=worker, applicant=applicant, platform=platforms["facebook"], handle="the.morgans", joint_with=partner
    )


@pytest.fixture
def other_manager(team_a):
    user = UserFactory(username="other-manager", role=Role.MANAGER)
    team_a.managers.add(user)
    return user


# --- 1. Joint profiles -----------------------------------------------------------------------------


def test_a_joint_profile_is_both_applicants_and_only_within_one_household(worker, applicant, partner, joint):
    assert joint.joint_with == partner
    assert list(profiles_of(applicant)) == [joint] and list(profiles_of(partner)) == [joint]
    stranger = ApplicantFactory(household=HouseholdFactory(team=applicant.household.team))
    with pytest.raises(Invalid) as refused:
        profile_add(user=worker, applicant=applicant, platform=joint.platform, handle="elsewhere", joint_with=stranger)
    assert "joint_with" in refused.value.fields
    with pytest.raises(Invalid):
        profile_add(user=worker, applicant=applicant, platform=joint.platform, handle="self", joint_with=applicant)
    # The same account again, from either applicant, is a duplicate.
    with pytest.raises(Conflict) as duplicate:
        profile_add(user=worker, applicant=partner, platform=joint.platform, handle="the.morgans")
    assert "already recorded for Sam Morgan" in duplicate.value.detail


@pytest.mark.parametrize(
    ("mine", "theirs", "code", "named"),
    [
        (True, True, None, None),
        (True, False, "NO_CONSENT", "Sam Morgan"),
        (False, True, "NO_CONSENT", "Alex Morgan"),
        (False, False, "NO_CONSENT", "Alex Morgan and Sam Morgan"),
        (True, "withdrawn", "CONSENT_WITHDRAWN", "Sam Morgan"),
    ],
)
def test_a_joint_profile_needs_both_applicants_live_consent(
    worker, applicant, partner, joint, logged_out_view, mine, theirs, code, named
):
    if mine:
        consent_of(worker, applicant)
    if theirs:
        consent_of(worker, partner)
    if theirs == "withdrawn":
        consent_withdraw(user=worker, applicant=partner, reason="Changed their mind")
    outcome = start(worker, applicant, joint, logged_out_view)
    if code is None:
        assert outcome.allowed
        return
    assert outcome.refusal.code == code
    assert f"{named} has not" in outcome.refusal.messages[0]
    assert SocialCheck.objects.count() == 0


def test_one_view_of_a_joint_profile_uses_both_applicants_one_off_checks(
    worker, applicant, partner, joint, logged_out_view, platforms
):
    consent_of(worker, applicant)
    consent_of(worker, partner)
    started = start(worker, partner, joint, logged_out_view)
    assert started.allowed
    social_check = started.social_check
    assert (social_check.applicant, social_check.joint_applicant) == (partner, applicant)
    assert social_check.consent.applicant == partner and social_check.joint_consent.applicant == applicant
    for person in (applicant, partner):
        assert check_status(person) == "in_progress"
        assert one_off_check_of(person).state == "in_progress"
    complete(worker, social_check, CheckOutcome.NO_CONCERNS)
    for person in (applicant, partner):
        assert check_status(person) == "completed"
        assert one_off_check_of(person).text.startswith("Used on ")
    # Neither applicant can have another view, of the joint profile or their own.
    again = start(worker, applicant, joint, logged_out_view)
    assert again.decision.codes == ("APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED")
    own = profile_add(user=worker, applicant=partner, platform=platforms["instagram"], handle="@sam")
    instagram = ViewingAccount.objects.get(platform=platforms["instagram"], kind="logged_out")
    assert start(worker, partner, own, instagram).decision.codes == ("APPLICANT_ALREADY_CHECKED",)


def test_an_applicant_who_had_their_own_check_blocks_the_joint_profile(
    worker, applicant, partner, joint, logged_out_view, platforms
):
    consent_of(worker, applicant)
    consent_of(worker, partner)
    own = profile_add(user=worker, applicant=partner, platform=platforms["instagram"], handle="@sam")
    instagram = ViewingAccount.objects.get(platform=platforms["instagram"], kind="logged_out")
    assert start(worker, partner, own, instagram).allowed
    assert start(worker, applicant, joint, logged_out_view).decision.codes == ("APPLICANT_ALREADY_CHECKED",)


def test_a_repeat_view_of_a_joint_profile_may_cite_an_authorisation_about_the_partner(
    worker, manager, applicant, partner, joint, logged_out_view
):
    """The shared account is recorded under one applicant; an authorisation about the other may name it."""
    consent_of(worker, applicant)
    consent_of(worker, partner)
    complete(worker, start(worker, applicant, joint, logged_out_view).social_check, CheckOutcome.NO_CONCERNS)
    form = RipaApplicationForm(applicant=partner)
    assert list(form.fields["profiles"].queryset) == [joint]
    ripa = authorisation_in_force(manager, partner, [joint])
    assert list(ripa.profiles.all()) == [joint]
    again = check_start(
        user=worker,
        applicant_id=partner.pk,
        profile_id=joint.pk,
        viewing_account_id=logged_out_view.pk,
        declarations=dict(ALL_DECLARATIONS),
        purpose="Repeat view under the authorisation",
        ripa_authorisation_id=ripa.pk,
    )
    assert again.allowed, again.decision.codes
    assert again.social_check.ripa_authorisation == ripa


# --- 2. Outcomes, and the wrong person ----------------------------------------------------------------


def test_wrong_person_opens_a_data_protection_incident_for_the_council_and_tells_its_dpo(
    worker, manager, applicant, consent, profile, logged_out_view
):
    social_check = start(worker, applicant, profile, logged_out_view).social_check
    complete(worker, social_check, CheckOutcome.WRONG_PERSON)
    incident = Incident.objects.get()
    council = applicant.household.local_authority
    assert incident.kind == IncidentKind.DATA_BREACH
    assert (incident.local_authority, incident.household, incident.applicant) == (
        council,
        applicant.household,
        applicant,
    )
    assert f"check {social_check.pk}" in incident.description and incident.ico_deadline is not None
    told = Notification.objects.get(about=f"incident:{incident.pk}")
    assert council.dpo_email in told.recipients and manager.email in told.recipients


@pytest.mark.parametrize(
    "outcome", [CheckOutcome.NO_CONCERNS, CheckOutcome.PROFILE_PRIVATE, CheckOutcome.PROFILE_NOT_FOUND]
)
def test_other_outcomes_open_no_incident(worker, applicant, consent, profile, logged_out_view, outcome):
    complete(worker, start(worker, applicant, profile, logged_out_view).social_check, outcome)
    assert not Incident.objects.exists()


def test_every_outcome_has_help_text_saying_when_to_choose_it():
    from checks.models import OUTCOME_HELP

    assert set(OUTCOME_HELP) == set(CheckOutcome)
    assert CheckOutcome.values == [
        "no_concerns",
        "concerns_to_discuss",
        "profile_private",
        "profile_not_found",
        "wrong_person",
    ]
    assert "cannot be voided" in OUTCOME_HELP[CheckOutcome.PROFILE_PRIVATE]


# --- 3. Void, countersigned ------------------------------------------------------------------------------


@pytest.fixture
def not_found_check(worker, applicant, consent, profile, logged_out_view):
    social_check = start(worker, applicant, profile, logged_out_view).social_check
    return complete(worker, social_check, CheckOutcome.PROFILE_NOT_FOUND)


def test_a_second_manager_voids_a_not_found_check_and_another_profile_may_be_checked(
    worker, manager, other_manager, applicant, not_found_check, profile, logged_out_view, platforms
):
    void = check_void(user=manager, social_check_id=not_found_check.pk, reason="The link was an old address")
    assert (void.social_check, void.voided_by, void.reason) == (not_found_check, manager, "The link was an old address")
    assert AuditEvent.objects.filter(record_type="checkvoid", record_id=str(void.pk)).exists()
    # Told: the team's other managers (the voiding manager is not told of their own void).
    told = Notification.objects.get(about=f"checkvoid:{void.pk}")
    assert told.recipients == [other_manager.email]
    assert check_status(applicant) == "not_checked"
    assert one_off_check_of(applicant).state == "voided"
    # The voided profile stays viewed ...
    assert start(worker, applicant, profile, logged_out_view).decision.codes == ("PROFILE_ALREADY_VIEWED",)
    # ... another profile may be checked once ...
    other = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="@alex.m")
    instagram = ViewingAccount.objects.get(platform=platforms["instagram"], kind="logged_out")
    second = start(worker, applicant, other, instagram)
    assert second.allowed and second.social_check.one_off_number == 2
    # ... and only once.
    third = profile_add(user=worker, applicant=applicant, platform=platforms["x"], handle="@alexm")
    x_view = ViewingAccount.objects.get(platform=platforms["x"], kind="logged_out")
    assert start(worker, applicant, third, x_view).decision.codes == ("APPLICANT_ALREADY_CHECKED",)
    # The replacement cannot be voided in turn: once per applicant per application.
    complete(worker, second.social_check, CheckOutcome.WRONG_PERSON)
    with pytest.raises(Conflict) as twice:
        check_void(user=manager, social_check_id=second.social_check.pk, reason="Again")
    assert twice.value.code == "NOT_VOIDABLE"


def test_a_voided_joint_check_frees_both_applicants(
    worker, manager, applicant, partner, joint, logged_out_view, platforms
):
    consent_of(worker, applicant)
    consent_of(worker, partner)
    social_check = start(worker, applicant, joint, logged_out_view).social_check
    complete(worker, social_check, CheckOutcome.WRONG_PERSON)
    check_void(user=manager, social_check_id=social_check.pk, reason="Another couple's page")
    instagram = ViewingAccount.objects.get(platform=platforms["instagram"], kind="logged_out")
    for person, handle in ((applicant, "@alex"), (partner, "@sam")):
        assert one_off_check_of(person).state == "voided"
        own = profile_add(user=worker, applicant=person, platform=platforms["instagram"], handle=handle)
        assert start(worker, person, own, instagram).allowed


def test_only_a_manager_other_than_the_checks_worker_may_void(
    worker, teammate, manager, applicant, consent, profile, logged_out_view
):
    social_check = start(manager, applicant, profile, logged_out_view).social_check
    complete(manager, social_check, CheckOutcome.PROFILE_NOT_FOUND)
    with pytest.raises(NotPermitted):
        check_void(user=manager, social_check_id=social_check.pk, reason="My own check")
    with pytest.raises(NotPermitted):
        check_void(user=worker, social_check_id=social_check.pk, reason="A worker")
    assert not CheckVoid.objects.exists()


def test_a_manager_outside_the_team_cannot_find_the_check(not_found_check, team_b):
    elsewhere = UserFactory(role=Role.MANAGER)
    team_b.managers.add(elsewhere)
    with pytest.raises(NotFound):
        check_void(user=elsewhere, social_check_id=not_found_check.pk, reason="Not mine")


@pytest.mark.parametrize("outcome", [CheckOutcome.PROFILE_PRIVATE, CheckOutcome.NO_CONCERNS, None])
def test_private_other_outcomes_and_unfinished_checks_are_not_voidable(
    worker, manager, applicant, consent, profile, logged_out_view, outcome
):
    social_check = start(worker, applicant, profile, logged_out_view).social_check
    if outcome:
        complete(worker, social_check, outcome)
    with pytest.raises(Conflict) as refused:
        check_void(user=manager, social_check_id=social_check.pk, reason="Try")
    assert refused.value.code == "NOT_VOIDABLE"
    if outcome == CheckOutcome.PROFILE_PRIVATE:
        assert "public part" in refused.value.detail
    assert not CheckVoid.objects.exists()


def test_a_check_is_voided_once_and_a_void_needs_a_reason(manager, not_found_check):
    with pytest.raises(Invalid):
        check_void(user=manager, social_check_id=not_found_check.pk, reason="   ")
    check_void(user=manager, social_check_id=not_found_check.pk, reason="Deleted account")
    with pytest.raises(Conflict) as again:
        check_void(user=manager, social_check_id=not_found_check.pk, reason="Again")
    assert again.value.code == "NOT_VOIDABLE"
    assert CheckVoid.objects.count() == 1


# --- 4. Returning applicants ----------------------------------------------------------------------------


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def earlier(worker, manager, team_a, platforms, logged_out_view):
    """Alex Morgan applied before and was viewed; that application is closed."""

    def make(months_ago: int, *, viewed=True):
        then = add_calendar_months(timezone.localdate(), -months_ago)
        moment = timezone.make_aware(datetime.datetime.combine(then, datetime.time(12)))
        with _at(moment):
            household = HouseholdFactory(team=team_a, allocated_worker=worker)
            person = ApplicantFactory(
                household=household, first_name="Alex", last_name="Morgan", date_of_birth=datetime.date(1985, 3, 31)
            )
            consent_of(worker, person)
            if viewed:
                old = profile_add(
                    user=worker, applicant=person, platform=platforms["facebook"], handle=f"old.alex.{months_ago}"
                )
                complete(worker, start(worker, person, old, logged_out_view).social_check, CheckOutcome.NO_CONCERNS)
            household_close(user=manager, household_id=household.pk, outcome="withdrawn", on=then, reason="Withdrew")
        return person, then

    return make


def _returning(worker, household, earlier_person):
    person = applicant_add(
        user=worker,
        household=household,
        first_name="alex",
        last_name="MORGAN",
        date_of_birth=datetime.date(1985, 3, 31),
        earlier_applicant=earlier_person,
    )
    consent_of(worker, person)
    return person


def test_the_app_suggests_earlier_applicants_in_closed_applications_the_user_may_see(
    worker, outsider, household, earlier
):
    person, _ = earlier(20)
    open_one = ApplicantFactory(
        household=HouseholdFactory(team=household.team),
        first_name="Alex",
        last_name="Morgan",
        date_of_birth=datetime.date(1985, 3, 31),
    )
    found = earlier_applicant_candidates(
        worker, first_name=" alex ", last_name="morgan", date_of_birth=datetime.date(1985, 3, 31)
    )
    assert list(found) == [person]  # not the open application
    assert not earlier_applicant_candidates(
        worker, first_name="Alex", last_name="Morgan", date_of_birth=datetime.date(1985, 4, 1)
    ).exists()
    assert not earlier_applicant_candidates(
        outsider, first_name="Alex", last_name="Morgan", date_of_birth=datetime.date(1985, 3, 31)
    ).exists()
    # Linking is the worker's choice, and never to an open application.
    with pytest.raises(Invalid):
        applicant_add(user=worker, household=household, first_name="A", last_name="M", earlier_applicant=open_one)
    with pytest.raises(NotFound):
        applicant_add(user=outsider, household=HouseholdFactory(team=outsider.teams.first()), first_name="A",
                      last_name="M", earlier_applicant=person)  # fmt: skip
    assert not household.applicants.exists()


def test_a_returning_applicant_viewed_within_the_interval_is_refused_with_the_date(
    worker, household, earlier, platforms
):
    person, then = earlier(5)
    returning = _returning(worker, household, person)
    assert (returning.earlier_applicant, returning.first_application) == (person, person)
    new = profile_add(user=worker, applicant=returning, platform=platforms["facebook"], handle="alex.now")
    account = ViewingAccount.objects.get(platform=platforms["facebook"], kind="logged_out")
    refused = start(worker, returning, new, account)
    possible_from = add_calendar_months(then, 12)
    assert refused.decision.codes == ("RECENTLY_CHECKED",)
    assert refused.decision.possible_from == possible_from
    assert f"{possible_from.day} {possible_from:%B %Y}" in refused.refusal.messages[0]
    statement = one_off_check_of(returning)
    assert statement.state == "possible_from" and statement.possible_from == possible_from
    # The earlier checks are shown on the new applicant's page.
    assert [c.applicant for c in earlier_checks_of(worker, returning)] == [person]


def test_a_returning_applicant_may_be_checked_once_the_interval_has_passed(worker, household, earlier, platforms):
    person, _ = earlier(13)
    returning = _returning(worker, household, person)
    new = profile_add(user=worker, applicant=returning, platform=platforms["facebook"], handle="alex.now")
    account = ViewingAccount.objects.get(platform=platforms["facebook"], kind="logged_out")
    assert one_off_check_of(returning).state == "available"
    assert start(worker, returning, new, account).allowed


def test_the_interval_is_an_admins_setting_and_never_is_allowed(worker, household, earlier, platforms):
    person, _ = earlier(13)
    returning = _returning(worker, household, person)
    new = profile_add(user=worker, applicant=returning, platform=platforms["facebook"], handle="alex.now")
    account = ViewingAccount.objects.get(platform=platforms["facebook"], kind="logged_out")
    CheckSettings(returning_interval_months=24).save()
    assert start(worker, returning, new, account).decision.codes == ("RECENTLY_CHECKED",)
    CheckSettings(returning_interval_months=None).save()
    never = start(worker, returning, new, account)
    assert never.decision.codes == ("RECENTLY_CHECKED",) and never.decision.possible_from is None
    assert one_off_check_of(returning).state == "not_possible"


def test_the_last_view_counts_across_every_earlier_application(worker, manager, household, earlier, platforms):
    """Viewed 8 months ago; applied again (no view) and closed; now a third time: still refused."""
    first, then = earlier(8)
    second_household = HouseholdFactory(team=household.team)
    second = applicant_add(user=worker, household=second_household, first_name="Alex", last_name="Morgan",
                           earlier_applicant=first)  # fmt: skip
    household_close(user=manager, household_id=second_household.pk, outcome="withdrawn", on=timezone.localdate(),
                    reason="Withdrew again")  # fmt: skip
    third = _returning(worker, household, second)
    assert third.first_application == first
    new = profile_add(user=worker, applicant=third, platform=platforms["facebook"], handle="alex.third")
    account = ViewingAccount.objects.get(platform=platforms["facebook"], kind="logged_out")
    refused = start(worker, third, new, account)
    assert refused.decision.codes == ("RECENTLY_CHECKED",)
    assert refused.decision.possible_from == add_calendar_months(then, 12)


def test_a_returning_applicant_never_viewed_before_is_available(worker, household, earlier):
    person, _ = earlier(2, viewed=False)
    assert one_off_check_of(_returning(worker, household, person)).state == "available"


def test_a_void_is_told_to_the_voiding_managers_own_manager(worker, manager, applicant, not_found_check, team_b):
    """The manager is a member of a senior team: its manager (the manager's manager) is told."""
    from tests.factories import TeamFactory

    seniors = TeamFactory(name="Senior managers")
    head = UserFactory(username="head-of-service", role=Role.MANAGER)
    seniors.members.add(manager)
    seniors.managers.add(head)
    void = check_void(user=manager, social_check_id=not_found_check.pk, reason="Deleted account")
    assert head.email in Notification.objects.get(about=f"checkvoid:{void.pk}").recipients


def test_an_admin_keeps_the_interval_in_the_admin_site(client, admin_user):
    from django.urls import reverse

    assert CheckSettings.current().returning_interval_months == 12
    client.force_login(admin_user)
    assert client.get(reverse("admin:checks_checksettings_add")).status_code == 200
    response = client.post(reverse("admin:checks_checksettings_add"), {"returning_interval_months": "18"})
    assert response.status_code == 302
    assert CheckSettings.current().returning_interval_months == 18
    # One row only: no second one can be added, and it cannot be deleted.
    assert client.get(reverse("admin:checks_checksettings_add")).status_code == 403
    assert AuditEvent.objects.filter(record_type="checksettings").exists()
