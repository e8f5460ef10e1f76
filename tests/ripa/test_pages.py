"""Point 8: the register (per council and the whole agency, filtered), the print page, the
yearly statistics and one application's record with the views under it. Read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from ripa import services
from ripa.models import RipaApplication
from tests.factories import LocalAuthorityFactory
from tests.oversight.html import assert_good_page

from .conftest import move_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(active, apply, officer):
    """An authorisation in force, one refused and one that lapsed."""
    refused = apply()
    services.application_decide(user=officer, application_id=refused.pk, granted=False, reasons="Not necessary.")
    lapsed = apply()
    services.application_decide(user=officer, application_id=lapsed.pk, granted=True, reasons="Yes.")
    services.justice_approval_record(
        user=lapsed.applied_by, application_id=lapsed.pk, approved=True, on=timezone.localdate(), court="C", justice="J"
    )
    move_back(lapsed, 100)
    return {"active": active, "refused": refused, "lapsed": lapsed}


def _references(response):
    return {application.reference for application, _row, _overdue in response.context["rows"]}


def test_the_register_lists_every_application_with_the_codes_fields(client, auditor, register):
    client.force_login(auditor)
    response = client.get(reverse("ripa-list"))
    assert_good_page(response, title="RIPA register")
    assert _references(response) == {a.reference for a in register.values()}
    html = response.content.decode()
    for words in ("Lapsed without cancellation", "Refused by the authorising officer", "In force", "Alex Morgan"):
        assert words in html
    assert "Assessing an adopter is not a criminal investigation" in html


def test_the_register_filters_by_status_council_and_year(client, manager, register):
    client.force_login(manager)
    assert _references(client.get(reverse("ripa-list"), {"status": "lapsed"})) == {register["lapsed"].reference}
    council = register["active"].council
    assert len(_references(client.get(reverse("ripa-list"), {"council": council.pk}))) == 3
    assert _references(client.get(reverse("ripa-list"), {"council": LocalAuthorityFactory().pk})) == set()
    year = timezone.localdate().year
    assert len(_references(client.get(reverse("ripa-list"), {"year": year}))) >= 2
    response = client.get(reverse("ripa-list"), {"status": "nonsense"})
    assert_good_page(response, error=True)
    assert response.context["rows"] == []


def test_a_manager_sees_only_their_teams_applications(client, manager_other_team, register):
    client.force_login(manager_other_team)
    assert _references(client.get(reverse("ripa-list"))) == set()


@pytest.fixture
def manager_other_team(team_b, policy):
    from accounts.models import Role
    from tests.factories import UserFactory

    user = UserFactory(role=Role.MANAGER)
    team_b.managers.add(user)
    return user


def test_a_designated_officer_sees_their_councils_applications_and_no_other_councils(
    client, officer, elsewhere_officer, register
):
    client.force_login(officer)  # a manager of no team
    assert _references(client.get(reverse("ripa-list"))) == {a.reference for a in register.values()}
    client.force_login(elsewhere_officer)
    assert _references(client.get(reverse("ripa-list"))) == set()


def test_the_print_page_lists_the_same_rows_and_is_audited(client, auditor, register):
    client.force_login(auditor)
    response = client.get(reverse("ripa-print"), {"status": "refused"})
    assert_good_page(response, title="RIPA register (print)")
    assert _references(response) == {register["refused"].reference}
    assert 'href="/static/css/ripa.css"' in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.EXPORT, record_type="ripa_register").exists()


def test_the_statistics_page_counts_each_council_for_the_year(client, auditor, register):
    client.force_login(auditor)
    response = client.get(reverse("ripa-statistics"))
    assert_good_page(response, title="RIPA statistics")
    figures = dict(response.context["figures"])
    assert figures[register["active"].council] == {
        "applications": 3,
        "granted": 2,
        "refused": 1,
        "approved_by_justice": 2,
        "refused_by_justice": 0,
        "renewed": 0,
        "cancelled": 0,
        "lapsed": 1,
    }
    assert_good_page(client.get(reverse("ripa-statistics"), {"year": "-1"}), error=True)


def test_an_applications_page_shows_its_record_views_and_the_surveillance_period(
    client, auditor, active, worker, applicant, profile, consent, start
):
    start(worker, applicant, profile)
    first = start(worker, applicant, profile, ripa_authorisation_id=active.pk).social_check
    second = start(worker, applicant, profile, ripa_authorisation_id=active.pk).social_check
    client.force_login(auditor)
    response = client.get(reverse("ripa-detail", args=[active.pk]))
    assert_good_page(response, title=f"RIPA application {active.reference}")
    html = response.content.decode()
    for words in ("Shrewsbury Magistrates", "Director of Children", "Reviews due", "surveillance from"):
        assert words in html
    assert [v.pk for v in response.context["views"]] == [first.pk, second.pk]
    assert response.context["surveillance_period"] == (first.started_at, second.started_at)
    assert AuditEvent.objects.filter(action=Action.VIEW, record_type="ripaapplication").exists()


def test_an_overdue_review_and_a_lapse_are_flagged(client, manager, active):
    move_back(active, 40)
    client.force_login(manager)
    assert "Review overdue" in client.get(reverse("ripa-list")).content.decode()
    assert "Review overdue since" in client.get(reverse("ripa-detail", args=[active.pk])).content.decode()
    RipaApplication.objects.filter(pk=active.pk).update(
        last_valid_day=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "lapsed without being cancelled" in client.get(reverse("ripa-detail", args=[active.pk])).content.decode()


def test_workers_may_not_open_the_register_and_admins_see_no_record(client, worker, admin_user, active):
    client.force_login(worker)
    assert client.get(reverse("ripa-list")).status_code == 403
    client.force_login(admin_user)
    register = client.get(reverse("ripa-list")).content.decode()
    assert "withheld" in register and active.reference in register
    record = reverse("ripa-detail", args=[active.pk])
    assert client.get(record).status_code == 404
    assert f'href="{record}"' not in register  # so the register does not link to it


def test_a_manager_opens_an_application_from_the_register(client, manager, active):
    client.force_login(manager)
    assert f'href="{reverse("ripa-detail", args=[active.pk])}"' in client.get(reverse("ripa-list")).content.decode()


def test_the_subject_access_pack_gathers_the_ripa_records(active, applicant):
    from dataprotection.gather import gather

    [item] = [item for item in gather(applicant) if item.category == "ripa"]
    assert item.title == f"RIPA application {active.reference}"
    assert {row["label"]: row["value"] for row in item.rows}["Offence"] == active.offence


def test_an_applications_page_has_breadcrumbs_to_the_register_and_no_back_link(client, manager, active):
    """Issue #22 point 8: a record page in the manager area carries GOV.UK breadcrumbs."""
    from tests.web.helpers import breadcrumbs_of

    client.force_login(manager)
    html = client.get(reverse("ripa-detail", args=[active.pk])).content.decode()
    assert breadcrumbs_of(html) == [(reverse("oversight-dashboard"), "Manage"), (reverse("ripa-list"), "RIPA register")]
    assert "govuk-back-link" not in html


