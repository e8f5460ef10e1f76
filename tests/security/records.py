"""Records of every kind in team A for the security tests, and a valid submission
for every address that records something.

Household 1 (from tests/conftest.py): `applicant` with consent, a Facebook profile,
a started check, a refusal (a second try at the same profile), an incident about
them, a data breach and a RIPA authorisation. Household 2: `fresh`, with nothing recorded yet,
and `ready`, with consent and a profile but no check. Every id here is team A's."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from api.models import ApiToken
from cases.models import Applicant, Household
from checks.models import Refusal, SocialCheck
from dataprotection.models import SubjectAccessItem, SubjectAccessRequest
from incidents.models import Incident
from platforms.models import SocialProfile, ViewingAccount
from ripa.models import RipaApplication
from tests.conftest import ALL_DECLARATIONS

PASSWORD = "correct horse battery staple"  # tests/factories.py


@dataclass(frozen=True)
class Records:
    household: Household
    applicant: Applicant
    profile: SocialProfile
    check: SocialCheck
    refusal: Refusal
    incident: Incident  # trolling, reported by the worker
    breach: Incident  # a personal data breach, reported by the worker
    ripa: RipaApplication  # in force, granted by manager_b (a designated officer of the council)
    household2: Household
    fresh: Applicant
    ready: Applicant
    ready_profile: SocialProfile
    viewing_account: ViewingAccount
    policy_version: str
    api_token: ApiToken  # the worker's (an integration token: the users here have no second factor)
    # Household 3: the worker's completed check that found no profile, which a manager may void.
    voidable: SocialCheck | None = None
    # A subject access request about `applicant`, its items not yet reviewed.
    sar: SubjectAccessRequest | None = None
    sar_item: SubjectAccessItem | None = None
    ripa_pending: RipaApplication | None = None  # awaiting the authorising officer
    ripa_granted: RipaApplication | None = None  # awaiting a justice
    # A required course (governance), for recording a completion.
    course: object = None


def case_changes() -> int:
    """How many changes to recorded data there have been: django-auditlog logs every create,
    change and delete of the case, consent, check, incident and configuration models.
    Refusals are left out: a refused attempt is recorded, by design."""
    return LogEntry.objects.exclude(content_type=ContentType.objects.get_for_model(Refusal)).count()


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def date_boxes(name: str, day: datetime.date | None) -> dict:
    """A date as the pages' GOV.UK date input sends it (day, month and year boxes)."""
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    return {f"{name}_{i}": part for i, part in enumerate(parts)}


def date_parts(name: str, day: datetime.date | None) -> dict:
    """The same for the managers' pages, whose boxes are named by part."""
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    return {f"{name}_{part}": value for part, value in zip(("day", "month", "year"), parts, strict=True)}


def teammate(team):
    """Another social worker of the team (the `teammate` fixture), to allocate a household to."""
    return team.members.get(username="teammate")


@dataclass(frozen=True)
class Write:
    """A valid submission to an address that records something.

    `obj` names the record whose id fills the address; `body` builds the data from
    the records. The API takes JSON; the pages take a form."""

    obj: str | None
    body: Callable[[Records], dict]
    method: str = "post"

    def is_api(self, route: str) -> bool:
        return route.startswith("api/")


NEEDS_BLANK = {
    "translation_language": "",
    "interpreter_language": "",
    "communication_notes": "",
    **date_boxes("needs_review_on", None),
}

