import datetime
import uuid

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident

from .helpers import date_fields, denials_of, error_summary, tomorrow


def incident_data(**overrides):
    now = timezone.localtime()
    data = {
        "kind": "trolling",
        "description": "Abusive posts about me on Facebook.",
        "occurred_time": "09:15",
        "applicant": "",
        **date_fields("occurred_on", now.date() - datetime.timedelta(days=1)),
    }
    data.update(overrides)
    return data


def test_any_signed_in_user_reports_an_incident_and_the_line_manager_is_emailed_at_once(
    as_user, worker, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(worker).post(reverse("incident-report"), incident_data())
    incident = Incident.objects.get()
    assert incident.kind == "trolling" and incident.reported_by == worker
    assert timezone.localtime(incident.occurred_at).time() == datetime.time(9, 15)
    assert response["Location"] == reverse("incident", args=[incident.pk])
    assert [m.to for m in mail.outbox] == [[manager.email]]


def test_after_reporting_trolling_the_page_says_what_happens_next(as_user, worker, manager):
    client = as_user(worker)
    response = client.post(reverse("incident-report"), incident_data(kind="threat"), follow=True)
    html = response.content.decode()
    assert "Incident reported" in html
    assert "We have emailed your line manager now." in html
    assert "Keep the evidence" in html
    assert "reporting it to the police" in html
    assert "update your risk assessment" in html


def test_a_data_breach_about_an_applicant_names_the_local_authority(as_user, worker, applicant):
    data = incident_data(kind="data_breach", applicant=applicant.pk)
    html = as_user(worker).post(reverse("incident-report"), data, follow=True).content.decode()
    incident = Incident.objects.get()
    assert incident.applicant == applicant and incident.household == applicant.household
    assert "72 hours" in html
    assert applicant.household.local_authority.name in html


def test_reporting_with_nothing_filled_in_lists_what_is_missing(as_user, worker):
    summary = error_summary(as_user(worker).post(reverse("incident-report"), {}))
    assert "Select what happened" in summary
    assert "Describe what happened" in summary
    assert "Enter the date it happened" in summary
    assert "Enter the time it happened" in summary
    assert not Incident.objects.exists()


def test_an_incident_in_the_future_or_at_an_impossible_time_is_refused(as_user, worker):
    client = as_user(worker)
    future = client.post(reverse("incident-report"), incident_data(**date_fields("occurred_on", tomorrow())))
    assert "The date it happened must be today or in the past" in error_summary(future)
    bad_time = client.post(reverse("incident-report"), incident_data(occurred_time="25:00"))
    assert "Enter the time like 14:30" in error_summary(bad_time)
    assert not Incident.objects.exists()


def test_an_incident_cannot_name_an_applicant_outside_the_users_scope(as_user, outsider, applicant):
    response = as_user(outsider).post(reverse("incident-report"), incident_data(applicant=applicant.pk))
    assert "Choose an applicant from the list" in error_summary(response)
    assert not Incident.objects.exists()


def test_the_report_form_can_start_with_the_applicant_chosen(as_user, worker, applicant):
    html = as_user(worker).get(reverse("incident-report"), {"applicant": applicant.pk}).content.decode()
    assert f'<option value="{applicant.pk}" selected>' in html


def test_sending_the_report_twice_records_one_incident_and_one_email(
    as_user, worker, manager, django_capture_on_commit_callbacks
):
    client = as_user(worker)
    data = incident_data(submission=str(uuid.uuid4()))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("incident-report"), data)
        client.post(reverse("incident-report"), data)
    assert Incident.objects.count() == 1
    assert len(mail.outbox) == 1


def test_only_the_reporter_sees_their_report_page(as_user, worker, teammate):
    as_user(worker).post(reverse("incident-report"), incident_data())
    incident = Incident.objects.get()
    assert as_user(worker).get(reverse("incident", args=[incident.pk])).status_code == 200
    assert as_user(teammate).get(reverse("incident", args=[incident.pk])).status_code == 404
    assert denials_of(incident) == 1


def test_an_admin_may_report_an_incident_too_but_the_auditor_changes_nothing(as_user, auditor, admin_user):
    assert as_user(admin_user).post(reverse("incident-report"), incident_data()).status_code == 302
    refused = as_user(auditor).post(reverse("incident-report"), incident_data())
    assert refused.status_code == 403
    assert "change nothing" in refused.content.decode()
    assert Incident.objects.count() == 1


def test_the_menu_offers_to_report_an_incident_to_all_but_the_auditor(as_user, worker, auditor, admin_user):
    link = f'href="{reverse("incident-report")}"'
    assert link in as_user(worker).get(reverse("caseload")).content.decode()
    assert link in as_user(admin_user).get(reverse("policy")).content.decode()
    assert link not in as_user(auditor).get(reverse("caseload")).content.decode()  # it would answer 403


def test_a_manager_following_the_emails_link_goes_to_the_incidents_management_page(as_user, worker, manager):
    as_user(worker).post(reverse("incident-report"), incident_data())
    incident = Incident.objects.get()
    response = as_user(manager).get(reverse("incident", args=[incident.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("incident-detail", args=[incident.pk])
