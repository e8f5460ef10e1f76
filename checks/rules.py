"""The social media check policy, as a table of rules applied in order.

Before any view of an applicant's social media the app decides, from the
facts `checks.facts` reads, whether the view may happen. Each `Rule` names
what it refuses (`code`), what the worker reads (`message`, `next_step`), the
HTTP status the API answers with, and `fails`: a predicate over the facts.

A decision lists every failing rule; the first is what the worker reads first
and what the API answers with. A manager's approval is never a RIPA
authorisation: only a cited RIPA application (ripa.RipaApplication) that a
justice approved and that is in force today (ripa.selectors.covers: from the
approval through ripa.dates.last_valid_day) replaces the one-off rules. Pure: no database, no request.

How to add a rule: a `Rule` here, the fact it reads (`Facts` and
`checks.facts`), and a row of the table test (tests/checks/test_rules.py).
A rule's `detail` adds to its message what it knows of this attempt (for a
joint profile, who has not consented; for a returning applicant, from when).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from consent.models import ConsentState

# The four declarations a worker makes before a view, with their wording.
DECLARATIONS = {
    "no_personal_connection": "I have no personal online connection with the applicant (clause 6.1).",
    "no_dummy_or_personal_account": (
        "I will view only through an approved organisation account or a logged-out view, "
        "on a work device, never a 'dummy' or personal account (clause 7.8)."
    ),
    "no_interaction": "I will not send a friend request, follow, like or message, or interact in any way.",
    "this_profile_only": "I will view only this one profile, once.",
}


class RefusalCode(models.TextChoices):
    """Why the rules refused a check: pages, API, audit and schema all use these."""

    NOT_PERMITTED = "NOT_PERMITTED", "Not the household's worker or manager"
    POLICY_NOT_ACKNOWLEDGED = "POLICY_NOT_ACKNOWLEDGED", "Current policy not accepted"
    TRAINING_REQUIRED = "TRAINING_REQUIRED", "Required training not in date"
    CONFLICT_DECLARED = "CONFLICT_DECLARED", "Personal connection with the household declared"
    CASE_CLOSED = "CASE_CLOSED", "Case withdrawn or closed"
    NO_CONSENT = "NO_CONSENT", "No consent on the ROI form"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN", "Consent withdrawn"
    PLATFORM_NOT_CHECKABLE = "PLATFORM_NOT_CHECKABLE", "Platform cannot be checked"
    ACCOUNT_NOT_APPROVED = "ACCOUNT_NOT_APPROVED", "Viewing account not approved"
    DECLARATION_MISSING = "DECLARATION_MISSING", "Declarations not all made"
    RECENTLY_CHECKED = "RECENTLY_CHECKED", "Returning applicant viewed within the interval"
    APPLICANT_ALREADY_CHECKED = "APPLICANT_ALREADY_CHECKED", "Applicant already had their one-off check"
    PROFILE_ALREADY_VIEWED = "PROFILE_ALREADY_VIEWED", "Profile already viewed"
    RIPA_AUTHORISATION_REQUIRED = "RIPA_AUTHORISATION_REQUIRED", "No valid RIPA authorisation"


@dataclass(frozen=True)
class Facts:
    """What the rules know about one attempt to view a profile."""

    permitted: bool
    policy_acknowledged: bool
    case_open: bool
    consent: ConsentState
    platform_checkable: bool
    account_approved: bool
    declarations_made: bool
    applicant_already_checked: bool
    profile_already_viewed: bool
    ripa_cited: bool = False
    ripa_valid: bool = False
    # A joint profile (both applicants' account): the other applicant's consent, and both names.
    joint_consent: ConsentState | None = None
    applicant_name: str = ""
    joint_name: str = ""
    # Every applicant of the profile who had a one-off check holds a manager's void of it
    # (countersigned; once per application), so may have one check of another profile.
    void_allows_another: bool = False
    # A returning applicant whose last view (in an earlier application) is within the
    # admin-set interval; `possible_from` is the first day a new check may be made (None: never).
    recently_checked: bool = False
    possible_from: datetime.date | None = None
    # A required course (governance) the user has no in-date completion of: its name ("" when trained).
    missing_course: str = ""
    # The user declared a personal connection with the household (clause 6.1).
    conflict_declared: bool = False


FORBIDDEN, CONFLICT = 403, 409


@dataclass(frozen=True)
class Rule:
    code: RefusalCode
    message: str
    next_step: str
    status: int
    fails: Callable[[Facts], bool]
    # What the message adds about this attempt (who, until when), if anything.
    detail: Callable[[Facts], str] | None = None
    # What managers read for the rule, in words (the code stays in the API and the CSV);
    # a rule without one reads as its code's label.
    label: str = ""

    def __post_init__(self):
        if not self.label:
            object.__setattr__(self, "label", self.code.label)

    def message_for(self, facts: Facts) -> str:
        extra = self.detail(facts) if self.detail is not None else ""
        return f"{self.message} {extra}" if extra else self.message


NOT_CONSENTING = (ConsentState.NONE, ConsentState.REFUSED)


def _states(f: Facts) -> tuple[ConsentState | None, ...]:
    return (f.consent, f.joint_consent)


def _joint_names(f: Facts, states) -> str:
    """For a joint profile, who of the two lacks consent in one of `states`."""
    if f.joint_consent is None:
        return ""
    names = [
        name for name, state in ((f.applicant_name, f.consent), (f.joint_name, f.joint_consent)) if state in states
    ]
    named = " and ".join(n for n in names if n) or "one of the applicants"
    return f"This account is shared by both applicants, so both must consent: {named} has not."


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _possible_from(f: Facts) -> str:
    if f.possible_from is None:
        return "The agency does not allow a new check of a returning applicant who was viewed before."
    return f"A new check is possible from {_long_date(f.possible_from)}."


RULES: tuple[Rule, ...] = (
    Rule(
        RefusalCode.NOT_PERMITTED,
        "You are not allowed to check applicants in this household.",
        "Ask the household's allocated worker or their team manager to make the check. "
        "If the case should be yours, ask your manager to allocate it to you.",
        FORBIDDEN,
        fails=lambda f: not f.permitted,
        label="Not the household's social worker or manager",
    ),
    Rule(
        RefusalCode.POLICY_NOT_ACKNOWLEDGED,
        "You have not accepted the current social media policy.",
        "Open the policy page, read the current version and accept it. Then start the check again.",
        FORBIDDEN,
        fails=lambda f: not f.policy_acknowledged,
        label="Current policy not yet accepted",
    ),
    Rule(
        RefusalCode.TRAINING_REQUIRED,
        "Your training for social media checks is not in date.",
        "Complete the course, then ask your manager to record it. Until then, ask a trained colleague.",
        FORBIDDEN,
        fails=lambda f: bool(f.missing_course),
        detail=lambda f: f"You need the course: {f.missing_course}." if f.missing_course else "",
        label="Required training not in date",
    ),
    Rule(
        RefusalCode.CONFLICT_DECLARED,
        "You declared a personal connection with this household.",
        "Ask your manager to give this check to another worker (clause 6.1). They have been told of your declaration.",
        FORBIDDEN,
        fails=lambda f: f.conflict_declared,
        label="Personal connection declared",
    ),
    Rule(
        RefusalCode.CASE_CLOSED,
        "This household's application has been withdrawn or closed.",
        "Make no check. If the applicants apply again, add a new household for the new application "
        "and make the check there.",
        FORBIDDEN,
        fails=lambda f: not f.case_open,
        label="Case withdrawn or closed",
    ),
    Rule(
        RefusalCode.NO_CONSENT,
        "The applicant has not given consent to a social media check.",
        "Ask the applicant to sign the consent section of the Registration of Interest form. "
        "Record it on the household page, then start the check again.",
        FORBIDDEN,
        fails=lambda f: any(state in NOT_CONSENTING for state in _states(f)),
        detail=lambda f: _joint_names(f, NOT_CONSENTING),
        label="No consent on the ROI form",
    ),
    Rule(
        RefusalCode.CONSENT_WITHDRAWN,
        "The applicant has withdrawn their consent to a social media check.",
        "Make no check. If the applicant signs a new consent on a Registration of Interest form, "
        "record it on the household page; until then no check can be made.",
        FORBIDDEN,
        fails=lambda f: ConsentState.WITHDRAWN in _states(f),
        detail=lambda f: _joint_names(f, (ConsentState.WITHDRAWN,)),
        label="Consent withdrawn",
    ),
    Rule(
        RefusalCode.PLATFORM_NOT_CHECKABLE,
        "Checks cannot be made on this platform.",
        "Choose a profile on another platform. To ask for this platform to be opened to checks, contact an admin.",
        FORBIDDEN,
        fails=lambda f: not f.platform_checkable,
        label="Platform not open to checks",
    ),
    Rule(
        RefusalCode.ACCOUNT_NOT_APPROVED,
        "The viewing account is not an approved one for this platform.",
        "Start the check again and choose the organisation's account or the logged-out public view "
        "for this platform. Never use a personal or 'dummy' account.",
        FORBIDDEN,
        fails=lambda f: not f.account_approved,
        label="Viewing account not approved",
    ),
    Rule(
        RefusalCode.DECLARATION_MISSING,
        "You have not made all four declarations.",
        "Go back to the check form, tick all four declarations, then continue.",
        FORBIDDEN,
        fails=lambda f: not f.declarations_made,
        label="Declarations not all made",
    ),
    Rule(
        RefusalCode.RECENTLY_CHECKED,
        "This applicant was viewed in an earlier application too recently for a new one-off check.",
        "Start the check again on or after the date shown. If it cannot wait, speak to your manager: "
        "the interval is set by the agency (clause 7.5).",
        CONFLICT,
        fails=lambda f: not f.ripa_cited and f.recently_checked,
        detail=_possible_from,
        label="Returning applicant viewed too recently",
    ),
    Rule(
        RefusalCode.APPLICANT_ALREADY_CHECKED,
        "This applicant has already had their one-off social media check.",
        "Do not view any profile again: use what the first check found. If it found no profile or the "
        "wrong person, ask your manager to void it; any other further view needs a RIPA authorisation, "
        "which your manager applies for.",
        CONFLICT,
        fails=lambda f: not f.ripa_cited and f.applicant_already_checked and not f.void_allows_another,
        label="Applicant already had their one-off check",
    ),
    Rule(
        RefusalCode.PROFILE_ALREADY_VIEWED,
        "This profile has already been viewed.",
        "Do not open the profile again: use the findings of its check. Viewing it again may be directed "
        "surveillance under RIPA 2000; if it is needed, your manager applies for a RIPA authorisation first.",
        CONFLICT,
        fails=lambda f: not f.ripa_cited and f.profile_already_viewed,
        label="Profile already viewed",
    ),
    Rule(
        RefusalCode.RIPA_AUTHORISATION_REQUIRED,
        "A repeat view needs a RIPA authorisation that a justice has approved, that is in force today "
        "(from the approval through its last valid day, not cancelled) and that covers this applicant and profile.",
        "A manager's approval is not a RIPA authorisation. Speak to your manager: they apply to the "
        "legal team, and the view can be made once a justice has approved the authorisation.",
        FORBIDDEN,
        fails=lambda f: f.ripa_cited and not f.ripa_valid,
        label="No valid RIPA authorisation",
    ),
)
RULE_BY_CODE = {rule.code: rule for rule in RULES}


def rule_for(code: str) -> Rule:
    return RULE_BY_CODE[RefusalCode(code)]


@dataclass(frozen=True)
class Decision:
    failed: tuple[Rule, ...]
    facts: Facts | None = None

    @property
    def allowed(self) -> bool:
        return not self.failed

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(rule.code.value for rule in self.failed)

    @property
    def first(self) -> Rule | None:
        return self.failed[0] if self.failed else None

    @property
    def messages(self) -> tuple[str, ...]:
        """Each failing rule's message, with what it says about this attempt."""
        return tuple(rule.message_for(self.facts) if self.facts else rule.message for rule in self.failed)

    @property
    def possible_from(self) -> datetime.date | None:
        return self.facts.possible_from if self.facts else None


def decide(facts: Facts) -> Decision:
    return Decision(failed=tuple(rule for rule in RULES if rule.fails(facts)), facts=facts)


def declarations_made(declarations) -> bool:
    """All four declarations present and exactly True (not merely truthy)."""
    if not isinstance(declarations, dict):
        return False
    return all(declarations.get(name) is True for name in DECLARATIONS)
