"""Demo data for the embedded default: a plausible regional adoption agency.

Three councils, three teams, eight social workers, two managers, an admin and a
data protection officer, and sixty households at every stage and outcome. Every
record is written through the same services as production, so it obeys the same
rules and leaves the same audit trail. The histories are built from a fixed
table and a seeded random generator, dated backwards from today so that the
clocks run (several cases are overdue) and closed cases are part-way through
retention. Each household is keyed on its reference: seeding again adds nothing.
"""

import datetime
import random
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, Team, User
from accounts.twofactor import record_two_factor
from accounts.twofactor.views import grouped_secret
from cases import services as cases
from cases.demo import seed_allocation_and_correction
from cases.models import CaseOutcome, CommunicationSupport, Household, InformationFormat, LocalAuthority, Stage
from checks import services as checks
from checks.demo import seed_real_households
from checks.models import DECLARATION_FIELDS, CheckOutcome
from consent import services as consent
from consent.models import ConsentFormat, ConsentText, ConsentTranslation
from consent.receipts import receipt_mark_sent
from dataprotection.demo import seed_accountability, seed_subject_access
from governance.models import Course
from governance.services import training_record
from incidents.models import IncidentKind
from incidents.services import incident_report
from platforms.defaults import ensure_default_platforms
from platforms.models import Platform, ViewingAccount, ViewingAccountKind
from platforms.services import profile_add
from policy.gate import asked_to_accept
from policy.models import PolicyVersion
from policy.services import acknowledge_current_policy
from policy.text import agency_policy_text
from ripa import services as ripa
from ripa.dates import last_valid_day
from ripa.models import AuthorisingOfficer, RipaApplication

# The agency's policy as written, with its own clause numbers (the policy page anchors each clause).
POLICY_V1 = agency_policy_text()

CONSENT_V1 = """\
As part of your assessment, a social worker may look once at one of your social media
profiles (for example Facebook, Instagram or X (formerly Twitter)). They will use the
agency's own account or a logged-out view, will not contact you or your friends through
social media, and will record only a short summary that is relevant to your assessment. They will not look again
unless the law allows it. You can say no, and you can withdraw your consent at any time
before the check by telling your social worker.
"""

CONSENT_V1_EASY_READ = """\
We would like to look at one of your social media pages, one time.
We will not message you or your friends.
We will write down only what matters for your assessment.
You can say no.
You can change your mind before we look.
"""

COUNCILS = [
    # name, mail domain, (data protection officer, senior responsible officer, RIPA coordinator)
    (
        "Staffordshire County Council",
        "staffordshire.example.org",
        ("Priya Demo-Shah", "Martin Demo-Hale", "Joan Demo-Reeve"),
    ),
    ("Stoke-on-Trent City Council", "stoke.example.org", ("Owen Demo-Price", "Helen Demo-Marsh", "Sam Demo-Kaur")),
    ("Telford and Wrekin Council", "telford.example.org", ("Grace Demo-Lund", "Alan Demo-Frost", "Ruth Demo-Oakes")),
]
TEAMS = ["Team A (North)", "Team B (South)", "Team C (East)"]

