"""The audit trail as people read it: who by full name, each record by what it is ("Check of
Alex Morgan's Facebook profile"), and repeated views by one person within a minute as one row.

Names are looked up per page, one query per kind of record on it, and only for records the
reader may see (cases.scope) and whose content they read (audit.selectors.reads_case_content):
anyone else reads the kind of record and its number, as before. The chain and the CSV are
unchanged: every entry stays there as it was written.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from audit.models import Action
from audit.selectors import reads_case_content

COLLAPSE_WITHIN = datetime.timedelta(minutes=1)

KIND_NAMES = {
    "household": "Household",
    "applicant": "Applicant",
    "applicantcorrection": "Correction of an applicant's details",
    "consent": "Consent",
    "socialprofile": "Social media profile",
    "socialcheck": "Check",
    "checkvoid": "Void of a check",
    "checkcorrection": "Correction of a check",
    "refusal": "Refused check",
    "refusalreview": "Review of a refused check",
    "ripaauthorisation": "RIPA authorisation",
    "incident": "Incident",
    "user": "User",
    "team": "Team",
    "platform": "Platform",
    "viewingaccount": "Viewing account",
    "policyversion": "Policy version",
    "policyacknowledgement": "Policy acceptance",
    "audit_trail": "The audit trail",
    "stagemove": "Stage move",
    "legalholdchange": "Legal hold",
    "closingcorrection": "Correction of a closing",
}


def kind_name(record_type: str) -> str:
    return KIND_NAMES.get(record_type) or record_type.replace("_", " ").capitalize()


def _profile(profile) -> str:
    return f"{profile.applicant.full_name}'s {profile.platform.name} profile"


def _named(user, record_type: str, ids: list[int]) -> dict[int, str]:
    """What each record of one kind is, for the records of that kind the user may see."""
    from accounts.models import Team, User
    from cases.models import Applicant
    from cases.scope import applicants_visible_to, households_visible_to
    from checks.models import Refusal, SocialCheck
    from consent.models import Consent
    from incidents.models import Incident
    from platforms.models import Platform, SocialProfile, ViewingAccount

    applicants = applicants_visible_to(user)
    case_content = reads_case_content(user)
    describe = {
        "household": (
            lambda: households_visible_to(user),
            lambda h: f"Household {h.reference}",
        ),
        "applicant": (lambda: Applicant.objects.filter(pk__in=applicants), lambda a: a.full_name),
        "consent": (
            lambda: Consent.objects.filter(applicant__in=applicants).select_related("applicant"),
            lambda c: f"Consent of {c.applicant.full_name}",
        ),
        "socialprofile": (
            lambda: SocialProfile.objects.filter(applicant__in=applicants).select_related("applicant", "platform"),
            _profile,
        ),
        "socialcheck": (
            lambda: SocialCheck.objects.filter(applicant__in=applicants).select_related(
                "profile__applicant", "profile__platform"
            ),
            lambda c: f"Check of {_profile(c.profile)}",
        ),
        "refusal": (
            lambda: Refusal.objects.filter(applicant__in=applicants).select_related("applicant", "platform"),
            lambda r: (
                f"Refused check of {r.applicant.full_name}" + (f"'s {r.platform.name} profile" if r.platform_id else "")
            ),
        ),
        "incident": (
            lambda: Incident.objects.filter(applicant__in=applicants).select_related("applicant"),
            lambda i: f"{i.get_kind_display()} incident about {i.applicant.full_name}",
        ),
    }
    configuration = {
        "user": (lambda: User.objects.all(), lambda u: u.get_full_name() or u.username),
        "team": (lambda: Team.objects.all(), lambda t: t.name),
        "platform": (lambda: Platform.objects.all(), lambda p: p.name),
        "viewingaccount": (
            lambda: ViewingAccount.objects.select_related("platform"),
            lambda a: f"{a.platform.name}: {a.label}",
        ),
    }
    entry = configuration.get(record_type) or (describe.get(record_type) if case_content else None)
    if entry is None:
        return {}
    queryset, name = entry
    return {obj.pk: name(obj) for obj in queryset().filter(pk__in=ids)}


def _record_id(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


def name_records(user, events) -> None:
    """Set `record_label` and `actor_name` on each entry of a page."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        pk = _record_id(event.record_id)
        if pk is not None:
            wanted[event.record_type].add(pk)
    names = {kind: _named(user, kind, sorted(ids)) for kind, ids in wanted.items()}
    for event in events:
        pk = _record_id(event.record_id)
        known = names.get(event.record_type, {}).get(pk)
        event.record_label = known or f"{kind_name(event.record_type)} {event.record_id}".strip()
        actor = getattr(event, "actor", None) if event.actor_id else None
        event.actor_name = (actor.get_full_name() if actor else "") or event.actor_username


@dataclass
class TrailRow:
    """One row of the page: an entry, or a person's repeated views of one record within a minute."""

    event: object
    repeats: list = field(default_factory=list)  # the later entries folded into this row, newest first

    @property
    def count(self) -> int:
        return 1 + len(self.repeats)

    @property
    def first_seq(self) -> int:
        return self.repeats[-1].seq if self.repeats else self.event.seq

    @property
    def record_labels(self) -> list[str]:
        """The records viewed, each once, newest first."""
        return list(dict.fromkeys(e.record_label for e in (self.event, *self.repeats)))


def collapse_views(events) -> list[TrailRow]:
    """Fold a run of "Viewed" entries (newest first) by the same person within a minute of the
    run's newest, about one household, into one row (a household page records the household and each applicant, so a
    run may name several records). Nothing else is folded."""
    rows: list[TrailRow] = []
    for event in events:
        last = rows[-1] if rows else None
        if (
            last is not None
            and event.action == Action.VIEW
            and last.event.action == Action.VIEW
            and event.actor_id is not None
            and event.actor_id == last.event.actor_id
            and event.household_id == last.event.household_id
            and last.event.at - event.at <= COLLAPSE_WITHIN
        ):
            last.repeats.append(event)
        else:
            rows.append(TrailRow(event))
    return rows
