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