DEMO_USERS = [
    # username, first, last, role, email, team (index into TEAMS): member or, for managers, managed
    ("demo-worker", "Wren", "Adeyemi", Role.WORKER, "demo-worker@example.org", 0),
    ("demo-worker-2", "Ollie", "Brennan", Role.WORKER, "demo-worker-2@example.org", 1),
    ("demo-manager", "Priya", "Chandler", Role.MANAGER, "demo-manager@example.org", 0),
    ("demo-admin", "Sam", "Douglas", Role.ADMIN, "demo-admin@example.org", None),
    ("demo-manager-2", "Marigold", "Pennywhistle", Role.MANAGER, "demo-manager-2@example.org", 1),
    ("demo-auditor", "Hollis", "Ledgerwood", Role.AUDITOR, "demo-auditor@example.org", None),
    ("demo-worker-3", "Tamsin", "Quillfeather", Role.WORKER, "demo-worker-3@example.org", 0),
    ("demo-worker-4", "Barnaby", "Thistlewood", Role.WORKER, "demo-worker-4@example.org", 0),
    ("demo-worker-5", "Juniper", "Oakenshaw", Role.WORKER, "demo-worker-5@example.org", 1),
    ("demo-worker-6", "Idris", "Fernsby", Role.WORKER, "demo-worker-6@example.org", 2),
    ("demo-worker-7", "Clementine", "Puddifoot", Role.WORKER, "demo-worker-7@example.org", 2),
    ("demo-worker-8", "Rufus", "Larkspur", Role.WORKER, "demo-worker-8@example.org", 2),
    # A designated RIPA authorising officer of every demo council, who manages no team.
    ("demo-ao", "Ada", "Ormsby-Vane", Role.MANAGER, "demo-ao@example.org", None),
    ("demo-trainee", "Wren", "Applewhite", Role.WORKER, "demo-trainee@example.org", 0),
    # Signs in with a second factor; the other demo users keep password-only sign-in for outside checks.
    ("demo-two-step", "Ines", "Marchbank", Role.MANAGER, "demo-two-step@example.org", 0),
]
ROLE_NOTES = {
    "demo-admin": "admin (admin home at /administration/, Django admin at /admin/)",
    "demo-auditor": "auditor: the data protection officer, read-only",
    "demo-ao": "designated RIPA authorising officer of the three councils (manages no team)",
}
AUTHORISING_OFFICER = "demo-ao"
# A new starter who has not yet accepted the policy: the rules refuse their checks.
NEW_STARTER = "demo-worker-8"
# A worker of the first team whose training is not yet recorded: the rules refuse their checks
# (TRAINING_REQUIRED). Allocated no households, so the rest of the demo is unchanged.
TRAINEE = "demo-trainee"
# Signs in as production asks everyone to: the password, then a code from an authenticator app.
TWO_STEP_USER = "demo-two-step"
COURSE = "Social media checks and RIPA"
COURSE_MONTHS = 24
# Trained so long ago that the course runs out within 30 days: the training page flags them.
EXPIRING_SOON = "demo-worker-4"
# demo-manager-2 also manages Team C.
EXTRA_MANAGED = {"demo-manager-2": [2]}

HOUSEHOLD_COUNT = 60
REFERENCE = "DEMO-2026-{:03d}"
SEED = 15

