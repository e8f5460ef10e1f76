"""The one query behind starting a check: it locks the applicant, answers every
question as the rest of the app does (scope, consent, policy, earlier checks),
and bad ids are "not found"."""

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
from checks.facts import lock_and_read
from checks.models import Refusal, SocialCheck
from checks.services import NOT_FOUND, check_start
from consent.selectors import consent_state
from consent.services import consent_record, consent_withdraw
from policy.services import has_accepted_current_policy
from t4c_socialcheck.errors import NotFound
from tests.conftest import ALL_DECLARATIONS, postgres_only
from tests.factories import ApplicantFactory, HouseholdFactory, PolicyVersionFactory, UserFactory

pytestmark = pytest.mark.django_db


def read(user, applicant, profile, account, declarations=ALL_DECLARATIONS):
    with transaction.atomic():
        return lock_and_read(
            user=user,
            applicant_id=applicant.pk,
            profile_id=profile.pk,
            viewing_account_id=account.pk,
            declarations=declarations,
        )


def test_the_lock_then_every_fact_in_one_query(worker, applicant, consent, profile, logged_out_view):
    with CaptureQueriesContext(connection) as queries:
        attempt = read(worker, applicant, profile, logged_out_view)
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 2, statements
    assert statements[0].startswith('SELECT "cases_applicant"."id" AS "pk"'), "the lock first"
    assert attempt.facts.permitted and attempt.facts.account_approved and attempt.facts.platform_checkable
    assert attempt.live_consent_id == consent.pk
    assert attempt.profile.platform.slug == "facebook" and attempt.applicant.household.reference


@postgres_only
def test_the_first_query_locks_the_applicants_row_and_the_facts_read_after_it(
    worker, applicant, profile, logged_out_view
):
    with CaptureQueriesContext(connection) as queries:
        read(worker, applicant, profile, logged_out_view)
    lock, facts = (q["sql"] for q in queries.captured_queries if "cases_applicant" in q["sql"])
    assert lock.endswith("FOR UPDATE")
    assert "FOR UPDATE" not in facts, "the facts read takes its snapshot after the lock is held"


def test_scope_matches_cases_scope_for_every_kind_of_user(
    worker, teammate, outsider, manager, auditor, admin_user, team_b, applicant, profile, logged_out_view
):
    other_manager = UserFactory(username="other-manager", role=Role.MANAGER)
    team_b.managers.add(other_manager)
    for user in (worker, teammate, outsider, manager, auditor, admin_user, other_manager):
        attempt = read(user, applicant, profile, logged_out_view)
        assert attempt.facts.permitted == can_act_on_household(user, applicant.household), user.username


def test_an_allocated_worker_outside_the_team_is_in_scope(outsider, team_a, worker, platforms, logged_out_view):
    from platforms.services import profile_add

    household = HouseholdFactory(team=team_a, allocated_worker=outsider)
    applicant = ApplicantFactory(household=household)
    profile = profile_add(user=worker, applicant=applicant, platform=platforms["facebook"], handle="allocated.one")
    assert read(outsider, applicant, profile, logged_out_view).facts.permitted
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
        assert attempt.facts.consent == state
        assert attempt.live_consent_id == (consent.pk if state.value == "given" else None)
        seen.append(state.value)
    assert seen == ["none", "refused", "given", "withdrawn", "given"]


def test_policy_acceptance_matches_when_a_new_version_is_published(worker, applicant, profile, logged_out_view):
    assert read(worker, applicant, profile, logged_out_view).facts.policy_acknowledged is True
    assert has_accepted_current_policy(worker)
    PolicyVersionFactory(version="v-next")
    assert read(worker, applicant, profile, logged_out_view).facts.policy_acknowledged is False
    assert not has_accepted_current_policy(worker)


def test_earlier_checks_are_seen_for_the_applicant_and_the_profile(
    worker, applicant, consent, profile, logged_out_view, start
):
    before = read(worker, applicant, profile, logged_out_view).facts
    assert (before.applicant_already_checked, before.profile_already_viewed) == (False, False)
    start(worker, applicant, profile)
    after = read(worker, applicant, profile, logged_out_view).facts
    assert (after.applicant_already_checked, after.profile_already_viewed) == (True, True)


@pytest.mark.parametrize("bad", [0, -1, 2**63, 10**30, "1; DROP TABLE x", None, "abc", 1.5e300])
def test_an_impossible_applicant_id_is_not_found(worker, profile, logged_out_view, bad):
    with pytest.raises(NotFound):
        check_start(
            user=worker,
            applicant_id=bad,
            profile_id=profile.pk,
            viewing_account_id=logged_out_view.pk,
            declarations={},
            purpose="A purpose",
        )


@pytest.fixture
def base(worker, applicant, consent, profile, logged_out_view):
    """A valid attempt's arguments, for tests that change one of them."""
    return {
        "user": worker,
        "applicant_id": applicant.pk,
        "profile_id": profile.pk,
        "viewing_account_id": logged_out_view.pk,
        "declarations": {},
        "purpose": "A purpose",
    }


@pytest.mark.parametrize("bad", [0, 2**63, "x", None])
def test_an_impossible_profile_or_account_id_is_not_found(base, bad):
    for field in ("profile_id", "viewing_account_id"):
        with pytest.raises(NotFound):
            check_start(**{**base, field: bad})
    assert not SocialCheck.objects.exists()
    assert not Refusal.objects.exists()


def test_every_not_found_case_gives_the_same_message(base, worker, applicant, platforms):
    from platforms.services import profile_add

    other = ApplicantFactory(household=applicant.household, position=2)
    others_profile = profile_add(user=worker, applicant=other, platform=platforms["instagram"], handle="someone.else")
    messages = set()
    for change in ({"applicant_id": 10**9}, {"profile_id": others_profile.pk}, {"viewing_account_id": 10**9}):
        with pytest.raises(NotFound) as raised:
            check_start(**{**base, **change})
        messages.add(raised.value.detail)
    assert messages == {NOT_FOUND}


def test_a_check_written_behind_the_lock_is_refused_not_an_error(worker, applicant, consent, profile, start):
    """If a check reaches the table without the service's lock, the one-off
    constraint fires; the service asks again and records the refusal."""
    start(worker, applicant, profile)
    real_read = facts_module.lock_and_read
    calls = []

    def stale_read(**kwargs):
        attempt = real_read(**kwargs)
        calls.append(attempt)
        if len(calls) == 1:  # as if the other check had not yet been committed
            unseen = {"applicant_already_checked": False, "profile_already_viewed": False}
            return facts_module.Attempt(
                **{**attempt.__dict__, "facts": type(attempt.facts)(**{**attempt.facts.__dict__, **unseen})}
            )
        return attempt

    with mock.patch("checks.services.lock_and_read", side_effect=stale_read):
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
    assert "log_entry" not in entry.data, "a started check writes no django-auditlog LogEntry"
    assert profile.normalised in entry.summary
