"""The first second factor is set up with a one-time code from an admin
(accounts.twofactor.setup_code), so that knowing someone's password is not
enough to set up a factor in their name."""

import datetime
import json
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import SetupCode
from accounts.twofactor.setup_code import issue_setup_code
from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory


@pytest.fixture
def required(settings):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    return settings


@pytest.fixture
def signed_in(client, worker, required):
    client.force_login(worker)
    return client


def enter(client, typed: str):
    return client.post(reverse("twofactor:code"), {"code": typed, "next": "/policy/"})


def page_text(response) -> str:
    return response.content.decode()


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", page_text(response), re.S).group(1).strip()


def test_without_a_code_every_set_up_page_asks_for_it_first(signed_in):
    for name in ("twofactor:setup", "twofactor:app", "twofactor:passkey"):
        response = signed_in.get(reverse(name) + "?next=/policy/")
        assert response.status_code == 302, name
        assert response["Location"] == reverse("twofactor:code") + "?next=%2Fpolicy%2F", name
    # The app page did not get as far as making a key.
    assert not TOTPDevice.objects.exists()
    page = signed_in.get(reverse("twofactor:code"))
    assert title(page) == "Enter your set-up code – Social media checks"
    assert "ask an administrator for a new one" in page_text(page)


def test_a_passkey_cannot_be_registered_without_the_code(signed_in):
    response = signed_in.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 403
    assert response.json()["code"] == "setup_code_needed"
    completed = signed_in.post(
        reverse("otp_webauthn:credential-registration-complete"), data="{}", content_type="application/json"
    )
    assert completed.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_the_right_code_opens_the_set_up_pages_however_it_is_typed(signed_in, worker):
    code = issue_setup_code(user=worker, issued_by=None)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    response = enter(signed_in, " " + code.lower().replace("-", " ") + " ")
    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor:setup") + "?next=%2Fpolicy%2F"
    assert signed_in.get(reverse("twofactor:setup")).status_code == 200
    assert signed_in.get(reverse("twofactor:app")).status_code == 200
    options = signed_in.post(reverse("otp_webauthn:credential-registration-begin"))
    assert options.status_code == 200 and options.json()["challenge"]
    entered = AuditEvent.objects.filter(action=Action.TWO_FACTOR).latest("seq")
    assert entered.actor == worker and entered.data == {"setup_code": "entered"}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the set-up code an administrator gave you"),
        ("ABCD-EFGH", "The set-up code is 12 letters and numbers"),
        ("ABCD-EFGH-JKMN", "The set-up code is not right or has expired"),
    ],
)
def test_a_missing_short_or_wrong_code_is_refused_with_a_clear_message(signed_in, worker, typed, message):
    issue_setup_code(user=worker, issued_by=None)
    response = enter(signed_in, typed)
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    assert message in page_text(response)
    assert 'class="govuk-error-summary"' in page_text(response)
    assert signed_in.get(reverse("twofactor:setup")).status_code == 302


def test_an_expired_code_does_not_work(signed_in, worker):
    code = issue_setup_code(user=worker, issued_by=None)
    SetupCode.objects.filter(user=worker).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "not right or has expired" in page_text(enter(signed_in, code))


def test_someone_elses_code_does_not_work(signed_in, teammate):
    code = issue_setup_code(user=teammate, issued_by=None)
    assert "not right or has expired" in page_text(enter(signed_in, code))


def test_issuing_again_replaces_the_earlier_code(signed_in, worker):
    first = issue_setup_code(user=worker, issued_by=None)
    second = issue_setup_code(user=worker, issued_by=None)
    assert SetupCode.objects.filter(user=worker).count() == 1
    assert "not right or has expired" in page_text(enter(signed_in, first))
    assert enter(signed_in, second).status_code == 302


def test_only_a_hash_of_the_code_is_kept(worker):
    code = issue_setup_code(user=worker, issued_by=None).replace("-", "")
    stored = SetupCode.objects.get(user=worker)
    assert code not in stored.code_hash
    assert check_password(code, stored.code_hash)


def test_the_code_goes_once_a_factor_is_set_up(signed_in, worker):
    enter(signed_in, issue_setup_code(user=worker, issued_by=None))
    signed_in.get(reverse("twofactor:app"))
    device = TOTPDevice.objects.get(user=worker)
    right = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert signed_in.post(reverse("twofactor:app"), {"code": right}).status_code == 302
    assert not SetupCode.objects.filter(user=worker).exists()
    assert signed_in.get(reverse("caseload")).status_code == 200


def test_wrong_codes_count_towards_the_sign_in_lockout(client, worker, required, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    code = issue_setup_code(user=worker, issued_by=None)
    client.post(reverse("login"), {"username": worker.username, "password": PASSWORD})
    statuses = [enter(client, "ABCD-EFGH-JKMN").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "_auth_user_id" not in client.session
    # Locked: the password is refused now, so the right code cannot even be tried.
    assert client.post(reverse("login"), {"username": worker.username, "password": PASSWORD}).status_code == 429
    assert enter(client, code)["Location"].startswith(reverse("login"))
    assert SetupCode.objects.filter(user=worker).exists()


def test_in_the_demo_no_code_is_needed(client, worker, settings):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = False
    client.force_login(worker)
    assert client.get(reverse("twofactor:setup")).status_code == 200
    assert client.get(reverse("twofactor:code"))["Location"].startswith(reverse("twofactor:setup"))


def test_an_admin_issues_codes_from_the_users_list_and_sees_them_once(client, admin_user, worker, teammate):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "issue_setup_codes", "_selected_action": [worker.pk, teammate.pk]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = dict(re.findall(r"<td>(\w+)</td><td>[^<]*</td><td><code>([A-Z2-9-]+)</code>", page_text(response)))
    assert set(shown) == {"worker", "teammate"}
    for user in (worker, teammate):
        assert check_password(shown[user.username].replace("-", ""), SetupCode.objects.get(user=user).code_hash)
    issued = AuditEvent.objects.filter(action=Action.TWO_FACTOR, data__setup_code="issued")
    assert {event.record_id for event in issued} == {str(worker.pk), str(teammate.pk)}
    assert all(event.actor == admin_user for event in issued)
    assert "messages" not in json.dumps(dict(client.cookies.items()), default=str)


def test_the_first_admin_gets_a_code_from_the_command_line(admin_user, capsys):
    call_command("issue_setup_code", "admin")
    printed = capsys.readouterr().out.strip()
    issued = AuditEvent.objects.get(action=Action.TWO_FACTOR, data__setup_code="issued")
    assert issued.actor is None and issued.summary == "The system issued a set-up code for admin"
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", printed)
    assert check_password(printed.replace("-", ""), SetupCode.objects.get(user=admin_user).code_hash)


def test_the_command_says_clearly_when_there_is_no_such_user(db):
    with pytest.raises(CommandError, match="There is no user called 'nobody'"):
        call_command("issue_setup_code", "nobody")