# (stage reached, outcome if closed): every stage the services can reach and every outcome.
CASES = (
    [(Stage.ENQUIRY, "")] * 3
    + [(Stage.ROI_RECEIVED, "")] * 5
    + [(Stage.STAGE_1, "")] * 12
    + [(Stage.BREAK, "")] * 4
    + [(Stage.STAGE_2, "")] * 10
    + [(Stage.PANEL, "")] * 5
    + [(Stage.APPROVED, "")] * 6
    + [
        (Stage.ROI_RECEIVED, CaseOutcome.WITHDRAWN),
        (Stage.STAGE_1, CaseOutcome.WITHDRAWN),
        (Stage.STAGE_1, CaseOutcome.WITHDRAWN),
        (Stage.STAGE_2, CaseOutcome.WITHDRAWN),
        (Stage.STAGE_1, CaseOutcome.NOT_SUITABLE),
        (Stage.BREAK, CaseOutcome.NOT_SUITABLE),
        (Stage.STAGE_2, CaseOutcome.NOT_SUITABLE),
        (Stage.PANEL, CaseOutcome.NOT_APPROVED),
        (Stage.PANEL, CaseOutcome.NOT_APPROVED),
        (Stage.PANEL, CaseOutcome.NOT_APPROVED),
        (Stage.APPROVED, CaseOutcome.APPROVED_AND_CLOSED),
        (Stage.APPROVED, CaseOutcome.APPROVED_AND_CLOSED),
        (Stage.APPROVED, CaseOutcome.APPROVED_AND_CLOSED),
        (Stage.ROI_RECEIVED, CaseOutcome.CLOSED_OTHER),
        (Stage.STAGE_2, CaseOutcome.CLOSED_OTHER),
    ]
)
PATH = [Stage.ENQUIRY, Stage.ROI_RECEIVED, Stage.STAGE_1, Stage.BREAK, Stage.STAGE_2, Stage.PANEL, Stage.APPROVED]
# Days a completed stage lasted, and days so far in an open one (past the due date sometimes).
DONE_DAYS = {
    Stage.ENQUIRY: (7, 30),
    Stage.ROI_RECEIVED: (5, 25),
    Stage.STAGE_1: (40, 70),
    Stage.BREAK: (30, 120),
    Stage.STAGE_2: (90, 125),
    Stage.PANEL: (14, 40),
}
OPEN_DAYS = {
    Stage.ENQUIRY: (3, 20),
    Stage.ROI_RECEIVED: (2, 20),
    Stage.STAGE_1: (5, 85),
    Stage.BREAK: (10, 150),
    Stage.STAGE_2: (10, 150),
    Stage.PANEL: (5, 30),
    Stage.APPROVED: (10, 200),
}
# Households with an incident, by position, and the household with a RIPA authorisation.
INCIDENTS = {
    4: (IncidentKind.TROLLING, "The applicant's brother posted abusive comments about the worker on a public page."),
    11: (IncidentKind.THREAT, "A relative phoned the office and threatened the worker after the home visit."),
    23: (
        IncidentKind.POLICY_BREACH,
        "A worker viewed the applicant's profile from a personal phone before the check was started.",
    ),
    37: (IncidentKind.DATA_BREACH, "A stage 1 report was emailed to the wrong council's generic inbox."),
}
CLOSING_REASONS = {
    CaseOutcome.WITHDRAWN: "The applicants withdrew: they have decided to wait a year.",
    CaseOutcome.NOT_SUITABLE: "Assessed as not suitable to adopt at this time; discussed with the applicants.",
    CaseOutcome.NOT_APPROVED: "The panel recommended not to approve; the agency decision maker agreed.",
    CaseOutcome.APPROVED_AND_CLOSED: "Approved; the child has been placed and the adoption order made.",
    CaseOutcome.CLOSED_OTHER: "The household moved out of the region and transferred to another agency.",
}
FINDINGS = {
    CheckOutcome.NO_CONCERNS: "Public posts about family walks, a running club and a local choir. Nothing of concern.",
    CheckOutcome.CONCERNS_TO_DISCUSS: (
        "Several public posts disparaging birth parents in the news. To discuss at the next visit."
    ),
    CheckOutcome.PROFILE_PRIVATE: "The profile is private; nothing could be seen from the organisation account.",
}

FIRST_NAMES = [
    "Alex", "Jordan", "Casey", "Morgan", "Robin", "Jamie", "Sasha", "Taylor", "Rowan", "Avery",
    "Priya", "Tomasz", "Aisha", "Callum", "Niamh", "Bilal", "Ffion", "Marek", "Leah", "Omar",
    "Grace", "Dylan", "Hana", "Rhys", "Zainab", "Ewan", "Chloe", "Kwame", "Isla", "Nasir",
]  # fmt: skip
SURNAME_STARTS = [
    "Bramble",
    "Thistle",
    "Puddle",
    "Nettle",
    "Willow",
    "Hazel",
    "Moss",
    "Fern",
    "Copper",
    "Larch",
    "Heron",
]
SURNAME_ENDS = ["wick", "down", "ford", "bury", "thwaite", "combe", "hollow"]
# Communication needs (Accessible Information Standard) and the consent format they call for.
NEEDS = [
    ({"information_formats": [InformationFormat.EASY_READ]}, ConsentFormat.EASY_READ),
    (
        {"information_formats": [InformationFormat.LARGE_PRINT], "large_print_points": 20, "contact_method": "letter"},
        ConsentFormat.LARGE_PRINT,
    ),
    ({"information_formats": [InformationFormat.AUDIO], "contact_method": "phone"}, ConsentFormat.AUDIO),
    ({"information_formats": [InformationFormat.BRAILLE, InformationFormat.ELECTRONIC]}, ConsentFormat.BRAILLE),
    (
        {
            "information_formats": [InformationFormat.TRANSLATED],
            "translation_language": "Polish",
            "communication_support": [CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER],
            "interpreter_language": "Polish",
            "consent_language": "pl",
        },
        ConsentFormat.TRANSLATED,
    ),
    (
        {"communication_support": [CommunicationSupport.BSL_INTERPRETER], "contact_method": "video_relay"},
        ConsentFormat.STANDARD,
    ),
    (
        {
            "information_formats": [InformationFormat.TRANSLATED],
            "translation_language": "Welsh",
            "communication_notes": "Prefers phone calls in the evening.",
            "consent_language": "cy",
        },
        ConsentFormat.TRANSLATED,
    ),
]
# The support used at signing, for needs that call for it (Accessible Information Standard: meet).
SUPPORT_AT_SIGNING = {
    CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER: (
        "Polish",
        "Interpreter booking LB-{number} (Demo Language Line)",
    ),
    CommunicationSupport.BSL_INTERPRETER: ("", "Sam Demo-Signer, BSL interpreter, booking BSL-{number}"),
}
CONSENT_TRANSLATIONS = [
    (
        "pl",
        "Polish",
        "PL-1",
        "W ramach oceny pracownik socjalny może raz obejrzeć jeden z Twoich profili w mediach społecznościowych "
        "(na przykład Facebook, Instagram lub X (dawniej Twitter)). Użyje konta agencji lub widoku bez logowania, nie będzie "
        "kontaktować się z Tobą ani z Twoimi znajomymi i zapisze tylko krótkie podsumowanie istotne dla oceny. "
        "Możesz odmówić i możesz wycofać zgodę w każdej chwili przed sprawdzeniem.",
    ),
    (
        "cy",
        "Welsh",
        "CY-1",
        "Fel rhan o'ch asesiad, gall gweithiwr cymdeithasol edrych unwaith ar un o'ch proffiliau cyfryngau "
        "cymdeithasol (er enghraifft Facebook, Instagram neu X (Twitter gynt)). Byddant yn defnyddio cyfrif yr asiantaeth neu "
        "olwg heb fewngofnodi, ac yn cofnodi crynodeb byr yn unig. Gallwch ddweud na, a gallwch dynnu eich "
        "caniatâd yn ôl unrhyw bryd cyn y gwiriad.",
    ),
]
CHECKABLE = ["facebook", "instagram", "tiktok", "x"]


