"""Issue 22, point 3: the policy page shows the policy with its own clause numbers and
paragraphs as written, and every page that cites a clause links to that clause's anchor."""

import re

import pytest
from django.urls import reverse

from checks.rules import DECLARATIONS, RULES
from policy.text import CITATION, NUMBER, agency_policy_text, clause_anchor, policy_html
from tests.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_policy(db):
    return PolicyVersionFactory(version="7", body=agency_policy_text())


def test_the_policy_page_shows_each_clause_with_its_own_number_and_anchor(as_user, worker, agency_policy):
    html = as_user(worker).get(reverse("policy")).content.decode()
    for number in ("3.1", "6.1", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9"):
        assert f'id="{clause_anchor(number)}"' in html and f">{number}</a>" in html
    # Paragraphs as written: clause 7.8's own words, the section headings with their numbers.
    assert "Workers should not set up &#x27;dummy accounts&#x27; to try and locate absent family members." in html
    assert '<h2 class="govuk-heading-m" id="section-7">7 Use of Social Media in Casework:</h2>' in html


def test_the_policy_text_is_escaped_and_only_web_addresses_become_links():
    html = policy_html("1.1 <script>x</script> [go](javascript:alert(1)) <https://example.org/a>")
    assert "<script>" not in html and "javascript:" not in html
    assert '<a class="govuk-link app-wrap-anywhere" href="https://example.org/a">' in html


def test_every_clause_the_app_cites_exists_in_the_policy():
    anchors = set(re.findall(r'id="(clause-[\d-]+)"', policy_html(agency_policy_text())))
    texts = [*DECLARATIONS.values(), *(rule.next_step for rule in RULES), *(rule.message for rule in RULES)]
    cited = {n for text in texts for m in CITATION.finditer(text) for n in NUMBER.findall(m.group(2))}
    assert cited and {clause_anchor(n) for n in cited} <= anchors


def test_the_declarations_link_to_their_clauses(as_user, worker, applicant, consent, profile, logged_out_view):
    html = as_user(worker).get(reverse("check-new", args=[applicant.pk])).content.decode()
    for number in ("6.1", "7.8"):
        assert f'href="{reverse("policy")}#{clause_anchor(number)}" target="_blank" rel="noopener"' in html


def test_the_incident_page_links_to_the_clauses_it_cites(as_user, worker, manager, applicant):
    from django.utils import timezone

    from incidents.services import incident_report

    trolling = incident_report(
        user=worker,
        kind="trolling",
        description="Abusive messages.",
        occurred_at=timezone.now(),
        applicant_id=applicant.pk,
    )
    html = as_user(manager).get(reverse("incident-detail", args=[trolling.pk])).content.decode()
    for number in ("6.2", "6.3"):
        assert f"{reverse('policy')}#{clause_anchor(number)}" in html


def test_a_refusal_that_cites_a_clause_links_to_it():
    from policy.text import clause_links

    html = clause_links("the interval is set by the agency (clause 7.5).")
    assert f'<a class="govuk-link" href="{reverse("policy")}#clause-7-5">7.5</a>' in html
