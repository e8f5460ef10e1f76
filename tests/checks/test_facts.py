"""The one-statement read behind starting a check answers every question as the
rest of the app does (scope, consent state, policy), and bad ids are "not found"."""

import datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from audit.models import Action, AuditEvent
from audit.record_digest import record_digest
from cases.scope import can_act_on_household
from checks import facts as facts_module
from checks.facts import read_attempt
from checks.models import Refusal, SocialCheck
from consent.services import consent_record, consent_state, consent_withdraw
from policy.services import has_accepted_current_policy
from t4c_socialcheck.errors import NotFound
from tests.conftest import postgres_only
from tests.factories import HouseholdFactory, PolicyVersionFactory, UserFactory

pytestmark = pytest.mark.django_db


def read(user, applicant, profile, account):
    with transaction.atomic():
        return read_attempt(user=user, applicant_id=applicant.pk, profile_id=profile.pk, viewing_account_id=account.pk)


def consent_as_read(attempt) -> str:
    if attempt.live_consent_id is not None:
        return "given"
    if attempt.latest_consent_given is None:
        return "none"
    return "withdrawn" if attempt.latest_consent_given else "refused"


def test_scope_matches_cases_scope_for_every_kind_of_user(
    worker, teammate, outsider, manager, auditor, admin_user, team_b, applicant, profile, logged_out_view
):
    other_manager = UserFactory(username="other-manager", role=Role.MANAGER)
    team_b.managers.add(other_manager)
    for user in (worker, teammate, outsider, manager, auditor, admin_user, other_manager):
        attempt = read(user, applicant, profile, logged_out_view)
        permitted = user.is_active and user.is_case_worker and attempt.in_scope
        assert permitted == can_act_on_household(user, applicant.household), user.username


def test_the_records_read_hold_the_values_and_types_the_orm_loads(worker, applicant, profile, logged_out_view):
    from cases.models import Applicant
    from platforms.models import SocialProfile, ViewingAccount

    attempt = read(worker, applicant, profile, logged_out_view)
    household = attempt.applicant.household
    pairs = [
        (attempt.applicant, Applicant.objects.get(pk=applicant.pk), facts_module.APPLICANT_FIELDS),
        (household, type(household).objects.get(pk=household.pk), facts_module.HOUSEHOLD_FIELDS),
        (attempt.profile, SocialProfile.objects.get(pk=profile.pk), facts_module.PROFILE_FIELDS),
        (attempt.profile.platform, profile.platform, facts_module.PLATFORM_FIELDS),
        (attempt.account, ViewingAccount.objects.get(pk=logged_out_view.pk), facts_module.ACCOUNT_FIELDS),
    ]
    for read_here, loaded, fields in pairs:
        for name in fields:
            ours, orms = getattr(read_here, name), getattr(loaded, name)
            assert (ours, type(ours)) == (orms, type(orms)), f"{type(loaded).__name__}.{name}"


def test_an_allocated_worker_outside_the_team_is_in_scope(outsider, team_a, worker, platforms, logged_out_view):
    from platforms.services import profile_add
    from tests.factories import ApplicantFactory

    household = HouseholdFactory(team=team_a, allocated_worker=outsider)
    applicant = ApplicantFactory(household=household)
    profile = profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle="allocated.one")
    assert read(outsider, applicant, profile, logged_out_view).in_scope
    assert can_act_on_household(outsider, household)


def test_consent_matches_consent_state_through_its_whole_life(worker, applicant, profile, logged_out_view):
    signed = timezone.localdate() - datetime.timedelta(days=3)
    steps = [
        lambda: None,
        lambda: consent_record(user=worker, applicant=applicant, given=False, signed_on=signed, form_reference="A"),
        lambda: consent_record(user=worker, applicant=applicant, given=True, signed_on=signed, form_reference="B"),
        lambda: consent_withdraw(user=worker, applicant=applicant, reason="Changed their mind"),
        lambda: consent_record(user=worker, applicant=applicant, given=True, signed_on=signed, form_reference="C"),
    ]
    seen = []
    for step in steps:
        step()
        applicant.refresh_from_db()
        state, consent = consent_state(applicant)
        attempt = read(worker, applicant, profile, logged_out_view)
        assert consent_as_read(attempt) == state.value
        assert attempt.live_consent_id == (consent.pk if state.value == "given" else None)
        seen.append(state.value)
    assert seen == ["none", "refused", "given", "withdrawn", "given"]


def test_policy_acceptance_matches_when_a_new_version_is_published(worker, applicant, profile, logged_out_view):
    assert read(worker, applicant, profile, logged_out_view).policy_acknowledged is True
    assert has_accepted_current_policy(worker)
    PolicyVersionFactory(version="v-next")
    assert read(worker, applicant, profile, logged_out_view).policy_acknowledged is False
    assert not has_accepted_current_policy(worker)


def test_earlier_checks_are_seen_for_the_applicant_and_the_profile(
    worker, applicant, consent, profile, logged_out_view, start
):
    before = read(worker, applicant, profile, logged_out_view)
    assert (before.applicant_checked, before.profile_viewed) == (False, False)
    start(worker, applicant, profile)
    after = read(worker, applicant, profile, logged_out_view)
    assert (after.applicant_checked, after.profile_viewed) == (True, True)