@dataclass
class Agency:
    """What every household's history needs: the people, platforms and accounts."""

    councils: list
    teams: list
    users: dict
    workers_by_team: list
    managers_by_team: list
    platforms: dict
    accounts: dict = field(default_factory=dict)


def _declarations(**missing) -> dict:
    return {name: missing.get(name, True) for name in DECLARATION_FIELDS}


def _seed_users(teams, reset_passwords) -> tuple[dict[str, User], dict[str, str]]:
    passwords: dict[str, str] = {}
    users: dict[str, User] = {}
    for username, first, last, role, email, team in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "role": role, "email": email},
        )
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if created or reset_passwords:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            passwords[username] = password
        if username == TWO_STEP_USER and (created or reset_passwords):
            _give_authenticator_app(user)
        if team is not None:
            if role == Role.MANAGER:
                for index in [team, *EXTRA_MANAGED.get(username, [])]:
                    teams[index].managers.add(user)
            else:
                teams[team].members.add(user)
        users[username] = user
    return users, passwords


def _give_authenticator_app(user: User) -> None:
    """A new authenticator app key (replacing any other), as if they had set it up:
    the seed prints it beside the password, so a newcomer sees the real second step."""
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    record_two_factor(
        user,
        actor=None,
        summary=f"{user.username} was given an authenticator app by the demo seed",
        data={"method": "totp", "added": True},
    )


def authenticator_app_keys() -> dict[str, str]:
    """The demo users who sign in with an authenticator app, and its key as typed into one."""
    devices = TOTPDevice.objects.filter(user__username=TWO_STEP_USER, confirmed=True)
    return {device.user.username: grouped_secret(device) for device in devices.select_related("user")}


def _seed_training(users: dict[str, User]) -> None:
    """The required course, and in-date training for every demo worker and manager but the trainee,
    recorded by their managers through the service (managers record their own)."""
    course, _ = Course.objects.get_or_create(
        name=COURSE, defaults={"validity_months": COURSE_MONTHS, "required_for_checking": True}
    )
    today = timezone.localdate()
    for user in users.values():
        if not user.is_case_worker or user.username == TRAINEE or user.training_records.filter(course=course).exists():
            continue
        recorder = user if user.is_manager else User.objects.filter(managed_teams__members=user).first()
        days_ago = 30 * COURSE_MONTHS - 20 if user.username == EXPIRING_SOON else 60
        training_record(
            user=recorder,
            person_id=user.pk,
            course_id=course.pk,
            completed_on=today - datetime.timedelta(days=days_ago),
        )


