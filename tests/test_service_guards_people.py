"""The guards of the people-facing services, called directly as a shell user would
(`manage.py shell`): incidents, governance (training, conflicts, restrictions),
subject access, consent and the check receipt.

The pages' forms and the API's serializers catch most bad input first, so these
branches are only reached from the shell. Each must refuse with the project's
own error (t4c_socialcheck.errors), in words a social worker can read, name the
field that is wrong, and record nothing at all."""

import datetime
from contextlib import contextmanager

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from checks.services import check_complete
from consent.models import CheckReceipt, Consent, ConsentText, ReceiptSentHow
from consent.receipts import receipt_letter, receipt_mark_sent
from consent.services import consent_record, consent_withdraw
from dataprotection import services as sar
from dataprotection.models import Decision, SendMethod, SubjectAccessItem, SubjectAccessRequest
from governance.models import ConflictDeclaration, Course, Restriction, TrainingRecord
from governance.services import conflict_declare, household_restrict, restriction_lift, training_record
from incidents.models import IcoDecision, Incident, IncidentCorrection, IncidentKind, IncidentStatus, SubjectsDecision
from incidents.services import (
    incident_correct_awareness,
    incident_open_from_refusal,
    incident_reclassify,
    incident_report,
    incident_update,
)
from notifications.models import Notification
from t4c_socialcheck.errors import Conflict, Invalid, NotFound, NotPermitted

from .factories import ApplicantFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

UNKNOWN_IDS = ["abc", None, 0, 2**70, 999_999]
TODAY = timezone.localdate
TOMORROW = object()  # resolved to tomorrow's date when the test runs (the clock is read then, not at import)
# A date given the wrong way from the shell: text, a date and time where a date is asked, a naive time.
STRING_DATE = "2026-03-01"


def day(value):
    return TODAY() + datetime.timedelta(days=1) if value is TOMORROW else value


def plain(message: str) -> None:
    """A sentence for a social worker: capitalised, ended, no code names or Python words."""
    assert isinstance(message, str) and message, message
    assert message[0].isupper() and message.endswith("."), message
    for code_word in ("_", "None", "DoesNotExist", "Traceback", "pk", "NoneType", "object", "query"):
        assert code_word not in message, message


def refused(error, call, *, field=None, code=None, says=None):
    """`call()` raises exactly `error`, in plain English, naming `field` (an Invalid) and with `code`."""
    with pytest.raises(error) as caught:
        call()
    exc = caught.value
    assert type(exc) is error, exc
    plain(exc.detail)
    if field is not None:
        assert field in exc.fields, exc.fields
        for message in exc.fields[field]:
            plain(message)
    if code is not None:
        assert exc.code == code
    if says is not None:
        assert says in exc.detail or any(says in m for m in exc.fields.get(field, [])), (exc.detail, exc.fields)
    return exc


@contextmanager
def nothing_recorded(*models):
    """No row is added or removed in any of `models`, the audit trail or the outbox."""
    models = (*models, AuditEvent, Notification)
    before = {model: model.objects.count() for model in models}
    yield
    assert {model: model.objects.count() for model in models} == before


# --- incidents.services.incident_report / incident_open_from_refusal ------------------------------


def _report(user, **overrides):
    arguments = {
        "user": user,
        "kind": IncidentKind.TROLLING,
        "description": "Abusive comments under the agency's post.",
        "occurred_at": timezone.now() - datetime.timedelta(hours=2),
    }
    arguments.update(overrides)
    return incident_report(**arguments)


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"kind": "gossip"}, "kind", "Choose what happened."),
        ({"kind": None}, "kind", "Choose what happened."),
        ({"description": "   "}, "description", "Describe what happened."),
        ({"description": None}, "description", "Describe what happened."),
        ({"description": "x" * 5001}, "description", "5000 characters or fewer"),
        ({"occurred_at": None}, "occurred_at", "Enter when it happened."),
        ({"occurred_at": timezone.now() + datetime.timedelta(days=2)}, "occurred_at", "today or in the past"),
        # From the shell a time typed as text, a date alone or a time without a zone is not a time the
        # service can compare with now: it is refused, not a TypeError.
        ({"occurred_at": "2026-03-01 10:00"}, "occurred_at", None),
        ({"occurred_at": datetime.date(2026, 3, 1)}, "occurred_at", None),
        ({"occurred_at": datetime.datetime(2026, 3, 1, 10, 0)}, "occurred_at", None),
    ],
)
def test_report_refuses_bad_details_and_records_nothing(worker, overrides, field, says):
    with nothing_recorded(Incident):
        refused(Invalid, lambda: _report(worker, **overrides), field=field, says=says)


