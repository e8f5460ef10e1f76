"""Subject access requests, as the data protection officer runs them: receipt, the
gathered items, each item's review, the pack (PDF and JSON in one zip), sending."""

import datetime
import io
import json
import subprocess
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from dataprotection import services
from dataprotection.models import Decision, SubjectAccessItem, SubjectAccessRequest
from incidents.services import incident_report
from ripa import services as ripa_services
from ripa.models import AuthorisingOfficer
from t4c_socialcheck.errors import Invalid
from tests.factories import UserFactory
from tests.ripa.conftest import PROPORTIONALITY
from tests.security.records import date_boxes

pytestmark = pytest.mark.django_db

INCIDENT_TEXT = "Posted that the social worker Jane Doe lives on Elm Street."
FINDINGS = "Public photos with a friend, Chris Pike, at a rally."


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def history(worker, manager, applicant, consent, profile, start):
    """A completed check, a refused second view, a trolling incident about the applicant and a RIPA record."""
    from checks.services import check_complete

    social_check = start(worker, applicant, profile).social_check
    check_complete(
        user=worker,
        social_check_id=social_check.pk,
        findings_summary=FINDINGS,
        outcome="concerns_to_discuss",
        no_third_party_details=True,
    )
    start(worker, applicant, profile)
    incident_report(
        user=worker,
        kind="trolling",
        description=INCIDENT_TEXT,
        occurred_at=timezone.now() - datetime.timedelta(hours=3),
        applicant_id=applicant.pk,
    )
    officer = UserFactory(username="officer", role=Role.MANAGER)
    AuthorisingOfficer.objects.create(
        council=applicant.household.local_authority,
        user=officer,
        grade="Head of Legal",
        designated_on=timezone.localdate(),
    )
    application = ripa_services.application_create(
        user=manager,
        applicant_id=applicant.pk,
        profile_ids=[profile.pk],
        offence="Fraud by false representation (Fraud Act 2006, s.2)",
        offence_max_sentence_months=120,
        necessity="The police asked the council to assist a fraud investigation.",
        proportionality=dict(PROPORTIONALITY),
        collateral_intrusion="Friends' comments may be seen.",
        confidential_information_likely=False,
    )
    ripa_services.application_decide(user=officer, application_id=application.pk, granted=True, reasons="Necessary.")
    return applicant


