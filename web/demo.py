"""Demo data for the embedded default: enough to walk through every page."""

import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, Team, User
from cases.models import Applicant, Household, InformationFormat, LocalAuthority, Stage
from consent.models import ConsentText
from platforms.defaults import ensure_default_platforms
from policy.models import PolicyVersion

POLICY_V1 = """\
Social media checks on prospective adopters: what you must do

1. Consent first. You may look at an applicant's social media only after they have
   consented on the Registration of Interest (ROI) form, and the consent is recorded here.
2. One profile, once. With consent you may view one account or profile (for example
   Facebook, Instagram or X) on one occasion. Viewing it again, or viewing another
   profile, is repeat viewing. It may be directed surveillance under the Regulation of
   Investigatory Powers Act 2000 and needs a RIPA authorisation, which a council can
   rarely obtain for an adoption assessment. A manager's approval is not a RIPA
   authorisation.
3. No dummy or personal accounts. View only through the organisation's approved
   account or a logged-out public view, on a work device.
4. Do not interact. Do not send friend requests, follow, like or message.
5. Record findings, not screenshots. Write a short summary relevant to the
   assessment and do not record other people's details.
6. Report problems at once. If a service user trolls or threatens you, tell your line
   manager straight away and consider telling the police. Suspected breaches of this
   policy are investigated by the local authority as data controller.
7. Meet communication needs. Give the consent information in the format the applicant
   needs: easy read, large print, audio, Braille or a translation, with an interpreter
   where needed.
"""

CONSENT_V1 = """\
As part of your assessment, a social worker may look once at one of your social media
profiles (for example Facebook, Instagram or X). They will use the agency's own account
or a logged-out view, will not contact you or your friends through social media, and will
record only a short summary that is relevant to your assessment. They will not look again
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

DEMO_USERS = [
    # username, first, last, role, email
    ("demo-worker", "Wren", "Adeyemi", Role.WORKER, "demo-worker@example.org"),
    ("demo-worker-2", "Ollie", "Brennan", Role.WORKER, "demo-worker-2@example.org"),
    ("demo-manager", "Priya", "Chandler", Role.MANAGER, "demo-manager@example.org"),
    ("demo-admin", "Sam", "Douglas", Role.ADMIN, "demo-admin@example.org"),
]


@transaction.atomic
def seed_demo(*, reset_passwords: bool = False) -> dict[str, str]:
    """Create the demo records if missing. Returns the passwords set (new users, or all on reset)."""
    ensure_default_platforms()
    staffs, _ = LocalAuthority.objects.get_or_create(
        name="Staffordshire County Council",
        defaults={"dpo_name": "Data Protection Officer", "dpo_email": "dpo@staffordshire.example.org"},
    )
    LocalAuthority.objects.get_or_create(
        name="Stoke-on-Trent City Council",
        defaults={"dpo_name": "Data Protection Officer", "dpo_email": "dpo@stoke.example.org"},
    )
    team_a, _ = Team.objects.get_or_create(name="Team A (North)")
    team_b, _ = Team.objects.get_or_create(name="Team B (South)")

    passwords: dict[str, str] = {}
    users: dict[str, User] = {}
    for username, first, last, role, email in DEMO_USERS:
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
        users[username] = user
    team_a.members.add(users["demo-worker"])
    team_b.members.add(users["demo-worker-2"])
    team_a.managers.add(users["demo-manager"])

    PolicyVersion.objects.get_or_create(
        version="1",
        defaults={
            "title": "Social media (prospective adopters) policy",
            "body": POLICY_V1,
            "published_at": timezone.now(),
        },
    )
    ConsentText.objects.get_or_create(
        version="1",
        defaults={"body": CONSENT_V1, "easy_read_body": CONSENT_V1_EASY_READ, "published_at": timezone.now()},
    )

    couple, created = Household.objects.get_or_create(
        reference="ROI-2026-0001",
        defaults={
            "local_authority": staffs,
            "team": team_a,
            "allocated_worker": users["demo-worker"],
            "received_on": timezone.localdate(),
            "stage": Stage.ROI_RECEIVED,
            "stage_started_on": timezone.localdate(),
        },
    )
    if created:
        Applicant.objects.create(household=couple, position=1, first_name="Alex", last_name="Morgan")
        Applicant.objects.create(household=couple, position=2, first_name="Jordan", last_name="Morgan")
    single, created = Household.objects.get_or_create(
        reference="ROI-2026-0002",
        defaults={
            "local_authority": staffs,
            "team": team_a,
            "allocated_worker": users["demo-worker"],
            "received_on": timezone.localdate(),
            "stage": Stage.ROI_RECEIVED,
            "stage_started_on": timezone.localdate(),
        },
    )
    if created:
        Applicant.objects.create(
            household=single,
            position=1,
            first_name="Casey",
            last_name="Lloyd",
            information_formats=[InformationFormat.LARGE_PRINT],
        )
    return passwords