@pytest.mark.parametrize("applicant_id", [*UNKNOWN_IDS[:1], *UNKNOWN_IDS[2:], "other team"])
def test_report_about_an_applicant_not_visible_is_not_found(worker, outsider, team_b, applicant_id):
    if applicant_id == "other team":
        applicant_id = ApplicantFactory(household=HouseholdFactory(team=team_b, allocated_worker=outsider)).pk
    with nothing_recorded(Incident):
        refused(NotFound, lambda: _report(worker, applicant_id=applicant_id), says="applicant was not found")


def test_only_a_manager_opens_an_incident_from_a_refusal(worker):
    with nothing_recorded(Incident):
        refused(NotPermitted, lambda: incident_open_from_refusal(user=worker, refusal_id=1, description="Suspected."))


@pytest.mark.parametrize("refusal_id", UNKNOWN_IDS)
def test_opening_from_an_unknown_refusal_is_not_found(manager, refusal_id):
    with nothing_recorded(Incident):
        refused(
            NotFound,
            lambda: incident_open_from_refusal(user=manager, refusal_id=refusal_id, description="Suspected."),
            says="refusal was not found",
        )


# --- incidents.services.incident_update -----------------------------------------------------------


@pytest.fixture
def breach(worker):
    return _report(worker, kind=IncidentKind.DATA_BREACH, description="A letter went to the wrong address.")


def _unchanged(incident):
    """The incident as stored, field by field, to compare after a refusal."""
    stored = Incident.objects.get(pk=incident.pk)
    return {f.attname: getattr(stored, f.attname) for f in Incident._meta.concrete_fields}


def test_only_a_manager_updates_an_incident(worker, breach):
    before = _unchanged(breach)
    refused(NotPermitted, lambda: incident_update(user=worker, incident_id=breach.pk, status=IncidentStatus.CLOSED))
    assert _unchanged(breach) == before


@pytest.mark.parametrize("incident_id", UNKNOWN_IDS)
def test_updating_an_unknown_incident_is_not_found(manager, breach, incident_id):
    before = _unchanged(breach)
    refused(
        NotFound,
        lambda: incident_update(user=manager, incident_id=incident_id, status=IncidentStatus.CLOSED),
        says="incident was not found",
    )
    assert _unchanged(breach) == before


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"kind": IncidentKind.THREAT}, "kind", "Not a field you can change."),
        ({"status": "finished"}, "status", "Choose open, investigating or closed."),
        ({"ico_decision": "maybe"}, "ico_decision", "Choose the decision about reporting to the ICO."),
        ({"subjects_decision": "later"}, "subjects_decision", "Choose the decision about telling the people"),
        (
            {
                "subjects_decision": SubjectsDecision.TOLD,
                "subjects_told_how": "By letter.",
                "subjects_told_on": TOMORROW,
            },
            "subjects_told_on",
            "today or in the past",
        ),
        ({"ico_reference": "R" * 65}, "ico_reference", "64 characters or fewer"),
        # The incident page refuses closing a personal data breach with no decision about the ICO (the
        # breach would be closed with no record of why the ICO was not told): so must the service.
        ({"status": IncidentStatus.CLOSED}, "ico_decision", "before you close"),
        # Values of another type, typed at the shell: refused before anything compares them.
        ({"ico_notified_at": "2026-01-05 10:00"}, "ico_notified_at", "Enter a date and time."),
        ({"ico_notified_at": datetime.datetime(2026, 1, 5, 10)}, "ico_notified_at", "Enter a date and time."),
        ({"dpo_informed_at": datetime.date(2026, 1, 5)}, "dpo_informed_at", "Enter a date and time."),
        ({"subjects_told_on": "2026-01-05"}, "subjects_told_on", "Enter a date."),
        ({"subjects_told_on": timezone.now()}, "subjects_told_on", "Enter a date."),
        ({"ico_reference": 12345}, "ico_reference", "Enter text."),
        ({"status": None}, "status", "Choose from the list."),
    ],
)
def test_update_refuses_bad_changes_and_changes_nothing(manager, breach, changes, field, says):
    before = _unchanged(breach)
    changes = {name: day(value) for name, value in changes.items()}
    refused(Invalid, lambda: incident_update(user=manager, incident_id=breach.pk, **changes), field=field, says=says)
    assert _unchanged(breach) == before


