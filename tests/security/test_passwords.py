"""Passwords: every set or reset is in the audit trail (never the password or
its hash); people change their own with the current one; new passwords are
checked against lists of common and breached passwords (zxcvbn's)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tangerine-Kettle-Orbit-93"


def password_entries():
    return AuditEvent.objects.filter(record_type="user", action=Action.UPDATE, data__has_key="password")


def assert_no_password_anywhere(user, *passwords):
    user.refresh_from_db()
    secrets = [user.password, *passwords]
    for event in AuditEvent.objects.all():
        text = f"{event.summary} {event.data}"
        assert not any(secret in text for secret in secrets), event
    for entry in LogEntry.objects.all():
        assert not any(secret in str(entry.changes) for secret in secrets), entry


def test_an_admins_password_reset_is_audited_without_the_password(client, admin_user, worker):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[worker.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    event = password_entries().get()
    assert event.actor == admin_user
    assert event.record_id == str(worker.pk)
    assert event.summary == "admin set a new password for worker"
    assert event.data == {"password": "set"}
    assert event.remote_addr == "10.1.2.3"
    assert_no_password_anywhere(worker, NEW_PASSWORD)


def test_a_password_set_outside_a_request_is_audited_too(client, admin_user, worker):
    client.force_login(admin_user)
    client.get(reverse("admin:index"))  # a request before: its actor is not taken for this
    worker.set_password(NEW_PASSWORD)
    worker.save()
    event = password_entries().get()
    assert event.actor is None
    assert event.summary == "A command or the system set a new password for worker"
    assert_no_password_anywhere(worker, NEW_PASSWORD)


def test_turning_password_sign_in_off_is_audited(worker):
    worker.set_unusable_password()
    worker.save()
    assert password_entries().get().data == {"password": "unusable"}


def test_saving_a_user_without_a_new_password_is_no_password_entry(worker):
    worker.first_name = "Sam"
    worker.save()
    worker.save(update_fields=["last_login"])
    assert not password_entries().exists()


# --- Changing your own password ---------------------------------------------------------

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory


def change(client, old=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(
        reverse("password-change"),
        {"old_password": old, "new_password1": new, "new_password2": new if again is None else again},
    )


def test_a_user_changes_their_own_password_with_the_current_one(client, worker):
    client.force_login(worker)
    page = client.get(reverse("password-change"))
    html = page.content.decode()
    assert "<title>Change your password – Social media checks</title>" in html
    assert html.count("<h1") == 1 and 'autocomplete="current-password"' in html
    response = change(client)
    assert response["Location"] == reverse("caseload")
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    assert client.get(reverse("caseload")).status_code == 200  # still signed in here
    event = password_entries().get()
    assert event.actor == worker and event.summary == "worker changed their password"
    assert_no_password_anywhere(worker, NEW_PASSWORD, PASSWORD)


def test_the_current_password_must_be_right(client, worker):
    client.force_login(worker)
    response = change(client, old="not my password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change your password – Social media checks</title>" in html
    assert "Your current password is not right" in html
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD) and not password_entries().exists()


@pytest.mark.parametrize(
    "weak",
    [
        "lost4815162342",  # in zxcvbn's list of breached passwords, not in Django's
        "whosyourdaddy!",
        "password1234",
        "worker-worker-1",  # the username
    ],
)
def test_a_common_or_breached_new_password_is_refused(client, worker, weak):
    client.force_login(worker)
    response = change(client, new=weak)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"new_password1"}
    assert 'href="#id_new_password1"' in response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_the_new_password_twice_must_match(client, worker):
    client.force_login(worker)
    assert "Enter the same new password twice" in change(client, again=NEW_PASSWORD + "x").content.decode()


def test_the_header_links_to_the_page(client, worker):
    client.force_login(worker)
    assert f'href="{reverse("password-change")}"' in client.get(reverse("caseload")).content.decode()