WRITES: dict[str, Write] = {
    # --- Pages --------------------------------------------------------------------------
    "sign-in/": Write(None, lambda r: {"username": "worker", "password": PASSWORD}),
    "sign-out/": Write(None, lambda r: {}),
    "policy/": Write(None, lambda r: {"version": r.policy_version}),
    "households/add/": Write(
        None,
        lambda r: {
            "reference": "ROI-NEW-0001",
            "local_authority": r.household.local_authority_id,
            **date_boxes("received_on", yesterday()),
        },
    ),
    "households/<int:pk>/applicants/add/": Write(
        "household",
        lambda r: {"first_name": "Robin", "last_name": "Hale", **date_boxes("date_of_birth", None), **NEEDS_BLANK},
    ),
    "households/<int:pk>/stage/": Write(
        "household", lambda r: {"stage": "stage_1", **date_boxes("on", timezone.localdate()), "reason": ""}
    ),
    "households/<int:pk>/close/": Write(
        "household",
        lambda r: {"outcome": "withdrawn", **date_boxes("on", timezone.localdate()), "reason": "They withdrew."},
    ),
    "households/<int:pk>/legal-hold/": Write("household", lambda r: {"reason": "A complaint is open."}),
    "households/<int:pk>/allocate/": Write(
        "household",
        lambda r: {"worker": teammate(r.household.team).pk},
    ),
    "applicants/<int:pk>/details/": Write(
        "applicant",
        lambda r: {
            "first_name": "Alexandra",
            "last_name": r.applicant.last_name,
            **date_boxes("date_of_birth", datetime.date(1985, 3, 31)),
            "reason": "Misspelt on the ROI form.",
        },
    ),
    "applicants/<int:pk>/communication-needs/": Write(
        "applicant", lambda r: {"information_formats": ["large_print"], **NEEDS_BLANK}
    ),
    "applicants/<int:pk>/consent/": Write(
        "fresh",
        lambda r: {
            "given": "yes",
            **date_boxes("signed_on", yesterday()),
            "form_reference": "ROI-FORM-3",
            "information_format": "standard",
        },
    ),
    "applicants/<int:pk>/consent/withdraw/": Write(
        "applicant", lambda r: {"reason": "They changed their mind.", **date_boxes("withdrawn_on", yesterday())}
    ),
    "applicants/<int:pk>/profiles/add/": Write(
        "fresh", lambda r: {"platform": r.profile.platform_id, "handle": "sam.lee.adopts"}
    ),
    "applicants/<int:pk>/checks/new/": Write("ready", lambda r: check_form(r)),
    "applicants/<int:pk>/checks/start/": Write("ready", lambda r: check_form(r)),
    "checks/<int:pk>/receipt/": Write(
        "voidable", lambda r: {**date_boxes("sent_on", timezone.localdate()), "sent_how": "post"}
    ),
    "checks/<int:pk>/findings/": Write(
        "check",
        lambda r: {
            "findings_summary": "Nothing relevant to the assessment.",
            "outcome": "no_concerns",
            "no_third_party_details": "on",
        },
    ),
    "incidents/report/": Write(
        None,
        lambda r: {
            "kind": "threat",
            "description": "A threat at the door.",
            **date_boxes("occurred_on", yesterday()),
            "occurred_time": "14:30",
            "applicant": r.applicant.pk,
        },
    ),
    # --- Managers' pages ----------------------------------------------------------------
    "manage/refusals/<int:pk>/review/": Write("refusal", lambda r: {"comment": "Discussed with the worker."}),
    "manage/refusals/<int:pk>/incident/": Write("refusal", lambda r: {"description": "A second view was tried."}),
    "manage/incidents/<int:pk>/": Write(
        "incident",
        lambda r: {
            "status": "investigating",
            "police_reference": "CRIME-123",
            **date_parts("risk_assessment_updated_on", yesterday()),
        },
    ),
    "manage/checks/<int:pk>/void/": Write("voidable", lambda r: {"reason": "The profile had been deleted."}),
    # --- The RIPA steps' pages (each form prefixed by its step) ------------------------------
    "manage/ripa/applicants/<int:pk>/apply/": Write(
        "ready",
        lambda r: {
            "profiles": [str(r.ready_profile.pk)],
            "offence": "Fraud by false representation",
            "offence_max_sentence_months": "120",
            "necessity": "The police asked for help.",
            **dict.fromkeys(
                (
                    "proportionality_balance",
                    "proportionality_least_intrusive",
                    "proportionality_appropriate_use",
                    "proportionality_alternatives",
                ),
                "Considered.",
            ),
            "collateral_intrusion": "Friends' comments may be seen.",
            "confidential_information_likely": "no",
        },
    ),
    "manage/ripa/<int:pk>/decision/": Write(
        "ripa_pending",
        lambda r: {"decision-granted": "yes", "decision-reasons": "Necessary.", "decision-officer_involved": "no"},
    ),
    "manage/ripa/<int:pk>/justice-approval/": Write(
        "ripa_granted",
        lambda r: {
            "justice-approved": "yes",
            **date_parts("justice-on", timezone.localdate()),
            "justice-court": "Court",
            "justice-justice": "A. Justice",
        },
    ),
    "manage/ripa/<int:pk>/reviews/": Write(
        "ripa",
        lambda r: {
            **date_parts("review-on", timezone.localdate()),
            "review-outcome": "continue",
            "review-reasons": "Still needed.",
        },
    ),
    "manage/ripa/<int:pk>/renewals/": Write(
        "ripa", lambda r: {"renewal-reasons": "Still needed.", "renewal-obtained_so_far": "Two dates."}
    ),
    "manage/ripa/<int:pk>/cancel/": Write(
        "ripa",
        lambda r: {
            "cancel-reasons": "Done.",
            **date_parts("cancel-ceased_at", timezone.localdate() - datetime.timedelta(days=1)),
            "cancel-ceased_at_hour": "9",
            "cancel-ceased_at_minute": "30",
            "cancel-product_handling": "Destroyed.",
        },
    ),
    "manage/incidents/<int:pk>/correct/": Write(
        "incident", lambda r: {"kind": "threat", "reason": "It was a threat, not trolling."}
    ),
    # --- Subject access -------------------------------------------------------------------
    "data-protection/applicants/<int:applicant_id>/subject-access/new/": Write(
        "applicant",
        lambda r: {
            "requested_by": "The applicant",
            "identity_check": "Passport seen.",
            **date_boxes("received_on", yesterday()),
        },
    ),
    "data-protection/subject-access/<int:pk>/extend/": Write(
        "sar", lambda r: {"months": "1", "reason": "Complex.", **date_boxes("told_on", timezone.localdate())}
    ),
    "data-protection/subject-access/<int:pk>/pack/": Write("sar", lambda r: {}),
    "data-protection/subject-access/<int:pk>/sent/": Write(
        "sar", lambda r: {**date_boxes("sent_on", timezone.localdate()), "sent_how": "post"}
    ),
    "data-protection/subject-access/items/<int:pk>/": Write("sar_item", lambda r: {"decision": "disclose"}),
    # --- API ------------------------------------------------------------------------------
    "api/v1/checks/<int:pk>/void/": Write("voidable", lambda r: {"reason": "The profile had been deleted."}),
    "api/v1/policy/acknowledge/": Write(None, lambda r: {}),
    "api/v1/households/": Write(
        None, lambda r: {"reference": "ROI-API-0001", "local_authority": r.household.local_authority_id}
    ),
    "api/v1/households/<int:pk>/applicants/": Write(
        "household", lambda r: {"first_name": "Robin", "last_name": "Hale"}
    ),
    "api/v1/applicants/<int:pk>/consent/": Write(
        "fresh", lambda r: {"given": True, "signed_on": yesterday().isoformat(), "form_reference": "ROI-FORM-3"}
    ),
    "api/v1/applicants/<int:pk>/consent/withdraw/": Write(
        "applicant", lambda r: {"reason": "They changed their mind."}
    ),
    "api/v1/applicants/<int:pk>/profiles/": Write(
        "fresh", lambda r: {"platform": r.profile.platform_id, "handle": "sam.lee.adopts"}
    ),
    "api/v1/checks/": Write(
        None,
        lambda r: {
            "applicant": r.ready.pk,
            "profile": r.ready_profile.pk,
            "viewing_account": r.viewing_account.pk,
            "declarations": dict(ALL_DECLARATIONS),
            "purpose": "Social media check for the adoption assessment",
        },
    ),
    "api/v1/checks/<int:pk>/": Write(
        "check",
        lambda r: {"findings_summary": "Nothing relevant.", "outcome": "no_concerns", "no_third_party_details": True},
        method="patch",
    ),
    "api/v1/ripa-authorisations/": Write(None, lambda r: {"reference": "RIPA-2026-003"}),
    "api/v1/ripa-applications/": Write(
        None,
        lambda r: {
            "applicant": r.ready.pk,
            "profiles": [r.ready_profile.pk],
            "offence": "Fraud by false representation",
            "offence_max_sentence_months": 120,
            "necessity": "The police asked for help.",
            "proportionality": dict.fromkeys(("balance", "least_intrusive", "appropriate_use", "alternatives"), "x"),
            "collateral_intrusion": "Friends' comments may be seen.",
            "confidential_information_likely": False,
        },
    ),
    "api/v1/ripa-applications/<int:pk>/decision/": Write(
        "ripa_pending", lambda r: {"granted": True, "reasons": "Necessary and proportionate."}
    ),
    "api/v1/ripa-applications/<int:pk>/justice-approval/": Write(
        "ripa_granted",
        lambda r: {"approved": True, "on": timezone.localdate().isoformat(), "court": "Court", "justice": "A. Justice"},
    ),
    "api/v1/ripa-applications/<int:pk>/reviews/": Write(
        "ripa", lambda r: {"on": timezone.localdate().isoformat(), "outcome": "continue", "reasons": "Still needed."}
    ),
    "api/v1/ripa-applications/<int:pk>/renewals/": Write(
        "ripa", lambda r: {"reasons": "Still needed.", "obtained_so_far": "Two dates."}
    ),
    "api/v1/ripa-applications/<int:pk>/cancel/": Write(
        "ripa",
        lambda r: {"reasons": "Done.", "ceased_at": timezone.now().isoformat(), "product_handling": "Destroyed."},
    ),
    "api/v1/incidents/": Write(
        None,
        lambda r: {
            "kind": "threat",
            "description": "A threat at the door.",
            "occurred_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
            "applicant": r.applicant.pk,
        },
    ),
    "api/v1/tokens/<int:pk>/": Write("api_token", lambda r: {}, method="delete"),
    "account/tokens/": Write(None, lambda r: {"name": "Weekly report", "scope": "read"}),
    "account/tokens/<int:pk>/revoke/": Write("api_token", lambda r: {}),
    "api/v1/households/<int:pk>/stage/": Write(
        "household", lambda r: {"stage": "stage_1", "on": timezone.localdate().isoformat()}
    ),
    "api/v1/households/<int:pk>/close/": Write(
        "household",
        lambda r: {"outcome": "withdrawn", "on": timezone.localdate().isoformat(), "reason": "They withdrew."},
    ),
    "api/v1/households/<int:pk>/legal-hold/": Write("household", lambda r: {"reason": "A complaint is open."}),
    # Governance: conflicts of interest, restricted records, training.
    "api/v1/households/<int:pk>/conflicts/": Write("household", lambda r: {"reason": "A neighbour of mine."}),
    "governance/households/<int:pk>/conflict/": Write("household", lambda r: {"reason": "A neighbour of mine."}),
    "governance/households/<int:pk>/restriction/": Write(
        "household", lambda r: {"staff": [str(r.household.allocated_worker_id)], "reason": "A colleague applies."}
    ),
    "governance/training/record/": Write(
        None,
        lambda r: {
            "person": str(r.household.allocated_worker_id),
            "course": str(r.course.pk),
            **date_boxes("completed_on", yesterday()),
        },
    ),
}


def check_form(r: Records) -> dict:
    return {
        "profile": r.ready_profile.pk,
        "viewing_account": r.viewing_account.pk,
        "declarations": list(ALL_DECLARATIONS),
        "purpose": "Social media check for the adoption assessment",
    }