@pytest.mark.parametrize(
    ("kind", "changes", "field"),
    [
        (IncidentKind.TROLLING, {"ico_decision": IcoDecision.REPORTED}, "ico_decision"),
        (IncidentKind.THREAT, {"dpo_informed_at": timezone.now()}, "dpo_informed_at"),
        (IncidentKind.POLICY_BREACH, {"police_reference": "P-1"}, "police_reference"),
        (
            IncidentKind.DATA_BREACH,
            {"risk_assessment_updated_on": datetime.date(2026, 1, 5)},
            "risk_assessment_updated_on",
        ),
    ],
)
def test_an_update_takes_only_the_fields_of_its_kind_of_incident(worker, manager, kind, changes, field):
    """The incident page shows only the fields that fit the kind: so the service refuses the others."""
    incident = _report(worker, kind=kind, description="What happened.")
    before = _unchanged(incident)
    refused(
        Invalid,
        lambda: incident_update(user=manager, incident_id=incident.pk, **changes),
        field=field,
        says="Not a field of this kind of incident.",
    )
    assert _unchanged(incident) == before


def test_a_text_set_to_none_is_left_empty(manager, breach):
    incident_update(user=manager, incident_id=breach.pk, ico_reference="ICO-1")
    assert incident_update(user=manager, incident_id=breach.pk, ico_reference=None).ico_reference == ""


def test_a_breach_closes_once_the_ico_decision_is_recorded(manager, breach):
    closed = incident_update(
        user=manager,
        incident_id=breach.pk,
        status=IncidentStatus.CLOSED,
        ico_decision=IcoDecision.NOT_REPORTABLE,
        ico_decision_reason="Two addresses on one street; the letter was returned unopened.",
    )
    assert closed.status == IncidentStatus.CLOSED and closed.closed_at is not None


def test_other_incidents_close_without_an_ico_decision(manager, worker):
    trolling = _report(worker)
    assert incident_update(user=manager, incident_id=trolling.pk, status=IncidentStatus.CLOSED).closed_at


# --- incidents.services.incident_reclassify / incident_correct_awareness --------------------------


@pytest.mark.parametrize("incident_id", UNKNOWN_IDS)
def test_correcting_an_unknown_incident_is_not_found(manager, breach, incident_id):
    with nothing_recorded(IncidentCorrection):
        refused(
            NotFound,
            lambda: incident_reclassify(
                user=manager, incident_id=incident_id, kind=IncidentKind.THREAT, reason="Mistyped."
            ),
            says="incident was not found",
        )


def test_only_a_manager_corrects_an_incident(worker, breach):
    with nothing_recorded(IncidentCorrection):
        refused(
            NotPermitted,
            lambda: incident_reclassify(user=worker, incident_id=breach.pk, kind=IncidentKind.THREAT, reason="No."),
        )


@pytest.mark.parametrize(
    ("kind", "reason", "field", "says"),
    [
        ("gossip", "Mistyped.", "kind", "Choose what kind of incident it is."),
        (None, "Mistyped.", "kind", "Choose what kind of incident it is."),
        (IncidentKind.DATA_BREACH, "Mistyped.", "kind", "already recorded as"),
        (IncidentKind.THREAT, "  ", "reason", "Enter the reason for the correction."),
        (IncidentKind.THREAT, None, "reason", "Enter the reason for the correction."),
        (IncidentKind.THREAT, "r" * 501, "reason", "500 characters or fewer"),
    ],
)
def test_reclassify_refuses_bad_input_and_changes_nothing(manager, breach, kind, reason, field, says):
    before = _unchanged(breach)
    with nothing_recorded(IncidentCorrection):
        refused(
            Invalid,
            lambda: incident_reclassify(user=manager, incident_id=breach.pk, kind=kind, reason=reason),
            field=field,
            says=says,
        )
    assert _unchanged(breach) == before


# Times relative to the breach and the clock, resolved when the test runs.
RELATIVE = {
    "future": lambda breach: timezone.now() + datetime.timedelta(days=1),
    "before it happened": lambda breach: breach.occurred_at - datetime.timedelta(minutes=1),
    "now": lambda breach: timezone.now(),
}