def describe_user(username: str) -> str:
    """The demo user's role and team, for the seed's output."""
    if username in ROLE_NOTES:
        return ROLE_NOTES[username]
    role, team = {u[0]: (u[3], u[5]) for u in DEMO_USERS}[username]
    if role == Role.MANAGER:
        note = "manager of " + " and ".join(TEAMS[i] for i in [team, *EXTRA_MANAGED.get(username, [])])
        return note + (" (signs in with an authenticator app)" if username == TWO_STEP_USER else "")
    note = f"social worker, {TEAMS[team]}"
    if username == TRAINEE:
        return note + " (training not recorded yet)"
    return note + (" (has not accepted the policy yet)" if username == NEW_STARTER else "")


@transaction.atomic
def _seed_agency(reset_passwords: bool) -> tuple[Agency, dict[str, str]]:
    ensure_default_platforms()
    councils = [
        LocalAuthority.objects.update_or_create(
            name=name,
            defaults={
                "dpo_name": dpo,
                "dpo_email": f"dpo@{domain}",
                "senior_responsible_officer_name": sro,
                "senior_responsible_officer_email": f"sro@{domain}",
                "ripa_coordinator_name": coordinator,
                "ripa_coordinator_email": f"ripa@{domain}",
            },
        )[0]
        for name, domain, (dpo, sro, coordinator) in COUNCILS
    ]
    teams = [Team.objects.get_or_create(name=name)[0] for name in TEAMS]
    seed_accountability(councils, teams)  # dataprotection/demo.py: lawful basis versions, teams' councils
    users, passwords = _seed_users(teams, reset_passwords)
    PolicyVersion.objects.get_or_create(
        version="1",
        defaults={
            "title": "Social media (prospective adopters) policy",
            "body": POLICY_V1,
            "published_at": timezone.now(),
        },
    )
    text, _ = ConsentText.objects.get_or_create(
        version="1",
        defaults={
            "body": CONSENT_V1,
            "easy_read_body": CONSENT_V1_EASY_READ,
            "easy_read_version": "ER-1",
            "published_at": timezone.now(),
        },
    )
    for code, name, version, body in CONSENT_TRANSLATIONS:
        ConsentTranslation.objects.get_or_create(
            consent_text=text, language=code, defaults={"language_name": name, "version": version, "body": body}
        )
    for council in councils:
        AuthorisingOfficer.objects.get_or_create(
            council=council,
            user=users[AUTHORISING_OFFICER],
            defaults={"grade": "Director of Children's Services (fictional)", "designated_on": timezone.localdate()},
        )
    for user in users.values():
        # Everyone the policy gate asks has accepted it (so each demo user lands on their
        # home page), but the new starter, who shows the gate.
        if asked_to_accept(user) and user.username != NEW_STARTER:
            acknowledge_current_policy(user=user)
    _seed_training(users)
    by_role = {
        role: [
            [
                users[u[0]]
                for u in DEMO_USERS
                if u[3] == role and u[0] != TRAINEE and i in [u[5], *EXTRA_MANAGED.get(u[0], [])]
            ]
            for i in range(len(TEAMS))
        ]
        for role in (Role.WORKER, Role.MANAGER)
    }
    platforms = {p.slug: p for p in Platform.objects.all()}
    agency = Agency(councils, teams, users, by_role[Role.WORKER], by_role[Role.MANAGER], platforms)
    for account in ViewingAccount.objects.filter(active=True).order_by("pk"):
        agency.accounts.setdefault((account.platform_id, account.kind), account.pk)
    return agency, passwords


def seed_demo(*, reset_passwords: bool = False) -> dict[str, str]:
    """Create the demo records if missing. Returns the passwords set (new users, or all on reset)."""
    agency, passwords = _seed_agency(reset_passwords)
    rng = random.Random(SEED)
    plan = list(CASES)
    rng.shuffle(plan)
    surnames = rng.sample([s + e for s in SURNAME_STARTS for e in SURNAME_ENDS], HOUSEHOLD_COUNT)
    for number, ((stage, outcome), surname) in enumerate(zip(plan, surnames, strict=True), start=1):
        reference = REFERENCE.format(number)
        if not Household.objects.filter(reference=reference).exists():
            DemoHousehold(agency, number, reference, stage, outcome, surname).seed()
    seed_real_households(agency)  # checks/demo.py: a joint account, a voided check, a returning applicant
    seed_subject_access(agency.users["demo-auditor"])  # dataprotection/demo.py: the DPO's requests
    seed_allocation_and_correction(agency)  # cases/demo.py: a re-allocation and a corrected date of birth
    return passwords


