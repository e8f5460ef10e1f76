"""What a council's privacy notice and its record of processing say, read from the live
settings (lawful basis versions, retention periods), so neither goes stale."""

from dataclasses import dataclass

from django.utils import timezone

from cases.models import CaseOutcome, LocalAuthority

from .models import LawfulBasisVersion, RecordKind
from .retention import retention_periods

ICO_COMPLAINTS = "https://ico.org.uk/make-a-complaint/"
ICO_HELPLINE = "0303 123 1113"

WHAT_IS_KEPT = (
    "Your name, date of birth and communication needs",
    "Your answer on the consent section of the Registration of Interest form, and any withdrawal",
    "The social media profiles you told us about",
    "When each profile was looked at, by whom, and a short summary of anything relevant to the assessment"
    " (never screenshots, and never other people's details)",
    "Any attempt to look that our rules refused, and who opened your record",
)

RIGHTS = (
    ("To see the information we hold about you", "a subject access request, answered within one month"),
    ("To have wrong information corrected", "we correct it, or add your statement to the record"),
    ("To object to the check", "we stop unless there are compelling reasons for the assessment to go on"),
    ("To ask us to restrict or erase information", "where the law allows it"),
    ("To withdraw your agreement to the check", "no check starts after you withdraw"),
)


def current_lawful_basis(council: LocalAuthority, at=None) -> LawfulBasisVersion | None:
    """The version in force now (or at `at`): the newest version whose start has come."""
    at = at or timezone.now()
    return (
        LawfulBasisVersion.objects.filter(local_authority=council, in_force_from__lte=at).order_by("-version").first()
    )


def _basis_or_defaults(council: LocalAuthority) -> tuple[LawfulBasisVersion, bool]:
    found = current_lawful_basis(council)
    return (found, True) if found is not None else (LawfulBasisVersion(local_authority=council), False)


@dataclass(frozen=True)
class RetentionRow:
    kind: str
    months: list[int]  # one for each outcome, in OUTCOMES order


OUTCOMES = list(CaseOutcome)


def retention_table() -> list[RetentionRow]:
    periods = retention_periods()
    return [RetentionRow(kind.label, [periods[(o, kind)] for o in OUTCOMES]) for kind in RecordKind]


def retention_sentences() -> list[str]:
    """The same periods in words, for the CSV and for reading aloud."""
    periods = retention_periods()
    return [
        f"{kind.label}: {periods[(outcome, kind)]} months after the application closes as {outcome.label.lower()}"
        for kind in RecordKind
        for outcome in OUTCOMES
    ]


def privacy_notice_context(council: LocalAuthority) -> dict:
    basis, recorded = _basis_or_defaults(council)
    return {
        "council": council,
        "basis": basis,
        "basis_recorded": recorded,
        "what_is_kept": WHAT_IS_KEPT,
        "retention": retention_table(),
        "outcomes": [o.label for o in OUTCOMES],
        "rights": RIGHTS,
        "ico_complaints": ICO_COMPLAINTS,
        "ico_helpline": ICO_HELPLINE,
    }


def record_of_processing(council: LocalAuthority) -> list[tuple[str, str]]:
    """The Article 30(1) record for this app's processing on the council's behalf."""
    basis, recorded = _basis_or_defaults(council)
    return [
        ("Name of the processing", "One-off social media checks of prospective adopters"),
        ("Controller", council.name),
        (
            "Data protection officer",
            ", ".join(part for part in (council.dpo_name, council.dpo_email) if part) or "None recorded",
        ),
        ("Purposes of the processing", basis.purpose),
        ("Lawful basis (Article 6)", basis.article_6_basis),
        ("Article 9 / Schedule 1 condition", basis.get_article_9_condition_display()),
        ("How the condition applies", basis.condition_detail or "None recorded"),
        ("Lawful basis version", str(basis.version) if recorded else "None recorded yet (defaults shown)"),
        ("DPIA reference", basis.dpia_reference or "None recorded"),
        ("DPIA date", basis.dpia_date.isoformat() if basis.dpia_date else "None recorded"),
        ("Categories of data subjects", "Prospective adopters who have registered an interest; staff who use the app"),
        ("Categories of personal data", "; ".join(WHAT_IS_KEPT)),
        ("Special category data", "Possibly revealed by public profiles; only relevant findings are summarised"),
        ("Recipients", basis.shared_with),
        ("Transfers outside the UK", "None"),
        ("Retention", "; ".join(retention_sentences())),
        (
            "Security measures",
            "Role-based access by team; two-step verification; every view and change on a hash-chained audit "
            "trail; encrypted connections; retention removes or anonymises expired records",
        ),
    ]