@pytest.mark.parametrize(
    ("aware_at", "reason", "field", "says"),
    [
        (None, "Found the first email.", "aware_at", "Enter when the agency became aware."),
        ("future", "Found the first email.", "aware_at", "now or in the past"),
        ("before it happened", "Found the first email.", "aware_at", "before the breach happened"),
        ("now", "", "reason", "Enter the reason for the correction."),
        # Wrong types from the shell: refused, not a TypeError.
        ("2026-03-01 10:00", "Found the first email.", "aware_at", None),
        (datetime.date(2026, 3, 1), "Found the first email.", "aware_at", None),
        (datetime.datetime(2026, 3, 1, 10, 0), "Found the first email.", "aware_at", None),
    ],
)
def test_correct_awareness_refuses_bad_input_and_changes_nothing(manager, breach, aware_at, reason, field, says):
    if isinstance(aware_at, str) and aware_at in RELATIVE:
        aware_at = RELATIVE[aware_at](breach)
    before = _unchanged(breach)
    with nothing_recorded(IncidentCorrection):
        refused(
            Invalid,
            lambda: incident_correct_awareness(user=manager, incident_id=breach.pk, aware_at=aware_at, reason=reason),
            field=field,
            says=says,
        )
    assert _unchanged(breach) == before


def test_only_a_breach_has_a_time_of_awareness(manager, worker):
    trolling = _report(worker)
    before = _unchanged(trolling)
    with nothing_recorded(IncidentCorrection):
        refused(
            Invalid,
            lambda: incident_correct_awareness(
                user=manager, incident_id=trolling.pk, aware_at=timezone.now(), reason="Found the first email."
            ),
            field="aware_at",
            says="Only a personal data breach",
        )
    assert _unchanged(trolling) == before


# --- governance.services.training_record ----------------------------------------------------------


@pytest.fixture
def course(db):
    return Course.objects.create(name="Social media checks and RIPA", validity_months=12, required_for_checking=True)


def test_only_a_manager_records_training(worker, teammate, course):
    with nothing_recorded(TrainingRecord):
        refused(
            NotPermitted,
            lambda: training_record(user=worker, person_id=teammate.pk, course_id=course.pk, completed_on=TODAY()),
        )


@pytest.mark.parametrize("person", ["outsider", *UNKNOWN_IDS])
def test_training_for_someone_outside_the_managers_teams_is_not_found(manager, outsider, course, person):
    person_id = outsider.pk if person == "outsider" else person
    with nothing_recorded(TrainingRecord):
        refused(
            NotFound,
            lambda: training_record(user=manager, person_id=person_id, course_id=course.pk, completed_on=TODAY()),
            says="not in a team you manage",
        )


@pytest.mark.parametrize("which", ["inactive", *UNKNOWN_IDS])
def test_training_on_an_unknown_or_retired_course_is_not_found(manager, worker, course, which):
    if which == "inactive":
        course.active = False
        course.save()
        which = course.pk
    with nothing_recorded(TrainingRecord):
        refused(
            NotFound,
            lambda: training_record(user=manager, person_id=worker.pk, course_id=which, completed_on=TODAY()),
            says="No such course.",
        )


@pytest.mark.parametrize(
    "completed_on",
    [None, TOMORROW, STRING_DATE, datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)],
)
def test_training_needs_a_past_completion_date(manager, worker, course, completed_on):
    completed_on = day(completed_on)
    with nothing_recorded(TrainingRecord):
        refused(
            Invalid,
            lambda: training_record(user=manager, person_id=worker.pk, course_id=course.pk, completed_on=completed_on),
            field="completed_on",
        )


# --- governance.services.conflict_declare, household_restrict, restriction_lift -------------------


REASONS = [("", "Enter the reason"), ("   ", "Enter the reason"), (None, "Enter the reason"), ("r" * 501, "500")]


@pytest.mark.parametrize(("reason", "says"), REASONS)
def test_a_conflict_needs_a_reason_of_sensible_length(worker, household, reason, says):
    with nothing_recorded(ConflictDeclaration):
        refused(
            Invalid,
            lambda: conflict_declare(user=worker, household_id=household.pk, reason=reason),
            field="reason",
            says=says,
        )


@pytest.mark.parametrize("household_id", ["other team", *UNKNOWN_IDS])
def test_a_conflict_with_a_household_not_visible_is_not_found(worker, outsider, team_b, household_id):
    if household_id == "other team":
        household_id = HouseholdFactory(team=team_b, allocated_worker=outsider).pk
    with nothing_recorded(ConflictDeclaration):
        refused(
            NotFound,
            lambda: conflict_declare(user=worker, household_id=household_id, reason="My neighbour."),
            says="No household here.",
        )


