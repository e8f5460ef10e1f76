"""What a check form may offer, asked of the same rules before anything is recorded.

For each profile of the applicant and each viewing account of its platform,
`checks.facts.lock_and_read` reads the facts exactly as a start would (with
all four declarations made and no RIPA authorisation cited) and
`checks.rules.decide` says whether that view would be allowed. Nothing is
written: this only keeps the form from offering what would be refused, so
every rule in the table (present and future) is covered without a copy of
it here. The start itself decides again, and a refused start is recorded as
before.
"""

from dataclasses import dataclass, field

from django.db import transaction

from platforms.models import SocialProfile, ViewingAccount
from platforms.selectors import profiles_of

from . import rules
from .facts import NotFoundForAttempt, lock_and_read

ALL_DECLARED = dict.fromkeys(rules.DECLARATIONS, True)


@dataclass(frozen=True)
class Reason:
    """A rule that would refuse, with what it says about this applicant."""

    rule: rules.Rule
    message: str

    @property
    def code(self) -> str:
        return self.rule.code.value

    @property
    def next_step(self) -> str:
        return self.rule.next_step

    @property
    def label(self) -> str:
        return self.rule.label


@dataclass(frozen=True)
class CheckOptions:
    """The profiles and accounts a check may use; when none, why not."""

    profiles: list[SocialProfile]
    # Each offered profile's id: the ids of the accounts a view of it would be allowed through.
    accounts: dict[int, list[int]] = field(default_factory=dict)
    # When nothing may be offered: the reasons, and (if the profiles differ) which profile each is for.
    reasons: list[Reason] = field(default_factory=list)
    reasons_by_profile: list[tuple[SocialProfile, list[Reason]]] = field(default_factory=list)

    @property
    def possible(self) -> bool:
        return bool(self.accounts)

    @property
    def offered_profile_ids(self) -> list[int]:
        return list(self.accounts)

    @property
    def offered_account_ids(self) -> set[int]:
        return {pk for ids in self.accounts.values() for pk in ids}


def _reasons(decision: rules.Decision) -> list[Reason]:
    return [Reason(rule, message) for rule, message in zip(decision.failed, decision.messages, strict=True)]


def _no_account_reason() -> list[Reason]:
    rule = rules.RULE_BY_CODE[rules.RefusalCode.ACCOUNT_NOT_APPROVED]
    return [Reason(rule, rule.message)]


def check_options(*, user, applicant) -> CheckOptions:
    """Which of the applicant's profiles, through which accounts, a check by `user` would be allowed."""
    profiles = list(profiles_of(applicant).select_related("platform"))
    accounts = list(
        ViewingAccount.objects.approved().filter(platform__in=[p.platform_id for p in profiles]).order_by("pk")
    )
    # An account of another platform stands in when a platform has none: its facts are then read
    # as "not approved", and every other rule is still asked.
    stand_in = ViewingAccount.objects.order_by("pk").values_list("pk", flat=True).first()
    allowed: dict[int, list[int]] = {}
    failures: list[tuple[SocialProfile, list[Reason]]] = []
    with transaction.atomic():  # lock_and_read takes the applicant's row lock, released at once
        for profile in profiles:
            candidates = [a.pk for a in accounts if a.platform_id == profile.platform_id] or [stand_in]
            fewest: list[Reason] | None = None
            for account_id in candidates:
                if account_id is None:
                    fewest = fewest or _no_account_reason()
                    continue
                try:
                    attempt = lock_and_read(
                        user=user,
                        applicant_id=applicant.pk,
                        profile_id=profile.pk,
                        viewing_account_id=account_id,
                        declarations=ALL_DECLARED,
                    )
                except NotFoundForAttempt:
                    continue
                decision = rules.decide(attempt.facts)
                if decision.allowed:
                    allowed.setdefault(profile.pk, []).append(account_id)
                elif fewest is None or len(decision.failed) < len(fewest):
                    fewest = _reasons(decision)
            if profile.pk not in allowed and fewest:
                failures.append((profile, fewest))
    if allowed or not failures:
        return CheckOptions(profiles=profiles, accounts=allowed)
    # The reasons every profile shares, in the table's order; the rest per profile.
    shared_codes = set.intersection(*({r.rule.code for r in reasons} for _, reasons in failures))
    shared = [r for r in failures[0][1] if r.rule.code in shared_codes]
    by_profile = (
        [] if len(failures) == 1 else [(p, [r for r in rs if r.rule.code not in shared_codes]) for p, rs in failures]
    )
    return CheckOptions(profiles=profiles, reasons=shared, reasons_by_profile=[(p, rs) for p, rs in by_profile if rs])
