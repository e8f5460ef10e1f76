"""Issue 22, point 4: messages that say what to do. Rules read as plain labels for managers
(codes stay in the API and CSV), each next step is an action, and the refusal email's subject
is in words and links to that refusal."""

import pytest
from django.urls import reverse

from checks.models import Refusal
from checks.rules import RULES
from notifications.models import Notification

pytestmark = pytest.mark.django_db

# A next step says whom to contact, which page to use, or what happens now.
ACTION_WORDS = ("ask", "speak to", "open", "record", "start", "choose", "go back", "make no", "do not", "contact")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code.value)
def test_every_rule_has_a_plain_label_and_a_next_step_that_is_an_action(rule):
    assert rule.label and "_" not in rule.label and rule.label != rule.code.value
    assert any(word in rule.next_step.lower() for word in ACTION_WORDS), rule.next_step


def test_the_dashboard_and_refusal_list_name_rules_in_words(as_user, manager, worker, applicant, profile, start):
    start(worker, applicant, profile)  # no consent: refused
    client = as_user(manager)
    for name in ("oversight-dashboard", "refusal-list"):
        html = client.get(reverse(name)).content.decode()
        assert "No consent on the ROI form" in html, name
        assert ">NO_CONSENT<" not in html and "NO_<wbr>CONSENT" not in html, name


def test_the_refusal_page_links_to_the_page_to_use(as_user, worker, applicant, profile, start):
    refusal = start(worker, applicant, profile).refusal
    html = as_user(worker).get(reverse("refusal", args=[refusal.pk])).content.decode()
    assert "What to do next:" in html and reverse("consent-record", args=[applicant.pk]) in html


def test_the_refusal_email_says_what_was_refused_in_words_and_links_to_it(worker, manager, applicant, profile, start):
    refusal = start(worker, applicant, profile).refusal
    email = Notification.objects.get(kind="refusal")
    assert email.subject.endswith("No consent on the ROI form") and "NO_CONSENT" not in email.subject
    assert reverse("refusal-detail", args=[refusal.pk]) in email.body
    assert "No consent on the ROI form" in email.body and "NO_CONSENT" not in email.body
    assert Refusal.objects.get().code == "NO_CONSENT"  # the record keeps the code