def test_a_conflict_is_declared_once(worker, household):
    conflict_declare(user=worker, household_id=household.pk, reason="My neighbour.")
    with nothing_recorded(ConflictDeclaration):
        refused(
            Conflict,
            lambda: conflict_declare(user=worker, household_id=household.pk, reason="Again."),
            code="DUPLICATE",
        )


def test_only_the_households_manager_restricts_it(worker, teammate, household):
    with nothing_recorded(Restriction):
        refused(
            NotPermitted,
            lambda: household_restrict(
                user=worker, household_id=household.pk, staff_ids=[teammate.pk], reason="A colleague applied."
            ),
        )


@pytest.mark.parametrize(("reason", "says"), REASONS)
def test_a_restriction_needs_a_reason(manager, worker, household, reason, says):
    with nothing_recorded(Restriction):
        refused(
            Invalid,
            lambda: household_restrict(user=manager, household_id=household.pk, staff_ids=[worker.pk], reason=reason),
            field="reason",
            says=says,
        )


@pytest.mark.parametrize("staff", ["admin", "inactive", 999_999, "abc", 2**70])
def test_a_restriction_names_only_staff_from_the_list(manager, worker, admin_user, household, staff):
    if staff == "admin":
        staff = admin_user.pk
    elif staff == "inactive":
        worker.is_active = False
        worker.save()
        staff = worker.pk
    # A mistyped id named nobody and the household was restricted to the manager alone, silently.
    with nothing_recorded(Restriction, Restriction.staff.through):
        refused(
            Invalid,
            lambda: household_restrict(
                user=manager, household_id=household.pk, staff_ids=[staff], reason="A colleague applied."
            ),
            field="staff",
            says="Choose staff from the list.",
        )


def test_a_household_is_restricted_once_and_lifted_once(manager, worker, household):
    household_restrict(user=manager, household_id=household.pk, staff_ids=[worker.pk], reason="A colleague applied.")
    with nothing_recorded(Restriction, Restriction.staff.through):
        refused(
            Conflict,
            lambda: household_restrict(user=manager, household_id=household.pk, staff_ids=[], reason="Again."),
            code="INVALID_TRANSITION",
            says="already restricted",
        )
    restriction_lift(user=manager, household_id=household.pk, reason="The colleague withdrew.")
    lifted = Restriction.objects.get(household=household)
    refused(
        Conflict,
        lambda: restriction_lift(user=manager, household_id=household.pk, reason="Again."),
        code="INVALID_TRANSITION",
        says="not restricted",
    )
    assert Restriction.objects.get(household=household).lift_reason == lifted.lift_reason == "The colleague withdrew."


@pytest.mark.parametrize(("reason", "says"), REASONS)
def test_lifting_needs_a_reason(manager, worker, household, reason, says):
    restriction = household_restrict(
        user=manager, household_id=household.pk, staff_ids=[worker.pk], reason="A colleague applied."
    )
    refused(
        Invalid,
        lambda: restriction_lift(user=manager, household_id=household.pk, reason=reason),
        field="reason",
        says=says,
    )
    restriction.refresh_from_db()
    assert restriction.lifted_at is None and restriction.lift_reason == ""


# --- dataprotection.services: subject access requests ---------------------------------------------


def _open(user, applicant, **overrides):
    arguments = {
        "user": user,
        "applicant_id": applicant.pk if applicant is not None else None,
        "requested_by": "The applicant",
        "identity_check": "Passport seen at the office.",
        "received_on": TODAY() - datetime.timedelta(days=3),
    }
    arguments.update(overrides)
    return sar.sar_open(**arguments)


@pytest.fixture
def request_(manager, applicant):
    return _open(manager, applicant)


def _sar_unchanged(request_):
    stored = SubjectAccessRequest.objects.get(pk=request_.pk)
    items = list(stored.items.order_by("pk").values_list("decision", "exemption", "note", "reviewed_at"))
    return {f.attname: getattr(stored, f.attname) for f in SubjectAccessRequest._meta.concrete_fields}, items


def test_only_reviewers_deal_with_subject_access(worker, applicant):
    with nothing_recorded(SubjectAccessRequest, SubjectAccessItem):
        refused(NotPermitted, lambda: _open(worker, applicant), says="data protection officer and managers")