def _lapse(apply, officer, manager):
    application = apply()
    services.application_decide(user=officer, application_id=application.pk, granted=True, reasons="Yes.")
    services.justice_approval_record(
        user=manager, application_id=application.pk, approved=True, on=timezone.localdate(), court="C", justice="J"
    )
    return move_back(application, 100)


def test_a_renewed_authorisation_shows_as_renewed_and_the_register_costs_the_same_queries_for_more_rows(
    client, manager, officer, active, apply, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    renewal = services.renewal_apply(user=manager, application_id=active.pk, reasons="Still.", obtained_so_far="x")
    services.application_decide(user=officer, application_id=renewal.pk, granted=True, reasons="Renewed.")
    services.justice_approval_record(
        user=manager, application_id=renewal.pk, approved=True, on=timezone.localdate(), court="C", justice="J"
    )
    move_back(active, 100)  # past its last valid day, with its renewal approved
    _lapse(apply, officer, manager)
    client.force_login(manager)
    client.get(reverse("ripa-list"))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("ripa-list"))
    statuses = {application.reference: row["status"] for application, row, _overdue in response.context["rows"]}
    assert statuses[active.reference] == "renewed" and statuses[renewal.reference] == "approved"
    assert sorted(statuses.values()).count("lapsed") == 1
    for _ in range(3):
        _lapse(apply, officer, manager)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("ripa-list"))
    assert len(response.context["rows"]) == 6


def test_an_officer_who_manages_no_team_sees_the_views_but_no_link_to_a_check_they_cannot_open(
    client, officer, manager, active, worker, applicant, profile, consent, start
):
    start(worker, applicant, profile)
    repeat = start(worker, applicant, profile, ripa_authorisation_id=active.pk).social_check
    check_page = reverse("check", args=[repeat.pk])
    client.force_login(officer)
    response = client.get(reverse("ripa-detail", args=[active.pk]))
    assert_good_page(response, title=f"RIPA application {active.reference}")
    html = response.content.decode()
    assert [v.pk for v in response.context["views"]] == [repeat.pk]
    assert timezone.localtime(repeat.started_at).strftime("%-d %b %Y %H:%M") in html
    assert f'href="{check_page}"' not in html
    assert client.get(check_page).status_code == 404  # the link would have led nowhere
    client.force_login(manager)
    assert f'href="{check_page}"' in client.get(reverse("ripa-detail", args=[active.pk])).content.decode()