class DemoHousehold:
    """One household's history, written in date order through the services."""

    def __init__(self, agency: Agency, number: int, reference: str, stage: str, outcome: str, surname: str):
        self.agency, self.number, self.reference = agency, number, reference
        self.rng = random.Random(SEED * 1000 + number)
        self.team_index = number % len(agency.teams)
        team_workers = agency.workers_by_team[self.team_index]
        self.worker = team_workers[(number // len(agency.teams)) % len(team_workers)]
        self.manager = agency.managers_by_team[self.team_index][0]
        self.stage, self.outcome, self.surname = Stage(stage), outcome, surname
        self.today = timezone.localdate()

    def _days(self, bounds) -> int:
        return self.rng.randint(*bounds)

    def _timeline(self) -> tuple[datetime.date, list[tuple[str, datetime.date]], datetime.date | None]:
        """When the ROI came in, each move (stage, date), and the closing date, all in the past and in order."""
        path = PATH[: PATH.index(self.stage) + 1]
        if self.stage != Stage.BREAK and Stage.BREAK in path and self.rng.random() > 0.3:
            path.remove(Stage.BREAK)
        lasted = [self._days(DONE_DAYS[s]) for s in path[:-1]]
        current = self._days(OPEN_DAYS[self.stage] if not self.outcome else (5, 60))
        closed_ago = self._days((20, 400)) if self.outcome else 0
        day = self.today - datetime.timedelta(days=sum(lasted) + current + closed_ago)
        received, moves = day, []
        for stage, days in zip(path[1:], lasted, strict=True):
            day += datetime.timedelta(days=days)
            moves.append((stage, day))
        closed = self.today - datetime.timedelta(days=closed_ago) if self.outcome else None
        return received, moves, closed

    @transaction.atomic
    def seed(self):
        received, moves, closed = self._timeline()
        # Each case began as an enquiry; the ROI form (and with it consent) came at the move to roi_received.
        roi_on = next((on for stage, on in moves if stage == Stage.ROI_RECEIVED), None)
        agency, worker = self.agency, self.worker
        household = cases.household_create(
            user=worker,
            reference=self.reference,
            local_authority=agency.councils[self.team_index if self.rng.random() < 0.8 else self.number % 3],
            team=agency.teams[self.team_index],
            allocated_worker=worker,
            received_on=received,
            stage=Stage.ENQUIRY,
        )
        applicants = self._applicants(household, roi_on)
        for stage, on in moves:
            cases.household_move(
                user=worker, household_id=household.pk, stage=stage, on=on, **self._move_details(stage)
            )
        if any(stage == Stage.STAGE_1 for stage, _ in moves):  # checks are made once the ROI is accepted
            for applicant, state, profile in applicants:
                self._check(applicant, state, profile)
        if self.number in INCIDENTS and applicants:
            kind, description = INCIDENTS[self.number]
            occurred = moves[-1][1] if moves else received
            incident_report(
                user=worker,
                kind=kind,
                description=description,
                occurred_at=timezone.make_aware(datetime.datetime.combine(occurred, datetime.time(10, 30))),
                applicant_id=applicants[0][0].pk,
            )
        if (
            self.stage == Stage.STAGE_2
            and not self.outcome
            and not RipaApplication.objects.filter(status="active").exists()
        ):
            self._ripa(applicants)
        if closed:
            cases.household_close(
                user=self.manager,
                household_id=household.pk,
                outcome=self.outcome,
                on=closed,
                reason=CLOSING_REASONS[self.outcome],
            )
            if applicants and applicants[0][2] and self.rng.random() < 0.5:
                self._attempt(applicants[0][0], applicants[0][2])  # refused: the case is closed
        if self.outcome == CaseOutcome.NOT_SUITABLE and not Household.objects.filter(legal_hold=True).exists():
            cases.legal_hold_change(
                user=self.manager,
                household_id=household.pk,
                held=True,
                reason="The applicants have brought a claim against the council; legal asked us to keep the file.",
            )

    def _move_details(self, stage) -> dict:
        """The panel's recommendation and the agency decision maker, on the moves that record them."""
        if stage == Stage.PANEL:
            # The agency decision maker is not bound by the panel: one case in eight was not recommended.
            recommended = self.number % 8 != 5
            return {"panel_recommendation": "approve" if recommended else "do_not_approve"}
        if stage == Stage.APPROVED:
            return {"decision_maker": "Dr Frances Demo-Whitfield, agency decision maker"}
        return {}

    def _needs_asked(self, needs: dict, position: int) -> tuple[dict, str, dict]:
        """Identify and review (no extra random draws, so the rest of the demo stays the same): about
        one applicant without needs in three not yet asked; reviews due in the past, soon or later;
        the translation and support used at signing."""
        language = needs.pop("consent_language", "en")
        key = self.number * 2 + position
        if not needs:
            needs["needs_status"] = "not_asked" if key % 3 == 0 else "no_needs"
        needs["needs_review_on"] = self.today + datetime.timedelta(days=(key % 5 - 1) * 60)
        support = {}
        for kind in needs.get("communication_support", []):
            if kind in SUPPORT_AT_SIGNING:
                spoken, reference = SUPPORT_AT_SIGNING[kind]
                support = {
                    "support_used": kind,
                    "support_language": spoken,
                    "support_reference": reference.format(number=self.number),
                }
        return needs, language, support

    def _applicants(self, household, received):
        """Add one or two applicants with their consent and profiles; returns (applicant, consent, profile).
        `received`: the day the ROI came (None while still an enquiry)."""
        rng, worker = self.rng, self.worker
        couple = rng.random() < 0.65
        people = []
        for position in range(2 if couple else 1):
            surname = self.surname if position == 0 or rng.random() < 0.6 else rng.choice(SURNAME_STARTS) + "ley"
            needs, consent_format = rng.choice(NEEDS) if rng.random() < 0.25 else ({}, ConsentFormat.STANDARD)
            needs, language, support = self._needs_asked(dict(needs), position)
            first = rng.choice(FIRST_NAMES)
            applicant = cases.applicant_add(
                user=worker,
                household=household,
                first_name=first,
                last_name=surname,
                date_of_birth=self.today - datetime.timedelta(days=rng.randint(28 * 365, 52 * 365)),
                communication_needs=needs,
            )
            state = rng.choices(["given", "refused", "none", "withdrawn"], weights=[70, 8, 10, 12])[0]
            if received is None:  # still an enquiry: no ROI form, so no consent yet
                state = "none"
            signed = (received or self.today) - datetime.timedelta(days=rng.randint(1, 10))
            if state != "none":
                consent.consent_record(
                    user=worker,
                    applicant=applicant,
                    given=state != "refused",
                    signed_on=signed,
                    form_reference=f"ROI/{self.reference[5:]}/{position + 1}",
                    information_format=consent_format,
                    language=language,
                    **support,
                )
            if state == "withdrawn":
                consent.consent_withdraw(
                    user=worker,
                    applicant=applicant,
                    reason="The applicant asked us not to look at their social media after all.",
                    withdrawn_on=min(self.today, received + datetime.timedelta(days=rng.randint(1, 20))),
                )
            slug = rng.choice(CHECKABLE)
            handle = f"{first}{surname}{self.number}".lower()[:15]
            profile = profile_add(user=worker, applicant=applicant, platform=self.agency.platforms[slug], handle=handle)
            people.append((applicant, state, profile))
        return people

    def _attempt(
        self, applicant, profile, *, user=None, declarations=None, kind=ViewingAccountKind.ORGANISATION, **more
    ):
        # A platform with no approved account (LinkedIn) is tried through another platform's: refused.
        accounts = self.agency.accounts
        account = accounts.get((profile.platform_id, kind)) or next(iter(accounts.values()))
        return checks.check_start(
            user=user or self.worker,
            applicant_id=applicant.pk,
            profile_id=profile.pk,
            viewing_account_id=account,
            declarations=declarations or _declarations(),
            purpose="Stage 1 background check: the applicant's public social media presence.",
            **more,
        )

    def _check(self, applicant, state, profile):
        """The one-off check where the rules allow it, and the refused attempts a busy team makes."""
        rng = self.rng
        if state != "given" or self.worker.username == NEW_STARTER:
            if rng.random() < 0.6:
                self._attempt(applicant, profile)  # refused: no consent, withdrawn, or policy not accepted
            return
        if rng.random() < 0.12:
            self._attempt(applicant, profile, declarations=_declarations(no_interaction=False))
        if rng.random() < 0.08:
            linkedin = profile_add(
                user=self.worker,
                applicant=applicant,
                platform=self.agency.platforms["linkedin"],
                handle=f"{applicant.first_name}-{applicant.last_name}-{self.number}".lower(),
            )
            self._attempt(applicant, linkedin)  # refused: the platform is not checkable
        kind = ViewingAccountKind.LOGGED_OUT if rng.random() < 0.3 else ViewingAccountKind.ORGANISATION
        started = self._attempt(applicant, profile, kind=kind)
        if not started.allowed:
            return
        if self.stage == Stage.STAGE_1 and not self.outcome and rng.random() < 0.25:
            return  # started today, findings not yet recorded
        outcome = rng.choices(list(FINDINGS), weights=[70, 15, 15])[0]
        completed = checks.check_complete(
            user=self.worker,
            social_check_id=started.social_check.pk,
            findings_summary=FINDINGS[outcome],
            outcome=outcome,
            no_third_party_details=True,
        )
        if self.number % 3 != 1 and not self.outcome:  # the receipt to the applicant, mostly sent
            receipt_mark_sent(
                user=self.worker,
                social_check=completed,
                sent_on=timezone.localtime(completed.completed_at).date(),
                sent_how="email" if self.number % 2 else "post",
            )
        if rng.random() < 0.1:
            self._attempt(applicant, profile)  # refused: already checked, profile already viewed

    def _ripa(self, applicants):
        """The register's examples (rare in adoption work): one authorisation in force with a
        view under it, one the authorising officer refused, and one that lapsed without being
        cancelled. Written through ripa.services; the lapsed one's dates are then moved back,
        as the demo's histories are, since the services date each step today."""
        applicant, _state, profile = applicants[0]
        officer = self.agency.users[AUTHORISING_OFFICER]

        def apply(offence, months):
            return ripa.application_create(
                user=self.manager,
                applicant_id=applicant.pk,
                profile_ids=[profile.pk],
                offence=offence,
                offence_max_sentence_months=months,
                necessity="The police asked the council to assist; the profile is the only source of the dates.",
                proportionality=dict.fromkeys(
                    ("balance", "least_intrusive", "appropriate_use", "alternatives"),
                    "Public posts only, viewed weekly for dates and places; an interview was tried first.",
                ),
                collateral_intrusion="Friends' comments may be seen; none are recorded.",
                collateral_intrusion_minimised="Only the applicant's own posts are read; nothing about others is noted.",
                confidential_information_likely=False,
            )

        def decide(application, granted=True):
            ripa.application_decide(
                user=officer,
                application_id=application.pk,
                granted=granted,
                reasons="Necessary and proportionate for the offence described."
                if granted
                else "Not necessary: the information can be asked for at interview.",
            )
            if granted:
                ripa.justice_approval_record(
                    user=self.manager,
                    application_id=application.pk,
                    approved=True,
                    on=self.today,
                    court="Shrewsbury Magistrates' Court (fictional)",
                    justice="District Judge A. Demo-Marsh",
                )

        in_force = apply("Fraud by false representation (Fraud Act 2006, s.2)", 120)
        decide(in_force)
        decide(apply("Theft (Theft Act 1968, s.1)", 84), granted=False)
        lapsed = apply("Benefit fraud (Social Security Administration Act 1992, s.111A)", 84)
        decide(lapsed)
        took_effect = self.today - datetime.timedelta(days=125)
        RipaApplication.objects.filter(pk=lapsed.pk).update(
            applied_on=took_effect - datetime.timedelta(days=6),
            decided_on=took_effect - datetime.timedelta(days=3),
            justice_decided_on=took_effect,
            valid_from=took_effect,
            last_valid_day=last_valid_day(took_effect),
        )
        self._attempt(applicant, profile, ripa_authorisation_id=in_force.pk)  # a view under it