@pytest.mark.parametrize("applicant_id", ["other team", "abc", 2**70, 999_999, [1]])
def test_a_request_about_an_applicant_not_visible_is_not_found(manager, outsider, team_b, applicant_id):
    if applicant_id == "other team":
        applicant_id = ApplicantFactory(household=HouseholdFactory(team=team_b, allocated_worker=outsider)).pk
    with nothing_recorded(SubjectAccessRequest, SubjectAccessItem):
        refused(NotFound, lambda: _open(manager, None, applicant_id=applicant_id), says="applicant was not found")


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"requested_by": "  "}, "requested_by", "Enter who made the request."),
        ({"requested_by": None}, "requested_by", "Enter who made the request."),
        ({"requested_by": "x" * 201}, "requested_by", "characters or fewer"),
        ({"identity_check": ""}, "identity_check", "Enter how the requester's identity was checked."),
        ({"received_on": None}, "received_on", "Enter the date the request was received."),
        ({"received_on": TOMORROW}, "received_on", "The date the request was received must be today or in the past."),
        ({"received_on": STRING_DATE}, "received_on", None),
        ({"received_on": datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)}, "received_on", None),
    ],
)
def test_opening_refuses_bad_details_and_records_nothing(manager, applicant, overrides, field, says):
    overrides = {name: day(value) for name, value in overrides.items()}
    with nothing_recorded(SubjectAccessRequest, SubjectAccessItem):
        refused(Invalid, lambda: _open(manager, applicant, **overrides), field=field, says=says)


@pytest.mark.parametrize("request_id", UNKNOWN_IDS)
def test_an_unknown_request_is_not_found(manager, request_, request_id):
    before = _sar_unchanged(request_)
    refused(NotFound, lambda: sar.sar_make_pack(user=manager, request_id=request_id), says="request was not found")
    assert _sar_unchanged(request_) == before


def _extend(user, request_, **overrides):
    arguments = {"months": 1, "reason": "Complex: many records.", "told_on": TODAY()}
    arguments.update(overrides)
    return sar.sar_extend(user=user, request_id=request_.pk, **arguments)


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"months": 0}, "months", "Choose 1 or 2 months."),
        ({"months": "1"}, "months", "Choose 1 or 2 months."),
        ({"months": None}, "months", "Choose 1 or 2 months."),
        # True is an int to Python: it was taken as one month.
        ({"months": True}, "months", "Choose 1 or 2 months."),
        ({"months": 3}, "months", "at most two further months"),
        ({"reason": ""}, "reason", "Enter why more time is needed."),
        ({"reason": "r" * 501}, "reason", "characters or fewer"),
        ({"told_on": None}, "told_on", "Enter the date the requester was told."),
        ({"told_on": TOMORROW}, "told_on", "must be today or in the past"),
        ({"told_on": STRING_DATE}, "told_on", None),
        ({"told_on": datetime.date(2000, 1, 1)}, "told_on", "before the request was received"),
    ],
)
def test_extending_refuses_bad_input_and_changes_nothing(manager, request_, overrides, field, says):
    overrides = {name: day(value) for name, value in overrides.items()}
    before = _sar_unchanged(request_)
    with nothing_recorded(SubjectAccessRequest, SubjectAccessItem):
        refused(Invalid, lambda: _extend(manager, request_, **overrides), field=field, says=says)
    assert _sar_unchanged(request_) == before


def test_the_requester_is_told_of_an_extension_before_the_deadline(manager, applicant):
    old = _open(manager, applicant, received_on=TODAY() - datetime.timedelta(days=70))
    before = _sar_unchanged(old)
    refused(
        Invalid,
        lambda: _extend(manager, old, told_on=TODAY()),
        field="told_on",
        says="before the current deadline",
    )
    assert _sar_unchanged(old) == before


def _item(request_):
    return request_.items.order_by("pk").first()


@pytest.mark.parametrize("item_id", UNKNOWN_IDS)
def test_reviewing_an_unknown_item_is_not_found(manager, request_, item_id):
    before = _sar_unchanged(request_)
    refused(
        NotFound,
        lambda: sar.sar_review_item(user=manager, item_id=item_id, decision=Decision.DISCLOSE),
        says="item was not found",
    )
    assert _sar_unchanged(request_) == before


