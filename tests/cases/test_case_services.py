import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Applicant, Household
from cases.scope import households_visible_to
from cases.services import applicant_add, household_create
from t4c_socialcheck.errors import Conflict, Invalid, NotPermitted
from tests.factories import HouseholdFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def test_a_worker_creates_a_household_in_their_team(worker, team_a):
    household = household_create(user=worker, reference="ROI-1", local_authority=LocalAuthorityFactory())
    assert household.team == team_a and household.created_by == worker


def test_a_duplicate_reference_is_refused_whatever_its_case(worker):
    council = LocalAuthorityFactory()
    household_create(user=worker, reference="ROI-1", local_authority=council)
    with pytest.raises(Conflict):
        household_create(user=worker, reference="roi-1", local_authority=council)
    assert Household.objects.count() == 1


def test_a_household_cannot_be_put_in_another_team(worker, team_b):
    with pytest.raises(Invalid):
        household_create(user=worker, reference="ROI-1", local_authority=LocalAuthorityFactory(), team=team_b)


def test_an_admin_cannot_create_case_records(admin_user):
    with pytest.raises(NotPermitted):
        household_create(user=admin_user, reference="ROI-1", local_authority=LocalAuthorityFactory())


def test_a_household_has_at_most_two_applicants(worker, household):
    applicant_add(user=worker, household=household, first_name="Alex", last_name="Morgan")
    applicant_add(user=worker, household=household, first_name="Jo", last_name="Morgan")
    with pytest.raises(Invalid) as error:
        applicant_add(user=worker, household=household, first_name="Third", last_name="Person")
    assert "at most two" in error.value.detail
    assert household.applicants.count() == 2


def test_the_database_refuses_a_third_applicant(worker, household):
    applicant_add(user=worker, household=household, first_name="Alex", last_name="Morgan")
    applicant_add(user=worker, household=household, first_name="Jo", last_name="Morgan")
    with pytest.raises(IntegrityError), transaction.atomic():
        Applicant.objects.create(household=household, position=3, first_name="T", last_name="P")


def test_communication_needs_are_recorded_and_flagged(worker, household):
    applicant = applicant_add(
        user=worker,
        household=household,
        first_name="Casey",
        last_name="Lloyd",
        communication_needs={
            "information_formats": ["easy_read", "translated"],
            "translation_language": "Polish",
            "communication_support": ["bsl_interpreter"],
            "needs_review_on": timezone.localdate() + datetime.timedelta(days=365),
        },
    )
    assert applicant.has_communication_needs
    assert applicant.communication_needs_labels() == [
        "Easy read",
        "Translated text (Polish)",
        "British Sign Language interpreter",
    ]


@pytest.mark.parametrize(
    "needs",
    [
        {"information_formats": ["smoke_signals"]},
        {"information_formats": ["translated"]},  # no language
        {"communication_support": ["spoken_language_interpreter"]},  # no language
        {"communication_support": ["bsl_interpreter"], "communication_notes": "x" * 501},
    ],
)
def test_bad_communication_needs_are_refused(worker, household, needs):
    with pytest.raises(Invalid):
        applicant_add(user=worker, household=household, first_name="A", last_name="B", communication_needs=needs)
    assert not household.applicants.exists()


@pytest.mark.parametrize(("first", "last"), [("", "B"), ("A", ""), ("x" * 101, "B")])
def test_names_are_required_and_bounded(worker, household, first, last):
    with pytest.raises(Invalid):
        applicant_add(user=worker, household=household, first_name=first, last_name=last)


def test_a_future_date_of_birth_is_refused(worker, household):
    with pytest.raises(Invalid):
        applicant_add(
            user=worker,
            household=household,
            first_name="A",
            last_name="B",
            date_of_birth=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_scope_workers_see_their_teams_households_only(
    worker, teammate, outsider, manager, admin_user, auditor, household
):
    other = HouseholdFactory()
    assert list(households_visible_to(worker)) == [household]
    assert list(households_visible_to(teammate)) == [household]
    assert list(households_visible_to(manager)) == [household]
    assert list(households_visible_to(outsider)) == []
    assert list(households_visible_to(admin_user)) == []
    assert set(households_visible_to(auditor)) == {household, other}
