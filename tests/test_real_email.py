"""Real email (issue 21): notifications go to a real SMTP server on a loopback
port as multipart plain text and HTML, from the council's own address; a
server that refuses or is down leaves them pending, and they go once when it is back."""

import pytest
from django.test import override_settings

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import relay_pending_notifications
from tests.support.smtp import SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    with override_settings(**server.settings()):
        yield server
    server.stop()


def refuse_a_check(worker, applicant, profile, start, capture):
    with capture(execute=True):
        return start(worker, applicant, profile).refusal  # no consent: refused, the manager told


def test_a_refusal_reaches_a_real_mail_server_as_plain_text_and_html_from_the_council(
    smtp, worker, manager, applicant, profile, start, django_capture_on_commit_callbacks
):
    council = applicant.household.local_authority
    council.email_from = "socialcheck@kent.example.gov.uk"
    council.save()
    refusal = refuse_a_check(worker, applicant, profile, start, django_capture_on_commit_callbacks)

    assert len(smtp.mailbox.messages) == 1
    message = smtp.mailbox.messages[0]
    assert smtp.mailbox.envelopes[0] == ("socialcheck@kent.example.gov.uk", [manager.email])
    assert "socialcheck@kent.example.gov.uk" in message["From"] and council.name in message["From"]
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "No consent on the ROI form" in plain and "No consent on the ROI form" in html  # the rule in words
    assert f"/refusals/{refusal.pk}/" in plain
    assert 'href="http://' in html and f"/refusals/{refusal.pk}/" in html
    assert "<html" in html and "<strong>No consent on the ROI form</strong>" in html
    assert applicant.last_name not in plain + html
    assert Notification.objects.get(kind="refusal").sent_at is not None


def test_a_council_without_its_own_address_sends_from_the_default(
    smtp, settings, worker, manager, applicant, profile, start, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "socialcheck@agency.example.org"
    refuse_a_check(worker, applicant, profile, start, django_capture_on_commit_callbacks)
    assert smtp.mailbox.envelopes[0][0] == "socialcheck@agency.example.org"


def test_every_template_has_an_html_part_even_without_its_own_html_template(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind="t",
            template="audit_verification_failed",
            context={"result": None, "url": "https://x.example/audit/"},
            recipients=["dpo@example.org"],
        )
    message = smtp.mailbox.messages[0]
    assert message.get_content_type() == "multipart/alternative"
    assert "<html" in message.get_body(("html",)).get_content()


@pytest.mark.parametrize("outage", ["refuses", "down"])
def test_a_refusing_or_absent_server_leaves_it_pending_and_it_is_delivered_once_when_back(
    outage, smtp, worker, manager, applicant, profile, start, django_capture_on_commit_callbacks
):
    if outage == "refuses":
        smtp.mailbox.refuse = "451 4.3.0 Try again later"
    else:
        smtp.stop()
    refuse_a_check(worker, applicant, profile, start, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(kind="refusal")
    assert notification.sent_at is None
    assert notification.attempts == 1 and notification.last_error
    assert smtp.mailbox.messages == []

    assert relay_pending_notifications(older_than_seconds=0) == 1  # still failing: still pending
    notification.refresh_from_db()
    assert notification.sent_at is None and notification.attempts == 2

    if outage == "refuses":
        smtp.mailbox.refuse = None
    else:
        smtp.start()
    relay_pending_notifications(older_than_seconds=0)
    relay_pending_notifications(older_than_seconds=0)  # a second pass sends nothing again
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.last_error == ""
    assert len(smtp.mailbox.messages) == 1
    assert smtp.mailbox.envelopes[0][1] == [manager.email]
