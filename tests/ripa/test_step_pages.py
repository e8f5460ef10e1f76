"""Every RIPA step through the pages: the same services as the API, behind GOV.UK forms.
The right person succeeds; anyone else gets 403 or 404 and nothing is recorded; bad input
shows the error summary and records nothing; a form sent twice records once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from ripa.models import RipaApplication, RipaCancellation, RipaReview, Status
from tests.oversight.html import assert_good_page
from web.models import Submission

from .conftest import PROPORTIONALITY

pytestmark = pytest.mark.django_db

TOKEN = "6f1c2d6e-7d8a-4f4e-9a43-0d5d0c1f7a11"


def boxes(name: str, day: datetime.date) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def prefixed(step: str, data: dict) -> dict:
    return {f"{step}-{key}": value for key, value in data.items()}


def application_form(profile, **overrides) -> dict:
    data = {
        "profiles": [str(profile.pk)],
        "offence": "Fraud by false representation (Fraud Act 2006, s.2)",
        "offence_max_sentence_months": "120",
        "threshold_offence": "",
        "necessity": "The police asked the council to assist a fraud investigation.",
        "proportionality_balance": PROPORTIONALITY["balance"],
        "proportionality_least_intrusive": PROPORTIONALITY["least_intrusive"],
        "proportionality_appropriate_use": PROPORTIONALITY["appropriate_use"],
        "proportionality_alternatives": PROPORTIONALITY["alternatives"],
        "collateral_intrusion": "Friends' comments may be seen.",
        "collateral_intrusion_minimised": "",
        "confidential_information_likely": "no",
        "submission": TOKEN,
    }
    data.update(overrides)
    return data


# --- Applying -------------------------------------------------------------------------------------


def test_a_manager_applies_from_the_applicants_section(client, manager, applicant, profile, officer):
    client.force_login(manager)
    household = client.get(reverse("household", args=[applicant.household_id]))
    assert reverse("ripa-apply", args=[applicant.pk]) in household.content.decode()
    page = client.get(reverse("ripa-apply", args=[applicant.pk]))
    assert_good_page(page, title="Apply for a RIPA authorisation")
    assert profile.normalised in page.content.decode()
    response = client.post(reverse("ripa-apply", args=[applicant.pk]), application_form(profile))
    application = RipaApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ripa-detail", args=[application.pk])
    assert application.status == Status.AWAITING_DECISION and application.applied_by == manager
    assert list(application.profiles.all()) == [profile]
    assert application.proportionality_alternatives == PROPORTIONALITY["alternatives"]
    assert application.confidential_information_likely is False


def test_the_register_tells_managers_how_to_apply(client, manager):
    client.force_login(manager)
    assert "To apply for a RIPA authorisation" in client.get(reverse("ripa-list")).content.decode()


def test_a_worker_sees_no_apply_link_and_cannot_apply(client, worker, applicant, profile):
    client.force_login(worker)
    assert "ripa-apply" not in client.get(reverse("household", args=[applicant.household_id])).content.decode()
    assert (
        reverse("ripa-apply", args=[applicant.pk])
        not in client.get(reverse("household", args=[applicant.household_id])).content.decode()
    )
    assert client.get(reverse("ripa-apply", args=[applicant.pk])).status_code == 403
    assert client.post(reverse("ripa-apply", args=[applicant.pk]), application_form(profile)).status_code == 403
    assert not RipaApplication.objects.exists()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, actor=worker).exists()


def test_a_manager_of_another_team_gets_404(client, officer, applicant, profile):
    # officer manages no team of the household: the applicant is out of scope.
    client.force_login(officer)
    assert client.post(reverse("ripa-apply", args=[applicant.pk]), application_form(profile)).status_code == 404
    assert not RipaApplication.objects.exists()


def test_a_below_threshold_offence_shows_the_plain_explanation_and_is_recorded(client, manager, applicant, profile):
    client.force_login(manager)
    response = client.post(
        reverse("ripa-apply", args=[applicant.pk]),
        application_form(profile, offence="Not declaring a past conviction", offence_max_sentence_months="3"),
    )
    assert response.status_code == 200
    assert_good_page(response, error=True)
    html = response.content.decode()
    assert "Assessing whether someone can adopt is not a criminal investigation" in html
    assert "RIPA cannot authorise this" in html
    assert not RipaApplication.objects.exists()
    refusal = AuditEvent.objects.get(action=Action.ACCESS_DENIED, record_type="ripaapplication")
    assert refusal.data["code"] == "CRIME_THRESHOLD_NOT_MET"


def test_bad_application_input_shows_the_error_summary_and_records_nothing(client, manager, applicant, profile):
    client.force_login(manager)
    response = client.post(
        reverse("ripa-apply", args=[applicant.pk]),
        application_form(profile, profiles=[], necessity="", offence="x" * 501),
    )
    assert_good_page(response, error=True)
    html = response.content.decode()
    assert "Choose at least one profile in scope" in html
    assert "Enter why it is necessary" in html
    assert "must be 500 characters or fewer" in html
    assert not RipaApplication.objects.exists()
    assert not Submission.objects.exists()


def test_an_application_sent_twice_is_recorded_once(client, manager, applicant, profile):
    client.force_login(manager)
    first = client.post(reverse("ripa-apply", args=[applicant.pk]), application_form(profile))
    second = client.post(reverse("ripa-apply", args=[applicant.pk]), application_form(profile))
    assert RipaApplication.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


# --- The steps on the application's page ------------------------------------------------------------


def _decision(**overrides):
    return prefixed(
        "decision",
        {"granted": "yes", "reasons": "Necessary and proportionate.", "officer_involved": "no", "submission": TOKEN}
        | overrides,
    )


def test_the_officer_decides_on_the_page(client, officer, manager, apply):
    application = apply()
    client.force_login(officer)
    page = client.get(reverse("ripa-detail", args=[application.pk]))
    assert_good_page(page)
    head, body = page.content.decode().split("</head>")
    assert "<form" not in head  # the forms are in the page's content, once
    assert body.count(f'action="{reverse("ripa-decide", args=[application.pk])}"') == 1
    response = client.post(reverse("ripa-decide", args=[application.pk]), _decision())
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.AWAITING_JUSTICE and application.decided_by == officer
    assert application.authorising_officer_involved is False


def test_the_applying_manager_sees_no_decision_form_and_is_refused(client, manager, apply):
    application = apply()
    client.force_login(manager)
    page = client.get(reverse("ripa-detail", args=[application.pk]))
    assert reverse("ripa-decide", args=[application.pk]) not in page.content.decode()
    assert client.post(reverse("ripa-decide", args=[application.pk]), _decision()).status_code == 403
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DECISION
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, record_type="ripaapplication").exists()


def test_an_officer_of_another_council_gets_404(client, elsewhere_officer, apply):
    application = apply()
    client.force_login(elsewhere_officer)
    assert client.post(reverse("ripa-decide", args=[application.pk]), _decision()).status_code == 404


def test_a_decision_without_reasons_shows_the_error_summary_and_records_nothing(client, officer, apply):
    application = apply()
    client.force_login(officer)
    response = client.post(reverse("ripa-decide", args=[application.pk]), _decision(reasons="", granted=""))
    assert_good_page(response, error=True)
    html = response.content.decode()
    assert "Enter the reasons for your decision" in html and "Select whether you grant or refuse it" in html
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DECISION


def test_a_decision_sent_twice_is_recorded_once(client, officer, apply):
    application = apply()
    client.force_login(officer)
    client.post(reverse("ripa-decide", args=[application.pk]), _decision())
    second = client.post(reverse("ripa-decide", args=[application.pk]), _decision())
    assert second.status_code == 302 and second["Location"] == reverse("ripa-detail", args=[application.pk])
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, record_type="ripaapplication").count() == 0


def _justice(**overrides):
    data = {"approved": "yes", **boxes("on", timezone.localdate()), "court": "Shrewsbury", "justice": "A. Justice"}
    return prefixed("justice", {**data, "submission": TOKEN, **overrides})


def test_the_manager_records_the_justices_approval(client, manager, officer, granted):
    client.force_login(officer)
    assert (
        reverse("ripa-justice", args=[granted.pk])
        not in client.get(reverse("ripa-detail", args=[granted.pk])).content.decode()
    )
    assert client.post(reverse("ripa-justice", args=[granted.pk]), _justice()).status_code == 403
    client.force_login(manager)
    assert (
        reverse("ripa-justice", args=[granted.pk])
        in client.get(reverse("ripa-detail", args=[granted.pk])).content.decode()
    )
    bad = client.post(reverse("ripa-justice", args=[granted.pk]), _justice(court="", **{"justice-on_year": ""}))
    assert_good_page(bad, error=True)
    assert "Enter the court" in bad.content.decode()
    granted.refresh_from_db()
    assert granted.status == Status.AWAITING_JUSTICE
    assert client.post(reverse("ripa-justice", args=[granted.pk]), _justice()).status_code == 302
    assert client.post(reverse("ripa-justice", args=[granted.pk]), _justice()).status_code == 302
    granted.refresh_from_db()
    assert granted.status == Status.ACTIVE and granted.justice == "A. Justice"


def _review(**overrides):
    data = {**boxes("on", timezone.localdate()), "outcome": "continue", "reasons": "Still needed."}
    return prefixed("review", {**data, "submission": TOKEN, **overrides})


def test_its_officer_reviews_on_the_page(client, manager, officer, second_officer, active):
    for wrong in (manager, second_officer):
        client.force_login(wrong)
        assert (
            reverse("ripa-review", args=[active.pk])
            not in client.get(reverse("ripa-detail", args=[active.pk])).content.decode()
        )
        assert client.post(reverse("ripa-review", args=[active.pk]), _review()).status_code == 403
    client.force_login(officer)
    bad = client.post(reverse("ripa-review", args=[active.pk]), _review(outcome="", reasons=""))
    assert_good_page(bad, error=True)
    assert "Choose continue or cancel" in bad.content.decode()
    assert not RipaReview.objects.exists()
    assert client.post(reverse("ripa-review", args=[active.pk]), _review()).status_code == 302
    assert client.post(reverse("ripa-review", args=[active.pk]), _review()).status_code == 302
    assert RipaReview.objects.get().outcome == "continue"


def _renewal(**overrides):
    data = {"reasons": "The fraud is still under investigation.", "obtained_so_far": "Two dates."}
    return prefixed("renewal", {**data, "submission": TOKEN, **overrides})


def test_the_manager_applies_to_renew_on_the_page(client, manager, officer, active):
    client.force_login(officer)
    assert client.post(reverse("ripa-renew", args=[active.pk]), _renewal()).status_code == 403
    client.force_login(manager)
    bad = client.post(reverse("ripa-renew", args=[active.pk]), _renewal(obtained_so_far=""))
    assert_good_page(bad, error=True)
    assert "Enter what has been obtained so far" in bad.content.decode()
    assert not RipaApplication.objects.filter(kind="renewal").exists()
    first = client.post(reverse("ripa-renew", args=[active.pk]), _renewal())
    second = client.post(reverse("ripa-renew", args=[active.pk]), _renewal())
    renewal = RipaApplication.objects.get(kind="renewal")
    assert first["Location"] == second["Location"] == reverse("ripa-detail", args=[renewal.pk])
    assert renewal.renews == active and renewal.obtained_so_far == "Two dates."


def _cancel(**overrides):
    moment = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "reasons": "No longer necessary.",
        "ceased_at_day": str(moment.day),
        "ceased_at_month": str(moment.month),
        "ceased_at_year": str(moment.year),
        "ceased_at_hour": str(moment.hour),
        "ceased_at_minute": str(moment.minute),
        "product_handling": "Destroyed by the RIPA coordinator.",
    }
    return prefixed("cancel", {**data, "submission": TOKEN, **overrides})


def test_its_officer_cancels_on_the_page(client, manager, officer, active):
    client.force_login(manager)
    page = client.get(reverse("ripa-detail", args=[active.pk]))
    assert reverse("ripa-cancel", args=[active.pk]) not in page.content.decode()
    assert reverse("ripa-renew", args=[active.pk]) in page.content.decode()
    assert client.post(reverse("ripa-cancel", args=[active.pk]), _cancel()).status_code == 403
    client.force_login(officer)
    page = client.get(reverse("ripa-detail", args=[active.pk]))
    assert_good_page(page)
    html = page.content.decode()
    assert reverse("ripa-cancel", args=[active.pk]) in html and reverse("ripa-review", args=[active.pk]) in html
    assert reverse("ripa-renew", args=[active.pk]) not in html
    bad = client.post(
        reverse("ripa-cancel", args=[active.pk]), _cancel(product_handling="", **{"cancel-ceased_at_hour": ""})
    )
    assert_good_page(bad, error=True)
    assert "Enter what happens to the material obtained" in bad.content.decode()
    assert not RipaCancellation.objects.exists()
    assert client.post(reverse("ripa-cancel", args=[active.pk]), _cancel()).status_code == 302
    assert client.post(reverse("ripa-cancel", args=[active.pk]), _cancel()).status_code == 302
    assert RipaCancellation.objects.get().product_handling == "Destroyed by the RIPA coordinator."
    active.refresh_from_db()
    assert active.status == Status.CANCELLED


def test_a_step_is_post_only_and_an_auditor_is_refused(client, auditor, active):
    client.force_login(auditor)
    assert client.get(reverse("ripa-cancel", args=[active.pk])).status_code == 405
    assert client.post(reverse("ripa-cancel", args=[active.pk]), _cancel()).status_code == 403
    assert not RipaCancellation.objects.exists()
