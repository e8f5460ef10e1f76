import datetime
import re

import pytest
from django.urls import reverse

from cases.models import InformationFormat
from checks.models import CheckOutcome
from checks.services import check_complete
from consent.services import consent_withdraw
from tests.factories import ApplicantFactory, HouseholdFactory


def test_caseload_lists_my_teams_households_and_not_another_teams(as_user, worker, team_b, applicant):
    other = HouseholdFactory(team=team_b, reference="ROI-OTHER-TEAM")
    ApplicantFactory(household=other, first_name="Hidden")
    html = as_user(worker).get(reverse("caseload")).content.decode()
    assert applicant.household.reference in html
    assert "Alex Morgan" in html
    assert "ROI-OTHER-TEAM" not in html
    assert "Hidden" not in html


def test_caseload_shows_each_applicants_consent_and_check_status_as_text(
    as_user, worker, household, applicant, consent, profile, start
):
    second = ApplicantFactory(household=household, first_name="Sam", last_name="Morgan")
    start(worker, applicant, profile)
    html = as_user(worker).get(reverse("caseload")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Given</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--yellow">In progress</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">None recorded</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Not started</strong>' in html
    assert second.full_name in html


def test_a_completed_check_and_withdrawn_consent_show_on_the_caseload(
    as_user, worker, applicant, consent, profile, start
):
    check = start(worker, applicant, profile).social_check
    check_complete(
        user=worker,
        social_check_id=check.pk,
        findings_summary="Nothing of concern.",
        outcome=CheckOutcome.NO_CONCERNS,
        no_third_party_details=True,
    )
    consent_withdraw(user=worker, applicant=applicant, reason="Changed their mind")
    html = as_user(worker).get(reverse("caseload")).content.decode()
    assert ">Completed</strong>" in html
    assert ">Withdrawn</strong>" in html


def test_caseload_flags_communication_needs_in_words(as_user, worker, household):
    ApplicantFactory(
        household=household,
        first_name="Casey",
        information_formats=[InformationFormat.TRANSLATED],
        translation_language="Polish",
    )
    html = as_user(worker).get(reverse("caseload")).content.decode()
    assert "Communication needs</strong>" in html
    assert "Translated text (Polish)" in html


def test_caseload_search_finds_a_household_by_reference_or_full_name(as_user, worker, household, applicant):
    other = HouseholdFactory(team=household.team, reference="ROI-ZZZ-9")
    ApplicantFactory(household=other, first_name="Robin", last_name="Hart")
    client = as_user(worker)
    by_name = client.get(reverse("caseload"), {"q": "alex morgan"}).content.decode()
    assert household.reference in by_name and "ROI-ZZZ-9" not in by_name
    by_reference = client.get(reverse("caseload"), {"q": "zzz"}).content.decode()
    assert "ROI-ZZZ-9" in by_reference and household.reference not in by_reference
    nothing = client.get(reverse("caseload"), {"q": "nobody"}).content.decode()
    assert "No households match" in nothing


@pytest.mark.parametrize("households", [1, 6])
def test_caseload_costs_the_same_number_of_queries_however_many_households(
    households, as_user, worker, team_a, consent, profile, django_assert_num_queries
):
    for _ in range(households):
        extra = HouseholdFactory(team=team_a)
        ApplicantFactory(household=extra)
        ApplicantFactory(household=extra)
    client = as_user(worker)
    # Session and user; households, and their applicants with both statuses annotated; the
    # filter form's teams and local authorities; then the session is saved
    # (SESSION_SAVE_EVERY_REQUEST: savepoint, update, release).
    with django_assert_num_queries(9):
        response = client.get(reverse("caseload"))
    assert response.status_code == 200


def test_caseload_has_a_table_caption_and_scoped_headers(as_user, worker, applicant):
    html = as_user(worker).get(reverse("caseload")).content.decode()
    assert "<caption" in html
    assert html.count('scope="col"') == 6
    assert "<title>Your caseload – Social media checks</title>" in html


def test_the_header_shows_who_is_signed_in_their_role_and_sign_out(as_user, worker, manager):
    html = as_user(worker).get(reverse("caseload")).content.decode()
    assert "Signed in as <strong>Test" in html
    assert "(Social worker)" in html
    assert "Sign out</button>" in html
    assert "/manage/" not in html
    manager_html = as_user(manager).get(reverse("caseload")).content.decode()
    assert "(Manager)" in manager_html
    assert reverse("oversight-dashboard") in manager_html


def test_signing_out_is_a_post(as_user, worker):
    client = as_user(worker)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("caseload")).status_code == 302


