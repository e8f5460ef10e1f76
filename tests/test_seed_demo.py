from base64 import b32decode

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, Team, User
from audit.models import AuditEvent
from cases.clocks import stage_due_on
from cases.models import CaseOutcome, Household, LocalAuthority, Stage, StageMove
from checks.models import CheckOutcome, Refusal, SocialCheck
from consent.models import Consent
from incidents.models import Incident, IncidentKind
from platforms.models import Platform, ViewingAccount
from ripa.models import AuthorisingOfficer, RipaApplication
from ripa.selectors import display_status

pytestmark = pytest.mark.django_db

MODELS = (
    User, Team, LocalAuthority, Household, StageMove, Consent, SocialCheck, Refusal, Incident,
    RipaApplication, AuthorisingOfficer, Platform, ViewingAccount, AuditEvent,
)  # fmt: skip


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(settings, capsys):
    settings.SOCIALCHECK_DEMO_MODE = True
    call_command("seed_demo")
    return capsys.readouterr().out


def _passwords(output: str) -> dict[str, str]:
    return dict(line.split()[:2] for line in output.splitlines() if line.startswith("  demo-"))


def test_seed_demo_builds_a_regional_agency(seeded):
    assert LocalAuthority.objects.count() >= 3
    assert Team.objects.count() == 3
    assert User.objects.filter(role=Role.WORKER).count() >= 8
    assert User.objects.filter(role=Role.MANAGER).count() >= 2
    worker = User.objects.get(username="demo-worker")
    assert worker.teams.get().name.startswith("Team A")
    assert User.objects.get(username="demo-worker-2").teams.get().name.startswith("Team B")
    assert User.objects.get(username="demo-manager").managed_teams.get() == worker.teams.get()
    assert User.objects.get(username="demo-manager-2").managed_teams.filter(name__startswith="Team B").exists()
    assert User.objects.get(username="demo-auditor").role == Role.AUDITOR
    assert User.objects.get(username="demo-admin").role == Role.ADMIN

    households = Household.objects.all()
    assert 55 <= households.count() <= 65
    reachable = set(Stage.values)  # every stage, enquiry included
    assert set(households.filter(closed_on=None).values_list("stage", flat=True)) == reachable
    assert set(households.exclude(closed_on=None).values_list("outcome", flat=True)) == set(CaseOutcome.values)
    sizes = {h.applicants.count() for h in households}
    assert sizes == {1, 2}
    assert households.filter(legal_hold=True).exists()
    today = timezone.localdate()
    overdue = [
        h for h in households.filter(closed_on=None) if (d := stage_due_on(h.stage, h.stage_started_on)) and d < today
    ]
    assert len(overdue) >= 3
    assert all(h.closed_on < today and h.received_on < h.closed_on for h in households.exclude(closed_on=None))

    # The RIPA register: demo-ao decides for every council; one in force with a view, one refused, one lapsed.
    ao = User.objects.get(username="demo-ao")
    assert not ao.teams.exists() and not ao.managed_teams.exists()
    assert set(AuthorisingOfficer.objects.filter(user=ao).values_list("council", flat=True)) == set(
        LocalAuthority.objects.values_list("pk", flat=True)
    )
    statuses = sorted(display_status(a) for a in RipaApplication.objects.all())
    assert statuses == ["in_force", "lapsed", "refused"]
    assert SocialCheck.objects.filter(ripa_authorisation__isnull=False).count() == 1
    assert set(Incident.objects.values_list("kind", flat=True)) == set(IncidentKind.values)
    assert set(SocialCheck.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(CheckOutcome.values)
    assert len(set(Refusal.objects.values_list("code", flat=True))) >= 3
    assert Consent.objects.filter(given=False).exists() and Consent.objects.exclude(withdrawn_on=None).exists()
    assert AuditEvent.objects.filter(record_type="household").count() >= households.count()
    # Issue 22: a household its manager re-allocated (the worker told), and a corrected date of birth.
    from cases.models import ApplicantCorrection
    from notifications.models import Notification

    correction = ApplicantCorrection.objects.get()
    assert correction.date_of_birth != correction.date_of_birth_before and correction.reason
    assert Notification.objects.filter(kind="allocation").count() == 1


def test_seeding_again_creates_nothing_and_keeps_the_passwords(seeded, capsys):
    passwords = _passwords(seeded)
    assert {"demo-worker", "demo-worker-2", "demo-manager", "demo-admin", "demo-manager-2", "demo-auditor"} <= set(
        passwords
    )
    assert "sign-in" in seeded
    before = _counts()
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert _counts() == before
    assert "demo-manager-2" in second and "demo-auditor" in second  # the users are listed
    assert not any(password in second for password in passwords.values())  # their passwords are not


def test_a_demo_password_signs_the_user_in(seeded, client):
    assert client.login(username="demo-worker", password=_passwords(seeded)["demo-worker"])


def test_the_pages_a_newcomer_opens_have_demo_data_on_them(seeded, client):
    passwords = _passwords(seeded)
    client.login(username="demo-worker", password=passwords["demo-worker"])
    caseload = client.get("/")
    assert caseload.status_code == 200
    household = Household.objects.filter(allocated_worker__username="demo-worker").first()
    assert household.reference in caseload.content.decode()
    assert client.get(f"/households/{household.pk}/").status_code == 200
    client.logout()
    # demo-manager signs in with the password alone, as checks outside the project do.
    client.login(username="demo-manager", password=passwords["demo-manager"])
    assert client.get("/manage/").status_code == 200
    refusals = client.get("/manage/refusals/")
    assert refusals.status_code == 200
    client.logout()
    client.login(username="demo-auditor", password=passwords["demo-auditor"])
    assert client.get("/manage/audit/").status_code == 200
    client.logout()
    # Every demo user but the new starter has accepted the policy: each lands on their home page.
    client.login(username="demo-admin", password=passwords["demo-admin"])
    assert client.get(reverse("admin-home")).status_code == 200
    client.logout()
    client.login(username="demo-ao", password=passwords["demo-ao"])
    assert client.get("/manage/").status_code == 200
    client.logout()
    client.login(username="demo-worker-8", password=passwords["demo-worker-8"])
    assert client.get("/").url.startswith(reverse("policy"))


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.SOCIALCHECK_DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_demo_dpo_has_subject_access_requests_and_each_council_a_lawful_basis(seeded, client):
    from consent.models import Consent
    from dataprotection.models import Decision, LawfulBasisVersion, SubjectAccessRequest

    assert LawfulBasisVersion.objects.count() == LocalAuthority.objects.count()
    assert not Team.objects.filter(local_authority__isnull=True).exists()
    assert not Consent.objects.filter(lawful_basis_version__isnull=True).exists()
    sent, overdue = SubjectAccessRequest.objects.order_by("pk")
    assert sent.completed_on and sent.items.filter(decision=Decision.WITHHOLD).exists() is not None
    assert overdue.overdue and overdue.items.filter(decision=Decision.PENDING).exists()
    client.force_login(User.objects.get(username="demo-auditor"))
    assert f"/data-protection/subject-access/{overdue.pk}/" in client.get("/").content.decode()


def test_every_demo_worker_and_manager_is_trained_but_the_trainee_whom_the_rule_refuses(seeded):
    from checks.services import check_start
    from consent.services import consent_record
    from governance.selectors import staff_who_check, training_status
    from platforms.services import profile_add
    from tests.conftest import ALL_DECLARATIONS
    from tests.factories import ApplicantFactory

    status = {row.person.username: row for row in training_status(staff_who_check())}
    assert not status["demo-trainee"].trained
    assert all(row.trained for name, row in status.items() if name != "demo-trainee")
    assert status["demo-worker-4"].expiring  # flagged on the training page
    trainee = User.objects.get(username="demo-trainee")
    household = Household.objects.filter(team__name=trainee.teams.get().name, closed_on__isnull=True).first()
    applicant = ApplicantFactory(household=household, first_name="Ada", last_name="Newcombe")
    consent_record(user=trainee, applicant=applicant, given=True, signed_on=timezone.localdate(), form_reference="T1")
    profile = profile_add(
        user=trainee, applicant=applicant, platform=Platform.objects.get(slug="facebook"), handle="ada.n"
    )
    result = check_start(
        user=trainee,
        applicant_id=applicant.pk,
        profile_id=profile.pk,
        viewing_account_id=ViewingAccount.objects.filter(platform=profile.platform).first().pk,
        declarations=dict(ALL_DECLARATIONS),
        purpose="Assessment",
    )
    assert result.decision.codes[0] == "TRAINING_REQUIRED"


def _app_key(output: str, username: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith(f"{username} also needs a code"))
    return line.rsplit(": ", 1)[1]


def _code(key: str, **at) -> str:
    """What an authenticator app shows for the printed key (RFC 6238: 30 seconds, 6 digits)."""
    return f"{totp(b32decode(key.replace(' ', '') + '=' * (-len(key.replace(' ', '')) % 8)), **at):06d}"


def test_the_two_step_demo_user_signs_in_with_a_code_from_the_printed_key(seeded, client, settings):
    """The demo shows the second step production enforces: password, then the app's code."""
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    key = _app_key(seeded, "demo-two-step")
    assert "(signs in with an authenticator app)" in seeded
    response = client.post(
        reverse("login"), {"username": "demo-two-step", "password": _passwords(seeded)["demo-two-step"]}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("twofactor:verify"))
    asked = client.get(response["Location"])
    assert "authenticator app" in asked.content.decode() and 'name="code"' in asked.content.decode()
    assert client.get(reverse("oversight-dashboard")).status_code == 302  # nothing else until the code is given

    assert client.post(reverse("twofactor:verify"), {"code": "000000"}).status_code == 200
    TOTPDevice.objects.filter(user__username="demo-two-step").update(throttling_failure_count=0)
    client.post(reverse("twofactor:verify"), {"code": _code(key)})
    assert client.get(reverse("oversight-dashboard")).status_code == 200
    assert AuditEvent.objects.filter(summary="demo-two-step was given an authenticator app by the demo seed").exists()


def test_other_demo_users_have_no_second_factor_and_a_reset_gives_a_new_key(seeded, capsys):
    assert list(TOTPDevice.objects.values_list("user__username", flat=True)) == ["demo-two-step"]
    first = _app_key(seeded, "demo-two-step")
    call_command("seed_demo")
    assert "Add this key" not in capsys.readouterr().out  # shown once, like the passwords
    call_command("seed_demo", "--reset-passwords")
    again = _app_key(capsys.readouterr().out, "demo-two-step")
    assert again != first and TOTPDevice.objects.filter(user__username="demo-two-step").count() == 1