@pytest.mark.parametrize(
    ("arguments", "field", "says"),
    [
        ({"decision": "publish"}, "decision", "Choose disclose, redact or withhold."),
        ({"decision": Decision.PENDING}, "decision", "Choose disclose, redact or withhold."),
        ({"decision": Decision.DISCLOSE, "note": "n" * 5000}, "note", "characters or fewer"),
        ({"decision": Decision.WITHHOLD, "note": "Serious harm."}, "exemption", "Choose the exemption"),
        ({"decision": Decision.WITHHOLD, "exemption": "social_work_serious_harm"}, "note", "Explain why"),
    ],
)
def test_a_review_refuses_bad_input_and_changes_nothing(manager, request_, arguments, field, says):
    before = _sar_unchanged(request_)
    refused(
        Invalid,
        lambda: sar.sar_review_item(user=manager, item_id=_item(request_).pk, **arguments),
        field=field,
        says=says,
    )
    assert _sar_unchanged(request_) == before


@pytest.fixture
def made(manager, request_):
    for item in request_.items.all():
        sar.sar_review_item(user=manager, item_id=item.pk, decision=Decision.DISCLOSE)
    return sar.sar_make_pack(user=manager, request_id=request_.pk)


@pytest.mark.parametrize(
    ("arguments", "field", "says"),
    [
        ({"sent_how": "pigeon"}, "sent_how", "Choose how the pack was sent."),
        ({"sent_how": None}, "sent_how", "Choose how the pack was sent."),
        ({"sent_on": None}, "sent_on", "Enter the date the pack was sent."),
        ({"sent_on": TOMORROW}, "sent_on", "must be today or in the past"),
        ({"sent_on": STRING_DATE}, "sent_on", None),
        ({"sent_on": datetime.date(2000, 1, 1)}, "sent_on", "before the request was received"),
    ],
)
def test_recording_sent_refuses_bad_input_and_changes_nothing(manager, made, arguments, field, says):
    arguments = {"sent_on": TODAY(), "sent_how": SendMethod.SECURE_EMAIL, **arguments}
    arguments = {name: day(value) for name, value in arguments.items()}
    before = _sar_unchanged(made)
    with nothing_recorded(AuditEvent):
        refused(
            Invalid,
            lambda: sar.sar_record_sent(user=manager, request_id=made.pk, **arguments),
            field=field,
            says=says,
        )
    assert _sar_unchanged(made) == before


def test_a_sent_request_is_finished(manager, made):
    sar.sar_record_sent(user=manager, request_id=made.pk, sent_on=TODAY(), sent_how=SendMethod.POST)
    before = _sar_unchanged(made)
    with nothing_recorded(SubjectAccessRequest):
        refused(
            Conflict,
            lambda: sar.sar_record_sent(user=manager, request_id=made.pk, sent_on=TODAY(), sent_how=SendMethod.POST),
            code="ALREADY_COMPLETED",
            says="already recorded as sent",
        )
        refused(Conflict, lambda: _extend(manager, made), code="ALREADY_COMPLETED", says="the request is finished")
    assert _sar_unchanged(made) == before


# --- consent.services.consent_record / consent_withdraw -------------------------------------------


def _record(user, applicant, **overrides):
    arguments = {
        "user": user,
        "applicant": applicant,
        "given": True,
        "signed_on": TODAY() - datetime.timedelta(days=1),
        "form_reference": "ROI-FORM-2",
    }
    arguments.update(overrides)
    return consent_record(**arguments)


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"form_reference": "  "}, "form_reference", "Enter the ROI form reference."),
        ({"form_reference": "R" * 65}, "form_reference", "64 characters or fewer"),
        ({"signed_on": None}, "signed_on", "Enter the date the ROI form was signed."),
        ({"signed_on": TOMORROW}, "signed_on", "today or in the past"),
        ({"signed_on": STRING_DATE}, "signed_on", None),
        ({"signed_on": datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)}, "signed_on", None),
        ({"information_format": "smoke signals"}, "information_format", "Choose the format"),
        ({"language": "cy"}, "language", "No consent information has been published"),
        ({"support_used": "telepathy"}, "support_used", "Choose the communication support used from the list."),
        ({"support_language": "Welsh"}, "support_used", "or leave its details empty"),
        ({"support_reference": "Booking 12"}, "support_used", "or leave its details empty"),
        ({"support_used": "spoken_language_interpreter"}, "support_language", "Enter the language"),
        ({"support_used": "spoken_language_interpreter", "support_language": "W" * 101}, "support_language", "100"),
        (
            {
                "support_used": "spoken_language_interpreter",
                "support_language": "Welsh",
                "support_reference": "B" * 201,
            },
            "support_reference",
            "200",
        ),
    ],
)
def test_recording_consent_refuses_bad_details_and_records_nothing(worker, applicant, overrides, field, says):
    assert ConsentText.objects.current() is None  # "cy" is refused because nothing is published
    overrides = {name: day(value) for name, value in overrides.items()}
    with nothing_recorded(Consent):
        refused(Invalid, lambda: _record(worker, applicant, **overrides), field=field, says=says)


