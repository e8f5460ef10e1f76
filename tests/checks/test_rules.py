"""The rules as a table: no database. A new rule adds a row here."""

import dataclasses
import datetime

import pytest

from checks.rules import RULES, Facts, RefusalCode, decide, declarations_made
from consent.models import ConsentState

ALLOWED = Facts(
    permitted=True,
    policy_acknowledged=True,
    case_open=True,
    consent=ConsentState.GIVEN,
    platform_checkable=True,
    account_approved=True,
    declarations_made=True,
    applicant_already_checked=False,
    profile_already_viewed=False,
)


def facts(**changes):
    return dataclasses.replace(ALLOWED, **changes)


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        (facts(), ()),
        (facts(permitted=False), ("NOT_PERMITTED",)),
        (facts(policy_acknowledged=False), ("POLICY_NOT_ACKNOWLEDGED",)),
        (facts(missing_course="Social media checks and RIPA"), ("TRAINING_REQUIRED",)),
        (facts(conflict_declared=True), ("CONFLICT_DECLARED",)),
        # A declared conflict is not lifted by a RIPA authorisation.
        (facts(conflict_declared=True, ripa_cited=True, ripa_valid=True), ("CONFLICT_DECLARED",)),
        (facts(case_open=False), ("CASE_CLOSED",)),
        (facts(consent=ConsentState.NONE), ("NO_CONSENT",)),
        (facts(consent=ConsentState.REFUSED), ("NO_CONSENT",)),
        (facts(consent=ConsentState.WITHDRAWN), ("CONSENT_WITHDRAWN",)),
        (facts(platform_checkable=False), ("PLATFORM_NOT_CHECKABLE",)),
        (facts(account_approved=False), ("ACCOUNT_NOT_APPROVED",)),
        (facts(declarations_made=False), ("DECLARATION_MISSING",)),
        (facts(applicant_already_checked=True), ("APPLICANT_ALREADY_CHECKED",)),
        (facts(profile_already_viewed=True), ("PROFILE_ALREADY_VIEWED",)),
        (
            facts(applicant_already_checked=True, profile_already_viewed=True),
            ("APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED"),
        ),
        # A repeat view citing a valid authorisation is allowed ...
        (facts(applicant_already_checked=True, profile_already_viewed=True, ripa_cited=True, ripa_valid=True), ()),
        # ... and one citing an invalid authorisation is refused for that reason alone.
        (
            facts(applicant_already_checked=True, profile_already_viewed=True, ripa_cited=True, ripa_valid=False),
            ("RIPA_AUTHORISATION_REQUIRED",),
        ),
        # An authorisation never replaces consent or the other safeguards.
        (facts(ripa_cited=True, ripa_valid=True, consent=ConsentState.WITHDRAWN), ("CONSENT_WITHDRAWN",)),
        (
            facts(consent=ConsentState.NONE, policy_acknowledged=False),
            ("POLICY_NOT_ACKNOWLEDGED", "NO_CONSENT"),
        ),
        # A joint profile: the other applicant's consent is needed too.
        (facts(joint_consent=ConsentState.GIVEN), ()),
        (facts(joint_consent=ConsentState.NONE), ("NO_CONSENT",)),
        (facts(joint_consent=ConsentState.REFUSED), ("NO_CONSENT",)),
        (facts(joint_consent=ConsentState.WITHDRAWN), ("CONSENT_WITHDRAWN",)),
        (
            facts(consent=ConsentState.NONE, joint_consent=ConsentState.WITHDRAWN),
            ("NO_CONSENT", "CONSENT_WITHDRAWN"),
        ),
        # A manager's void of the applicant's check allows one check of another profile ...
        (facts(applicant_already_checked=True, void_allows_another=True), ()),
        # ... never of the voided profile, which stays viewed.
        (
            facts(applicant_already_checked=True, profile_already_viewed=True, void_allows_another=True),
            ("PROFILE_ALREADY_VIEWED",),
        ),
        # A returning applicant viewed within the interval.
        (facts(recently_checked=True, possible_from=datetime.date(2027, 6, 1)), ("RECENTLY_CHECKED",)),
        (facts(recently_checked=True, possible_from=None), ("RECENTLY_CHECKED",)),
    ],
)
def test_decide(given, codes):
    assert decide(given).codes == codes