def test_the_instances_read_carry_the_columns_the_rules_and_messages_use(worker, applicant, profile, logged_out_view):
    attempt = read(worker, applicant, profile, logged_out_view)
    assert attempt.applicant.full_name == "Alex Morgan"
    assert attempt.applicant.household.reference == applicant.household.reference
    assert attempt.profile.profile_url == "https://www.facebook.com/alex.morgan"
    assert attempt.profile.normalised == profile.normalised
    assert attempt.profile.platform.is_checkable is True
    assert attempt.account.kind == logged_out_view.kind and attempt.account.active is True


@pytest.mark.parametrize("bad", [0, -1, 2**63, 10**30, "1; DROP TABLE x", None, "abc", 1.5e300])
def test_an_impossible_applicant_id_is_not_found(worker, profile, logged_out_view, bad):
    from checks.services import check_start

    with pytest.raises(NotFound):
        check_start(
            user=worker,
            applicant_id=bad,
            profile_id=profile.pk,
            viewing_account_id=logged_out_view.pk,
            declarations={},
            purpose="A purpose",
        )


@pytest.mark.parametrize("bad", [0, 2**63, "x", None])
def test_an_impossible_profile_or_account_id_is_not_found(worker, applicant, consent, profile, logged_out_view, bad):
    from checks.services import check_start

    base = {
        "user": worker,
        "applicant_id": applicant.pk,
        "profile_id": profile.pk,
        "viewing_account_id": logged_out_view.pk,
        "declarations": {},
        "purpose": "A purpose",
    }
    for field in ("profile_id", "viewing_account_id"):
        with pytest.raises(NotFound):
            check_start(**{**base, field: bad})
    assert not SocialCheck.objects.exists()


def test_a_check_written_behind_the_lock_is_refused_not_an_error(worker, applicant, consent, profile, start):
    """If a check reaches the table without the service's lock, the one-off
    constraint fires; the service asks again and records the refusal."""
    start(worker, applicant, profile)
    real_read = facts_module.read_attempt
    calls = []

    def stale_read(**kwargs):
        attempt = real_read(**kwargs)
        calls.append(attempt)
        if len(calls) == 1:  # as if the other check had not yet been committed
            return facts_module.AttemptFacts(
                **{**attempt.__dict__, "applicant_checked": False, "profile_viewed": False}
            )
        return attempt

    with mock.patch("checks.services.read_attempt", side_effect=stale_read):
        outcome = start(worker, applicant, profile)
    assert len(calls) == 2
    assert not outcome.allowed
    assert outcome.decision.first.code == "APPLICANT_ALREADY_CHECKED"
    assert SocialCheck.objects.count() == 1
    assert Refusal.objects.get().code == "APPLICANT_ALREADY_CHECKED"


def test_starting_a_check_chains_its_entry_with_the_record_digest(worker, applicant, consent, profile, start):
    check = start(worker, applicant, profile).social_check
    entry = AuditEvent.objects.get(action=Action.CHECK_STARTED)
    check.refresh_from_db()
    assert entry.record_type == "socialcheck" and entry.record_id == str(check.pk)
    assert entry.actor == worker
    assert entry.applicant_id == applicant.pk and entry.household_id == applicant.household_id
    assert entry.team_id == applicant.household.team_id
    assert entry.data["record_sha256"] == record_digest(check)
    assert entry.data["changes"]["purpose"][1] == check.purpose
    assert profile.normalised in entry.summary


@postgres_only
def test_with_lasting_connections_the_read_is_prepared_once_and_reused(
    worker, teammate, applicant, consent, profile, logged_out_view, monkeypatch, start
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setattr(connection, "_check_facts_prepared_on", None, raising=False)
    with CaptureQueriesContext(connection) as queries:
        first = start(worker, applicant, profile)
        second = start(teammate, applicant, profile)
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum(s.startswith("PREPARE check_attempt_facts") for s in sql) == 1
    assert sum("EXECUTE check_attempt_facts" in s for s in sql) == 2
    assert first.allowed
    assert second.decision.first.code == "APPLICANT_ALREADY_CHECKED"


@postgres_only
def test_the_check_and_its_entry_go_to_the_database_in_one_statement(
    worker, applicant, consent, profile, logged_out_view, start
):
    with CaptureQueriesContext(connection) as queries:
        check = start(worker, applicant, profile).social_check
    writes = [q["sql"] for q in queries.captured_queries if "checks_socialcheck" in q["sql"] and "INSERT" in q["sql"]]
    assert len(writes) == 1
    assert "audit_append(" in writes[0]
    entry = AuditEvent.objects.get(action=Action.CHECK_STARTED)
    assert entry.record_id == str(check.pk)
    assert SocialCheck.objects.get(pk=check.pk).started_at == check.started_at
    assert entry.data["record_sha256"] == record_digest(SocialCheck.objects.get(pk=check.pk))