def test_caseload_filters_by_stage_overdue_team_and_council_and_shows_the_clock(as_user, worker, team_a, household):
    import datetime

    from django.utils import timezone

    from cases.models import Household, Stage

    late = HouseholdFactory(team=team_a, reference="ROI-LATE-1")
    Household.objects.filter(pk=late.pk).update(
        stage=Stage.STAGE_1, stage_started_on=timezone.localdate() - datetime.timedelta(days=90)
    )
    client = as_user(worker)
    page = lambda **q: client.get(reverse("caseload"), q).content.decode()  # noqa: E731
    overdue = page(overdue="on")
    assert "ROI-LATE-1" in overdue and household.reference not in overdue and "Overdue" in overdue
    assert "ROI-LATE-1" not in page(stage="roi_received") and household.reference in page(stage="roi_received")
    assert household.reference in page(local_authority=household.local_authority_id)
    assert "ROI-LATE-1" not in page(local_authority=household.local_authority_id)
    assert "No households match these filters" in page(team=team_a.pk, q="nobody")


def test_caseload_pages_by_keyset_and_keeps_the_filters(as_user, worker, team_a, monkeypatch):
    from web import selectors

    monkeypatch.setattr(selectors, "CASELOAD_PAGE", 2)
    for n in range(5):
        HouseholdFactory(team=team_a, reference=f"ROI-PAGE-{n}")
    client = as_user(worker)
    seen, url = [], reverse("caseload") + "?q=PAGE&sort=reference"
    while url:
        html = client.get(url).content.decode()
        seen += sorted(set(re.findall(r"ROI-PAGE-\d", html)))
        found = re.search(r'href="(\?[^"]*after=[^"]*)" rel="next"', html)
        url = reverse("caseload") + found.group(1).replace("&amp;", "&") if found else ""
    assert seen == [f"ROI-PAGE-{n}" for n in range(5)]


@pytest.mark.parametrize("sort", ["reference", "received"])
def test_caseload_pages_back_with_previous_links_to_the_first_page(as_user, worker, team_a, monkeypatch, sort):
    from web import selectors

    monkeypatch.setattr(selectors, "CASELOAD_PAGE", 2)
    for n in range(5):
        HouseholdFactory(team=team_a, reference=f"ROI-PAGE-{n}", received_on=datetime.date(2026, 1, 1 + n))
    client = as_user(worker)

    def follow(url, rel):
        html = client.get(url).content.decode()
        found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', html)
        link = reverse("caseload") + found.group(1).replace("&amp;", "&") if found else ""
        return sorted(set(re.findall(r"ROI-PAGE-\d", html))), link

    url, forwards = reverse("caseload") + f"?q=PAGE&sort={sort}", []
    first, _ = follow(url, "next")
    while url:
        rows, url_next = follow(url, "next")
        forwards.append(rows)
        last_url, url = url, url_next
    assert "before=" not in client.get(reverse("caseload") + f"?q=PAGE&sort={sort}").content.decode()
    backwards, url = [], last_url
    while url:
        rows, url_previous = follow(url, "prev")
        backwards.append(rows)
        assert "sort=" + sort in url or url == last_url
        url = url_previous
    assert backwards == list(reversed(forwards)) and backwards[-1] == first and len(forwards) == 3