def _record(client, applicant, received_on=None):
    received_on = received_on or timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("sar-new", args=[applicant.pk]),
        {
            "requested_by": "The applicant",
            "identity_check": "Passport seen at the council office.",
            **date_boxes("received_on", received_on),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return SubjectAccessRequest.objects.latest("pk")


def _review(client, item, decision, **extra):
    return client.post(reverse("sar-item", args=[item.pk]), {"decision": decision, **extra})


def test_the_dpo_runs_a_request_from_receipt_to_the_sent_pack(client, auditor, history):
    client.force_login(auditor)
    sar = _record(client, history)
    categories = set(sar.items.values_list("category", flat=True))
    assert categories >= {
        "applicant",
        "communication_needs",
        "consent",
        "profile",
        "check",
        "refusal",
        "incident",
        "ripa",
        "audit",
    }
    assert sar.due_on == services.due_date(sar.received_on)

    incident = sar.items.get(category="incident")
    check = sar.items.get(category="check")
    ripa = sar.items.get(category="ripa")
    # Withholding needs an exemption and a note: refused with a clear message, nothing recorded.
    response = _review(client, incident, "withhold")
    assert response.status_code == 200 and "Choose the exemption" in response.content.decode()
    incident.refresh_from_db()
    assert incident.decision == Decision.PENDING
    assert (
        _review(client, incident, "withhold", exemption="third_party", note="Names a worker; her safety.").status_code
        == 302
    )
    assert (
        _review(client, ripa, "withhold", exemption="crime_and_taxation", note="Investigation open.").status_code == 302
    )
    assert _review(client, check, "redact", redact_phrases="Chris Pike").status_code == 302
    for item in sar.items.filter(decision=Decision.PENDING):
        assert _review(client, item, "disclose").status_code == 302

    assert client.post(reverse("sar-make-pack", args=[sar.pk]), {}).status_code == 302
    response = client.get(reverse("sar-pack", args=[sar.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    files = unzip(response.content)
    assert set(files) == {f"subject-access-{sar.pk}.pdf", f"subject-access-{sar.pk}.json"}
    data = json.loads(files[f"subject-access-{sar.pk}.json"])
    as_text = json.dumps(data)
    pdf = pdf_text(files[f"subject-access-{sar.pk}.pdf"])
    for content in (as_text, pdf):
        assert "Jane Doe" not in content and "Elm Street" not in content  # the withheld incident is absent
        assert "Fraud by false representation" not in content  # so is the withheld RIPA record
        assert "Chris Pike" not in content  # the redacted phrase is masked...
        assert "[Redacted]" in content and "[Redacted: staff or third-party details]" in content  # ...visibly
        assert "Alex" in content and "facebook.com/alex.morgan" in content
    checks = [item for item in data["items"] if item["category"] == "Social media check"]
    assert checks[0]["redacted"] is True
    assert checks[0]["fields"]["Checked by"] == "[Redacted: staff or third-party details]"
    assert checks[0]["fields"]["Findings"] == "Public photos with a friend, [Redacted], at a rally."

    response = client.post(
        reverse("sar-sent", args=[sar.pk]), {**date_boxes("sent_on", timezone.localdate()), "sent_how": "secure_email"}
    )
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.completed_on == timezone.localdate() and sar.sent_how == "secure_email" and not sar.overdue
    summaries = list(
        AuditEvent.objects.filter(record_type="subjectaccessrequest", record_id=str(sar.pk)).values_list(
            "summary", flat=True
        )
    )
    assert any("recorded" in s for s in summaries)
    assert sum("reviewed" in s for s in summaries) == sar.items.count()
    assert any("pack made" in s for s in summaries)
    assert any("downloaded" in s for s in summaries)
    assert any("sent" in s for s in summaries)


def test_the_pack_cannot_be_made_while_any_item_is_unreviewed(client, auditor, applicant, consent):
    client.force_login(auditor)
    sar = _record(client, applicant)
    first = sar.items.first()
    _review(client, first, "disclose")
    response = client.post(reverse("sar-make-pack", args=[sar.pk]), {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "The pack cannot be made yet" in body and "not been reviewed" in body
    sar.refresh_from_db()
    assert sar.pack_made_at is None
    assert client.get(reverse("sar-pack", args=[sar.pk])).status_code == 409


def test_the_deadline_is_one_calendar_month_and_extends_by_two_more_at_most(client, manager, applicant):
    client.force_login(manager)
    sar = _record(client, applicant, received_on=datetime.date(2025, 1, 31))
    assert sar.due_on == datetime.date(2025, 2, 28)
    assert sar.overdue
    extend = reverse("sar-extend", args=[sar.pk])
    told = date_boxes("told_on", datetime.date(2025, 2, 20))
    assert client.post(extend, {"months": "1", "reason": "Complex: many records.", **told}).status_code == 302
    sar.refresh_from_db()
    assert sar.due_on == datetime.date(2025, 3, 31) and sar.extension_told_on == datetime.date(2025, 2, 20)
    response = client.post(extend, {"months": "2", "reason": "Still more.", **told})
    assert response.status_code == 200
    assert "at most two further months, three months in all" in response.content.decode()
    assert client.post(extend, {"months": "1", "reason": "Several requests.", **told}).status_code == 302
    sar.refresh_from_db()
    assert sar.extension_months == 2 and sar.due_on == datetime.date(2025, 4, 30)
    with pytest.raises(Invalid, match="extended fully"):
        services.sar_extend(
            user=manager, request_id=sar.pk, months=1, reason="More.", told_on=datetime.date(2025, 3, 1)
        )


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        # One month is Saturday 28 February: the next working day.
        (datetime.date(2026, 1, 31), datetime.date(2026, 3, 2)),
        # Christmas Day, then Boxing Day's substitute bank holiday on Monday 28 December.
        (datetime.date(2026, 11, 25), datetime.date(2026, 12, 29)),
        # Good Friday and Easter Monday 2026.
        (datetime.date(2026, 3, 3), datetime.date(2026, 4, 7)),
        # A working day stays as it is.
        (datetime.date(2026, 3, 10), datetime.date(2026, 4, 10)),
    ],
)
def test_a_deadline_on_a_weekend_or_bank_holiday_is_the_next_working_day(manager, applicant, received_on, due_on):
    sar = services.sar_open(
        user=manager,
        applicant_id=applicant.pk,
        requested_by="The applicant",
        identity_check="Passport seen",
        received_on=received_on,
    )
    assert sar.due_on == due_on


def test_a_large_print_applicant_gets_a_large_print_pack(auditor, applicant):
    from dataprotection.pack import pack_pdf

    applicant.information_formats = ["large_print"]
    applicant.save()
    sar = services.sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Applicant",
        identity_check="ID seen",
        received_on=timezone.localdate(),
    )
    for item in sar.items.all():
        services.sar_review_item(user=auditor, item_id=item.pk, decision="disclose")
    services.sar_make_pack(user=auditor, request_id=sar.pk)
    assert "Large print edition" in pdf_text(pack_pdf(sar))
    applicant.information_formats = []
    applicant.save()
    assert "Large print edition" not in pdf_text(pack_pdf(SubjectAccessRequest.objects.get(pk=sar.pk)))


def test_no_inline_styles_in_the_pack_template():
    from django.template.loader import get_template

    source = get_template("dataprotection/pack.html").template.source
    assert "<style" not in source and "style=" not in source


def test_a_review_cannot_change_after_the_pack_is_made(auditor, applicant):
    sar = services.sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Applicant",
        identity_check="ID seen",
        received_on=timezone.localdate(),
    )
    for item in sar.items.all():
        services.sar_review_item(user=auditor, item_id=item.pk, decision="disclose")
    services.sar_make_pack(user=auditor, request_id=sar.pk)
    with pytest.raises(Exception, match="can no longer be changed"):
        services.sar_review_item(user=auditor, item_id=sar.items.first().pk, decision="redact")


def test_workers_and_admins_cannot_see_requests_and_another_councils_manager_gets_404(
    client, worker, admin_user, auditor, applicant, team_b
):
    sar = services.sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Applicant",
        identity_check="ID seen",
        received_on=timezone.localdate(),
    )
    for user in (worker, admin_user):
        client.force_login(user)
        assert client.get(reverse("sar-list")).status_code == 403
        assert client.get(reverse("sar-detail", args=[sar.pk])).status_code == 403
    other = UserFactory(role="manager")
    team_b.managers.add(other)
    client.force_login(other)
    listing = client.get(reverse("sar-list"))
    assert listing.status_code == 200 and "Alex Morgan" not in listing.content.decode()
    assert client.get(reverse("sar-detail", args=[sar.pk])).status_code == 404
    assert client.get(reverse("sar-item", args=[sar.items.first().pk])).status_code == 404
    assert client.get(reverse("sar-new", args=[applicant.pk])).status_code == 404
    assert not services.requests_visible_to(worker).exists()


def test_overdue_requests_are_on_the_dpos_home_page(client, auditor, applicant):
    sar = services.sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Applicant",
        identity_check="ID seen",
        received_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    client.force_login(auditor)
    body = client.get(reverse("caseload")).content.decode()
    assert "overdue" in body.lower() and reverse("sar-detail", args=[sar.pk]) in body


def test_the_auditor_stays_read_only_for_case_data(client, auditor, applicant):
    client.force_login(auditor)
    response = client.post(reverse("consent-withdraw", args=[applicant.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert SubjectAccessItem.objects.count() == 0
