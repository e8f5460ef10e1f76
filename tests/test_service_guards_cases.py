"""The services' own guards, called as a shell user would call them (`manage.py shell`), with the bad
input each guard is for: the project's own error, a message for a social worker, the field named,
the code where there is one, and nothing recorded. Page forms and serializers catch most of these
first, so only these tests reach them."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import (
    Applicant,
    ApplicantCorrection,
    ClosingCorrection,
    CommunicationSupport,
    Household,
    InformationFormat,
    LegalHoldChange,
    Stage,
    StageMove,
)
from cases.services import (
    applicant_add,
    applicant_update_needs,
    household_allocate,
    household_close,
    household_closing_correct,
    household_create,
    household_move,
    legal_hold_change,
)
from checks import rules
from checks.models import Refusal, SocialCheck
from checks.services import check_complete
from platforms.models import ViewingAccount
from t4c_socialcheck.errors import AlreadyClosed, Invalid, NotFound, NotPermitted
from tests.factories import (
    ApplicantFactory,
    HouseholdFactory,
    LocalAuthorityFactory,
    PolicyVersionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def assert_plain(error, *, field=None):
    """A sentence for a person: no code, no Python, names the field when there is one."""
    detail = error.detail
    assert detail and detail[0].isupper() and detail.rstrip().endswith((".", "?"))
    for leak in ("Traceback", "None", "pk", "_id", "{", "<", "Error"):
        assert leak not in detail, f"{leak!r} in {detail!r}"
    if field is not None:
        assert list(error.fields) == [field] or field in error.fields
        assert all(m.strip() for m in error.fields[field])


def _closed(household, *, began=None, on=None):
    Household.objects.filter(pk=household.pk).update(
        outcome="withdrawn", closed_on=on or TODAY(), closed_reason="Withdrew.", stage_started_on=began
    )
    household.refresh_from_db()
    return household


# --- household_create -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference, message",
    [
        ("", "Enter the ROI reference."),
        ("   ", "Enter the ROI reference."),
        (None, "Enter the ROI reference."),
        ("R" * 65, "The reference must be 64 characters or fewer."),
    ],
)
def test_household_create_refuses_a_missing_or_too_long_reference(worker, reference, message):
    with pytest.raises(Invalid) as refused:
        household_create(user=worker, reference=reference, local_authority=LocalAuthorityFactory())
    assert refused.value.detail == message
    assert_plain(refused.value, field="reference")
    assert Household.objects.count() == 0


def test_household_create_by_a_worker_in_no_team_says_to_ask_an_admin(policy):
    loner = UserFactory(username="loner")
    with pytest.raises(Invalid) as refused:
        household_create(user=loner, reference="ROI-1", local_authority=LocalAuthorityFactory())
    assert "not in a team" in refused.value.detail
    assert_plain(refused.value, field="team")
    assert Household.objects.count() == 0


def test_household_create_refuses_an_allocated_worker_from_another_team(worker, outsider):
    with pytest.raises(Invalid) as refused:
        household_create(
            user=worker, reference="ROI-1", local_authority=LocalAuthorityFactory(), allocated_worker=outsider
        )
    assert refused.value.detail == "The allocated worker must be a member of the household's team."
    assert_plain(refused.value, field="allocated_worker")
    assert Household.objects.count() == 0


def test_household_create_without_a_local_authority_says_so(worker):
    """Not "a household with reference ... already exists" (the database's NOT NULL, read as a duplicate)."""
    with pytest.raises(Invalid) as refused:
        household_create(user=worker, reference="ROI-1", local_authority=None)
    assert "local authority" in refused.value.detail
    assert_plain(refused.value, field="local_authority")
    assert Household.objects.count() == 0


NOT_DATES = [timezone.now(), "2026-01-05"]


@pytest.mark.parametrize("value", NOT_DATES, ids=["a date-time", "text"])
@pytest.mark.parametrize(
    "field, change",
    [
        (
            "received_on",
            lambda user, household, value: household_create(
                user=user, reference="ROI-NEW", local_authority=household.local_authority, received_on=value
            ),
        ),
        (
            "date_of_birth",
            lambda user, household, value: applicant_add(
                user=user, household=household, first_name="Alex", last_name="Morgan", date_of_birth=value
            ),
        ),
        (
            "on",
            lambda user, household, value: household_move(
                user=user, household_id=household.pk, stage="stage_1", on=value
            ),
        ),
    ],
    ids=["create", "add applicant", "move"],
)
def test_a_date_given_as_text_or_a_date_time_is_refused_plainly(worker, household, field, change, value):
    """It was a TypeError comparing it with today."""
    with pytest.raises(Invalid) as refused:
        change(worker, household, value)
    assert refused.value.detail.endswith("as a date.")
    assert_plain(refused.value, field=field)
    assert Household.objects.count() == 1 and Applicant.objects.count() == StageMove.objects.count() == 0


# --- Communication needs (applicant_add and applicant_update_needs) ---------------------------------


BAD_NEEDS = [
    ({"communication_support": ["telepathy"]}, "communication_support", "Choose support from the list."),
    ({"needs_status": "perhaps"}, "needs_status", "Choose whether you have asked about their communication needs."),
    (
        {"information_formats": [InformationFormat.LARGE_PRINT], "large_print_points": "big"},
        "large_print_points",
        "Enter a print size from",
    ),
    (
        {"information_formats": [InformationFormat.LARGE_PRINT], "large_print_points": [18]},
        "large_print_points",
        "Enter a print size from",
    ),
    (
        {"information_formats": [InformationFormat.TRANSLATED], "translation_language": "W" * 101},
        "translation_language",
        "characters or fewer",
    ),
    (
        {
            "communication_support": [CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER],
            "interpreter_language": "W" * 101,
        },
        "interpreter_language",
        "characters or fewer",
    ),
]


@pytest.mark.parametrize("needs, field, message", BAD_NEEDS)
def test_applicant_add_refuses_bad_communication_needs_and_adds_no_one(worker, household, needs, field, message):
    with pytest.raises(Invalid) as refused:
        applicant_add(
            user=worker, household=household, first_name="Alex", last_name="Morgan", communication_needs=needs
        )
    assert refused.value.detail == "Check the communication needs."
    assert_plain(refused.value, field=field)
    assert message in refused.value.fields[field][0]
    assert Applicant.objects.count() == 0


@pytest.mark.parametrize("needs, field, message", BAD_NEEDS)
def test_applicant_update_needs_refuses_bad_needs_and_changes_nothing(worker, applicant, needs, field, message):
    with pytest.raises(Invalid) as refused:
        applicant_update_needs(user=worker, applicant=applicant, communication_needs=needs)
    assert_plain(refused.value, field=field)
    applicant.refresh_from_db()
    assert (applicant.needs_status, applicant.information_formats, applicant.communication_support) == (
        "not_asked",
        [],
        [],
    )


def test_applicant_add_to_another_teams_household_is_not_found(outsider, household):
    """From the shell as from the API: another team's household answers as one that does not exist."""
    with pytest.raises(NotFound, match="No household here.") as refused:
        applicant_add(user=outsider, household=household, first_name="Alex", last_name="Morgan")
    assert_plain(refused.value)
    assert Applicant.objects.count() == 0


def test_applicant_update_needs_of_another_teams_applicant_is_not_permitted(outsider, applicant):
    with pytest.raises(NotPermitted):
        applicant_update_needs(
            user=outsider, applicant=applicant, communication_needs={"information_formats": ["easy_read"]}
        )
    applicant.refresh_from_db()
    assert applicant.information_formats == []


def test_applicant_add_to_a_closed_household_is_refused_as_closed(worker, household):
    _closed(household)
    with pytest.raises(AlreadyClosed) as refused:
        applicant_add(user=worker, household=household, first_name="Alex", last_name="Morgan")
    assert refused.value.code == "ALREADY_CLOSED"
    assert refused.value.detail == "This case is closed. Its records can no longer be changed."
    assert Applicant.objects.count() == 0


# --- The earlier application of a returning applicant -------------------------------------------------


def test_the_earlier_applicant_cannot_be_from_this_same_application(worker, household, applicant):
    with pytest.raises(Invalid) as refused:
        applicant_add(
            user=worker, household=household, first_name="Jo", last_name="Morgan", earlier_applicant=applicant
        )
    assert "earlier application, not this one" in refused.value.detail
    assert_plain(refused.value, field="earlier_applicant")
    assert household.applicants.count() == 1


def test_the_earlier_applicant_cannot_be_one_removed_under_retention(worker, team_a, household):
    earlier = ApplicantFactory(household=_closed(HouseholdFactory(team=team_a)), first_name="Alex")
    Applicant.objects.filter(pk=earlier.pk).update(anonymised_at=timezone.now())
    with pytest.raises(Invalid) as refused:
        applicant_add(
            user=worker, household=household, first_name="Alex", last_name="Morgan", earlier_applicant=earlier
        )
    assert refused.value.detail == "The earlier applicant's details have been removed under retention."
    assert_plain(refused.value, field="earlier_applicant")
    assert household.applicants.count() == 0


# --- Stage moves, closing, legal hold ---------------------------------------------------------------


def test_household_move_to_a_stage_that_does_not_exist_is_refused(worker, household):
    with pytest.raises(Invalid) as refused:
        household_move(user=worker, household_id=household.pk, stage="stage_3", on=TODAY())
    assert refused.value.detail == "Choose a stage from the list."
    assert_plain(refused.value, field="stage")
    household.refresh_from_db()
    assert household.stage == Stage.ROI_RECEIVED and StageMove.objects.count() == 0


TOO_LONG = "x" * 501


@pytest.mark.parametrize(
    "change",
    [
        lambda manager, household: legal_hold_change(
            user=manager, household_id=household.pk, held=True, reason=TOO_LONG
        ),
        lambda manager, household: household_close(
            user=manager, household_id=household.pk, outcome="withdrawn", on=TODAY(), reason=TOO_LONG
        ),
        lambda manager, household: household_move(
            user=manager, household_id=household.pk, stage="stage_1", on=TODAY(), reason=TOO_LONG
        ),
    ],
    ids=["legal hold", "close", "move"],
)
def test_a_reason_over_500_characters_is_refused_and_nothing_changes(manager, household, change):
    with pytest.raises(Invalid) as refused:
        change(manager, household)
    assert refused.value.detail == "The reason must be 500 characters or fewer."
    assert_plain(refused.value, field="reason")
    household.refresh_from_db()
    assert (household.legal_hold, household.is_closed, household.stage) == (False, False, Stage.ROI_RECEIVED)
    assert LegalHoldChange.objects.count() == StageMove.objects.count() == 0


def test_a_closing_date_before_the_current_stage_began_is_refused(manager, household):
    began = TODAY() - datetime.timedelta(days=10)
    Household.objects.filter(pk=household.pk).update(stage_started_on=began)
    with pytest.raises(Invalid) as refused:
        household_close(
            user=manager,
            household_id=household.pk,
            outcome="withdrawn",
            on=began - datetime.timedelta(days=1),
            reason="Withdrew.",
        )
    assert "cannot be before the current stage began on" in refused.value.detail
    assert_plain(refused.value, field="on")
    household.refresh_from_db()
    assert not household.is_closed


def test_a_corrected_closing_date_before_the_current_stage_began_is_refused(manager, household):
    began = TODAY() - datetime.timedelta(days=10)
    _closed(household, began=began)
    with pytest.raises(Invalid) as refused:
        household_closing_correct(
            user=manager,
            household_id=household.pk,
            outcome="withdrawn",
            on=began - datetime.timedelta(days=1),
            reason="Typo.",
        )
    assert_plain(refused.value, field="on")
    household.refresh_from_db()
    assert household.closed_on == TODAY() and ClosingCorrection.objects.count() == 0


def test_an_admin_holding_a_household_that_does_not_exist_is_told_not_found(admin_user, household):
    with pytest.raises(NotFound) as refused:
        legal_hold_change(user=admin_user, household_id=household.pk + 1000, held=True, reason="Court order.")
    assert refused.value.detail == "No household here."
    assert LegalHoldChange.objects.count() == 0


# An id typed at the shell: a reference, a word, a number no database key can be. "Not found", never a
# ValueError or an OverflowError from the database driver.
NOT_IDS = ["ROI-00001", "twelve", 2**70, -1, None]


@pytest.mark.parametrize("household_id", NOT_IDS)
@pytest.mark.parametrize(
    "who, change",
    [
        ("worker", lambda user, pk: household_move(user=user, household_id=pk, stage="stage_1", on=TODAY())),
        (
            "manager",
            lambda user, pk: household_close(user=user, household_id=pk, outcome="withdrawn", on=TODAY(), reason="r"),
        ),
        (
            "manager",
            lambda user, pk: household_closing_correct(
                user=user, household_id=pk, outcome="withdrawn", on=TODAY(), reason="r"
            ),
        ),
        ("manager", lambda user, pk: legal_hold_change(user=user, household_id=pk, held=True, reason="r")),
        ("admin_user", lambda user, pk: legal_hold_change(user=user, household_id=pk, held=True, reason="r")),
        ("manager", lambda user, pk: household_allocate(user=user, household_id=pk, worker=None)),
    ],
    ids=["move", "close", "correct closing", "hold (manager)", "hold (admin)", "allocate"],
)
def test_a_household_id_that_cannot_be_one_is_not_found(request, household, who, change, household_id):
    with pytest.raises(NotFound) as refused:
        change(request.getfixturevalue(who), household_id)
    assert refused.value.detail == "No household here."
    household.refresh_from_db()
    assert (household.stage, household.is_closed, household.legal_hold) == (Stage.ROI_RECEIVED, False, False)
    assert StageMove.objects.count() == LegalHoldChange.objects.count() == ApplicantCorrection.objects.count() == 0


# --- checks: completing a check -----------------------------------------------------------------------


@pytest.fixture
def started(worker, applicant, consent, profile, start):
    return start(worker, applicant, profile).social_check


FINDINGS = {"findings_summary": "Public posts only.", "outcome": "no_concerns", "no_third_party_details": True}


@pytest.mark.parametrize("social_check_id", ["twelve", 10**6, None, [1]])
def test_check_complete_of_a_check_that_does_not_exist_is_not_found(worker, started, social_check_id):
    with pytest.raises(NotFound) as refused:
        check_complete(user=worker, social_check_id=social_check_id, **FINDINGS)
    assert refused.value.detail == "The check was not found."
    started.refresh_from_db()
    assert not started.is_completed


def test_check_complete_by_another_team_is_not_found(outsider, started):
    with pytest.raises(NotFound) as refused:
        check_complete(user=outsider, social_check_id=started.pk, **FINDINGS)
    assert refused.value.detail == "The check was not found."
    started.refresh_from_db()
    assert not started.is_completed and started.findings_summary == ""


# --- The check form's preview, and the check pages (through the HTTP client) --------------------------


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_with_no_viewing_account_at_all_the_check_form_says_none_is_approved(worker, applicant, consent, profile):
    """No account of any platform to stand in (checks.preview): the reason is "not approved", nothing recorded."""
    ViewingAccount.objects.all().delete()
    response = _signed_in(worker).get(f"/applicants/{applicant.pk}/checks/new/")
    assert response.status_code == 200
    options = response.context["options"]
    assert not options.possible
    assert [r.code for r in options.reasons] == ["ACCOUNT_NOT_APPROVED"]
    rule = rules.RULE_BY_CODE[rules.RefusalCode.ACCOUNT_NOT_APPROVED]
    assert (options.reasons[0].label, options.reasons[0].message) == (rule.label, rule.message)
    assert rule.message in response.content.decode()
    assert Refusal.objects.count() == SocialCheck.objects.count() == 0


def test_a_policy_published_since_sign_in_is_asked_for_before_the_check_form(worker, applicant, consent, profile):
    client = _signed_in(worker)
    PolicyVersionFactory(version="99")
    response = client.get(f"/applicants/{applicant.pk}/checks/new/")
    assert response.status_code == 302
    assert response["Location"] == f"/policy/?next=%2Fapplicants%2F{applicant.pk}%2Fchecks%2Fnew%2F"
    message = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == ["Read and accept the current social media policy before you make a check."]
    assert Refusal.objects.count() == SocialCheck.objects.count() == 0


@pytest.fixture
def completed(started, worker):
    return check_complete(user=worker, social_check_id=started.pk, **FINDINGS)


def _receipt_reads():
    return AuditEvent.objects.filter(data__page__startswith="check receipt").count()


def test_a_receipt_in_a_format_that_does_not_exist_is_not_found(worker, completed):
    response = _signed_in(worker).get(f"/checks/{completed.pk}/receipt.docx")
    assert response.status_code == 404
    assert _receipt_reads() == 0


def test_a_receipt_that_cannot_be_made_says_why_and_names_the_letter(worker, completed, settings):
    settings.CONSENT_LOU_TRANSLATE = "/nonexistent/lou_translate"
    response = _signed_in(worker).get(f"/checks/{completed.pk}/receipt.brf")
    assert response.status_code == 503
    page = response.content.decode()
    assert "is not installed on the server" in page and "liblouis-bin" in page
    assert "The receipt letter cannot be made as Braille (BRF)" in page
    assert "consent information" not in page.lower()
    assert _receipt_reads() == 0