def _withdraw(user, applicant, **overrides):
    arguments = {"user": user, "applicant": applicant, "reason": "They changed their mind.", "withdrawn_on": TODAY()}
    arguments.update(overrides)
    return consent_withdraw(**arguments)


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"reason": ""}, "reason", "Enter the reason consent was withdrawn."),
        ({"reason": "r" * 501}, "reason", "500 characters or fewer"),
        ({"withdrawn_on": TOMORROW}, "withdrawn_on", "today or in the past"),
        ({"withdrawn_on": STRING_DATE}, "withdrawn_on", None),
        ({"withdrawn_on": datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)}, "withdrawn_on", None),
        ({"withdrawn_on": datetime.date(2000, 1, 1)}, "withdrawn_on", "before the date consent was signed"),
    ],
)
def test_withdrawing_refuses_bad_details_and_changes_nothing(worker, applicant, consent, overrides, field, says):
    overrides = {name: day(value) for name, value in overrides.items()}
    with nothing_recorded(Consent):
        refused(Invalid, lambda: _withdraw(worker, applicant, **overrides), field=field, says=says)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None and consent.withdrawn_on is None and consent.withdrawal_reason == ""


# --- consent.receipts.receipt_letter / receipt_mark_sent ------------------------------------------


@pytest.fixture
def started(worker, applicant, consent, profile, start):
    return start(worker, applicant, profile).social_check


@pytest.fixture
def completed(worker, started):
    return check_complete(
        user=worker,
        social_check_id=started.pk,
        findings_summary="Public posts about family walks; nothing of concern.",
        outcome="no_concerns",
        no_third_party_details=True,
    )


@pytest.mark.parametrize("suffix", ["exe", "", "../pdf", None])
def test_a_letter_in_an_unknown_format_is_not_found(completed, suffix):
    refused(NotFound, lambda: receipt_letter(completed, suffix), says="no such format")


def test_an_unfinished_check_has_no_letter(started):
    refused(NotFound, lambda: receipt_letter(started, "pdf"), says="not completed yet")


def _mark(user, social_check, **overrides):
    arguments = {"sent_on": TODAY(), "sent_how": ReceiptSentHow.POST}
    arguments.update(overrides)
    return receipt_mark_sent(user=user, social_check=social_check, **arguments)


def test_only_someone_acting_on_the_household_marks_the_receipt(outsider, auditor, completed):
    with nothing_recorded(CheckReceipt):
        for user in (outsider, auditor):
            refused(NotPermitted, lambda user=user: _mark(user, completed), says="cannot record the receipt")


def test_an_unfinished_check_has_no_receipt_to_send(worker, started):
    with nothing_recorded(CheckReceipt):
        refused(Invalid, lambda: _mark(worker, started), field="sent_on", says="Complete the check")


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"sent_on": None}, "sent_on", "Enter the date it was sent."),
        ({"sent_on": TOMORROW}, "sent_on", "today or in the past"),
        ({"sent_on": STRING_DATE}, "sent_on", None),
        ({"sent_on": datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)}, "sent_on", None),
        ({"sent_on": datetime.date(2000, 1, 1)}, "sent_on", "before the check was completed"),
        ({"sent_how": "pigeon"}, "sent_how", "Choose how the receipt was sent."),
        ({"sent_how": None}, "sent_how", "Choose how the receipt was sent."),
    ],
)
def test_marking_the_receipt_refuses_bad_details_and_records_nothing(worker, completed, overrides, field, says):
    overrides = {name: day(value) for name, value in overrides.items()}
    with nothing_recorded(CheckReceipt):
        refused(Invalid, lambda: _mark(worker, completed, **overrides), field=field, says=says)


def test_a_receipt_is_marked_sent_once(worker, completed):
    _mark(worker, completed)
    with nothing_recorded(CheckReceipt):
        refused(Conflict, lambda: _mark(worker, completed), code="DUPLICATE", says="already recorded as sent")