def test_every_rule_fails_in_the_documented_order():
    everything_wrong = Facts(
        permitted=False,
        policy_acknowledged=False,
        case_open=False,
        consent=ConsentState.WITHDRAWN,
        platform_checkable=False,
        account_approved=False,
        declarations_made=False,
        applicant_already_checked=True,
        profile_already_viewed=True,
        recently_checked=True,
        missing_course="Social media checks and RIPA",
        conflict_declared=True,
    )
    decision = decide(everything_wrong)
    assert decision.codes == (
        "NOT_PERMITTED",
        "POLICY_NOT_ACKNOWLEDGED",
        "TRAINING_REQUIRED",
        "CONFLICT_DECLARED",
        "CASE_CLOSED",
        "CONSENT_WITHDRAWN",
        "PLATFORM_NOT_CHECKABLE",
        "ACCOUNT_NOT_APPROVED",
        "DECLARATION_MISSING",
        "RECENTLY_CHECKED",
        "APPLICANT_ALREADY_CHECKED",
        "PROFILE_ALREADY_VIEWED",
    )
    assert decision.first.code == "NOT_PERMITTED"
    assert not decision.allowed


def test_rule_table_is_in_domain_order_and_every_rule_has_words_for_a_person():
    assert [rule.code for rule in RULES] == [
        "NOT_PERMITTED",
        "POLICY_NOT_ACKNOWLEDGED",
        "TRAINING_REQUIRED",
        "CONFLICT_DECLARED",
        "CASE_CLOSED",
        "NO_CONSENT",
        "CONSENT_WITHDRAWN",
        "PLATFORM_NOT_CHECKABLE",
        "ACCOUNT_NOT_APPROVED",
        "DECLARATION_MISSING",
        "RECENTLY_CHECKED",
        "APPLICANT_ALREADY_CHECKED",
        "PROFILE_ALREADY_VIEWED",
        "RIPA_AUTHORISATION_REQUIRED",
    ]
    for rule in RULES:
        assert rule.message.endswith(".") and rule.next_step.endswith(".")
    assert [rule.code for rule in RULES] == list(RefusalCode), "every code has its rule, in the enum's order"


@pytest.mark.parametrize(
    ("code", "status"),
    [(code, 409) for code in ("RECENTLY_CHECKED", "APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED")]
    + [
        (code, 403)
        for code in RefusalCode.values
        if code not in ("RECENTLY_CHECKED", "APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED")
    ],
)
def test_repeat_views_are_conflicts_and_the_rest_forbidden(code, status):
    assert next(rule.status for rule in RULES if rule.code == code) == status


def test_a_joint_profile_refusal_names_who_has_not_consented():
    decision = decide(
        facts(
            applicant_name="Alex Morgan",
            joint_consent=ConsentState.NONE,
            joint_name="Sam Morgan",
        )
    )
    assert decision.codes == ("NO_CONSENT",)
    assert "Sam Morgan has not" in decision.messages[0]
    assert "Alex Morgan" not in decision.messages[0]
    # A single applicant's message stays as it was.
    assert (
        decide(facts(consent=ConsentState.NONE)).messages[0] == decide(facts(consent=ConsentState.NONE)).first.message
    )


def test_recently_checked_says_from_when_a_check_is_possible():
    decision = decide(facts(recently_checked=True, possible_from=datetime.date(2027, 6, 1)))
    assert "possible from 1 June 2027" in decision.messages[0]
    assert decision.possible_from == datetime.date(2027, 6, 1)
    never = decide(facts(recently_checked=True))
    assert "does not allow" in never.messages[0]


def test_training_required_names_the_course():
    decision = decide(facts(missing_course="Social media checks and RIPA"))
    assert "Social media checks and RIPA" in decision.messages[0]
    assert decision.first.status == 403


def test_the_ripa_message_says_a_managers_approval_is_not_an_authorisation():
    decision = decide(facts(applicant_already_checked=True, ripa_cited=True, ripa_valid=False))
    assert "manager's approval is not a RIPA authorisation" in decision.first.next_step


@pytest.mark.parametrize(
    ("declarations", "made"),
    [
        (
            {
                "no_personal_connection": True,
                "no_dummy_or_personal_account": True,
                "no_interaction": True,
                "this_profile_only": True,
            },
            True,
        ),
        ({"no_personal_connection": True, "no_dummy_or_personal_account": True, "no_interaction": True}, False),
        (
            {
                "no_personal_connection": True,
                "no_dummy_or_personal_account": True,
                "no_interaction": True,
                "this_profile_only": False,
            },
            False,
        ),
        (
            {
                "no_personal_connection": "true",
                "no_dummy_or_personal_account": 1,
                "no_interaction": True,
                "this_profile_only": True,
            },
            False,
        ),
        (None, False),
        ([], False),
    ],
)
def test_declarations_must_all_be_exactly_true(declarations, made):
    assert declarations_made(declarations) is made
