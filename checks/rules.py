"""The social media check policy, in the order it is applied.

Before any view of an applicant's social media the app decides, from facts
gathered by `checks.services`, whether the view may happen:

 1. the user is a worker or manager and the household is in their scope  -> NOT_PERMITTED
 2. the user has accepted the current policy version                     -> POLICY_NOT_ACKNOWLEDGED
 3. the household is not withdrawn or closed                             -> CASE_CLOSED
 4. consent is recorded on the ROI form and was given                    -> NO_CONSENT
 5. that consent has not been withdrawn                                  -> CONSENT_WITHDRAWN
 6. the platform is active and checkable                                 -> PLATFORM_NOT_CHECKABLE
 7. the viewing account is an approved one for that platform (7.8)       -> ACCOUNT_NOT_APPROVED
 8. all four declarations are made                                       -> DECLARATION_MISSING
 9. the applicant has not had their one-off check, on any profile (7.6)  -> APPLICANT_ALREADY_CHECKED
10. this profile has never been viewed, by anyone, for anyone (7.4)      -> PROFILE_ALREADY_VIEWED
11. a repeat view cites a RIPA authorisation valid today that covers
    this applicant and profile (7.5)                                     -> RIPA_AUTHORISATION_REQUIRED

Rules 9 and 10 apply when no authorisation is cited; rule 11 replaces them
when one is. A manager's approval is never a RIPA authorisation.

A decision lists every failing rule; the first one is what the worker reads
first and what the API answers with. Pure: no database, no request.
"""

from dataclasses import dataclass
from enum import StrEnum


class ConsentFact(StrEnum):
    NONE = "none"
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


DECLARATIONS = {
    "no_personal_connection": "I have no personal online connection with the applicant (clause 6.1).",
    "no_dummy_or_personal_account": (
        "I will view only through an approved organisation account or a logged-out view, "
        "on a work device, never a 'dummy' or personal account (clause 7.8)."
    ),
    "no_interaction": "I will not send a friend request, follow, like or message, or interact in any way.",
    "this_profile_only": "I will view only this one profile, once.",
}


@dataclass(frozen=True)
class CheckFacts:
    permitted: bool
    policy_acknowledged: bool
    case_open: bool
    consent: ConsentFact
    platform_checkable: bool
    account_approved: bool
    declarations_made: bool
    applicant_already_checked: bool
    profile_already_viewed: bool
    ripa_cited: bool = False
    ripa_valid: bool = False


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    next_step: str


@dataclass(frozen=True)
class Decision:
    refusals: tuple[Refusal, ...]

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.refusals)

    @property
    def first(self) -> Refusal | None:
        return self.refusals[0] if self.refusals else None


# Codes refused as a conflict with what already happened (HTTP 409); the rest are 403.
CONFLICT_CODES = frozenset({"APPLICANT_ALREADY_CHECKED", "PROFILE_ALREADY_VIEWED"})

RULES: tuple[tuple[str, str, str], ...] = (
    (
        "NOT_PERMITTED",
        "You are not allowed to check applicants in this household.",
        "Only the household's social workers and their managers can make a check.",
    ),
    (
        "POLICY_NOT_ACKNOWLEDGED",
        "You have not accepted the current social media policy.",
        "Read the policy and accept it, then try again.",
    ),
    (
        "CASE_CLOSED",
        "This household's application has been withdrawn or closed.",
        "No checks can be made on a closed case.",
    ),
    (
        "NO_CONSENT",
        "The applicant has not given consent to a social media check.",
        "Ask the applicant to complete the consent section of the Registration of Interest form, then record it.",
    ),
    (
        "CONSENT_WITHDRAWN",
        "The applicant has withdrawn their consent to a social media check.",
        "No check can be made unless they sign a new consent on the Registration of Interest form.",
    ),
    (
        "PLATFORM_NOT_CHECKABLE",
        "Checks cannot be made on this platform.",
        "Ask an admin which platforms can be checked.",
    ),
    (
        "ACCOUNT_NOT_APPROVED",
        "The viewing account is not an approved one for this platform.",
        "Use the organisation's account or a logged-out public view. Never a personal or 'dummy' account.",
    ),
    (
        "DECLARATION_MISSING",
        "You have not made all four declarations.",
        "Confirm each declaration before you view the profile.",
    ),
    (
        "APPLICANT_ALREADY_CHECKED",
        "This applicant has already had their one-off social media check.",
        "The policy allows one profile, viewed once. Viewing again may be directed surveillance under RIPA 2000.",
    ),
    (
        "PROFILE_ALREADY_VIEWED",
        "This profile has already been viewed.",
        "A profile can be viewed once only. Viewing it again may be directed surveillance under RIPA 2000.",
    ),
    (
        "RIPA_AUTHORISATION_REQUIRED",
        "A repeat view needs a RIPA authorisation that is valid today and covers this applicant and profile.",
        "A manager's approval is not a RIPA authorisation. Speak to your manager and legal team about the RIPA codes of practice.",
    ),
)
_RULE_TEXT = {code: (message, next_step) for code, message, next_step in RULES}


def refusal_for(code: str) -> Refusal:
    message, next_step = _RULE_TEXT[code]
    return Refusal(code=code, message=message, next_step=next_step)


def decide_check(facts: CheckFacts) -> Decision:
    failing = {
        "NOT_PERMITTED": not facts.permitted,
        "POLICY_NOT_ACKNOWLEDGED": not facts.policy_acknowledged,
        "CASE_CLOSED": not facts.case_open,
        "NO_CONSENT": facts.consent in (ConsentFact.NONE, ConsentFact.REFUSED),
        "CONSENT_WITHDRAWN": facts.consent == ConsentFact.WITHDRAWN,
        "PLATFORM_NOT_CHECKABLE": not facts.platform_checkable,
        "ACCOUNT_NOT_APPROVED": not facts.account_approved,
        "DECLARATION_MISSING": not facts.declarations_made,
        "APPLICANT_ALREADY_CHECKED": not facts.ripa_cited and facts.applicant_already_checked,
        "PROFILE_ALREADY_VIEWED": not facts.ripa_cited and facts.profile_already_viewed,
        "RIPA_AUTHORISATION_REQUIRED": facts.ripa_cited and not facts.ripa_valid,
    }
    return Decision(refusals=tuple(refusal_for(code) for code, _, _ in RULES if failing[code]))


def declarations_made(declarations) -> bool:
    """All four declarations present and exactly True (not merely truthy)."""
    if not isinstance(declarations, dict):
        return False
    return all(declarations.get(name) is True for name in DECLARATIONS)


def rule_message(code: str) -> str:
    return _RULE_TEXT[code][0]
