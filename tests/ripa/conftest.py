"""RIPA fixtures: a designated authorising officer of the household's council (who manages
no team), a second one, an officer of another council, and applications at each step."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from ripa import services
from ripa.models import AuthorisingOfficer
from tests.api.conftest import integration_key
from tests.factories import LocalAuthorityFactory, UserFactory

PROPORTIONALITY = {
    "balance": "Weekly views of public posts against a fraud of £40,000.",
    "least_intrusive": "Public posts only; no interaction.",
    "appropriate_use": "The police asked for help; an interview was tried first.",
    "alternatives": "Bank records were refused; no other source holds the dates.",
}


def designate(user, council, grade="Director of Children's Services"):
    return AuthorisingOfficer.objects.create(
        council=council, user=user, grade=grade, designated_on=timezone.localdate()
    )


@pytest.fixture
def officer(household):
    user = UserFactory(username="officer", role=Role.MANAGER, email="officer@example.org")
    designate(user, household.local_authority)
    return user


@pytest.fixture
def second_officer(household):
    user = UserFactory(username="officer2", role=Role.MANAGER, email="officer2@example.org")
    designate(user, household.local_authority, grade="Head of Service")
    return user


@pytest.fixture
def elsewhere_officer(db):
    user = UserFactory(username="elsewhere", role=Role.MANAGER)
    designate(user, LocalAuthorityFactory())
    return user


@pytest.fixture
def apply(manager, applicant, profile):
    def _apply(user=None, **overrides):
        arguments = {
            "user": user or manager,
            "applicant_id": applicant.pk,
            "profile_ids": [profile.pk],
            "offence": "Fraud by false representation (Fraud Act 2006, s.2)",
            "offence_max_sentence_months": 120,
            "necessity": "The police asked the council to assist a fraud investigation.",
            "proportionality": dict(PROPORTIONALITY),
            "collateral_intrusion": "Friends' comments may be seen.",
            "confidential_information_likely": False,
        }
        arguments.update(overrides)
        return services.application_create(**arguments)

    return _apply


@pytest.fixture
def granted(apply, officer):
    application = apply()
    return services.application_decide(
        user=officer, application_id=application.pk, granted=True, reasons="Necessary and proportionate."
    )


@pytest.fixture
def active(granted, manager):
    return services.justice_approval_record(
        user=manager,
        application_id=granted.pk,
        approved=True,
        on=timezone.localdate(),
        court="Shrewsbury Magistrates' Court",
        justice="A. Justice",
    )


def move_back(application, days: int):
    """Date an in-force application `days` earlier, as if approved then (the services date steps today)."""
    from ripa.dates import last_valid_day
    from ripa.models import RipaApplication

    took_effect = timezone.localdate() - datetime.timedelta(days=days)
    RipaApplication.objects.filter(pk=application.pk).update(
        applied_on=took_effect,
        decided_on=took_effect,
        justice_decided_on=took_effect,
        valid_from=took_effect,
        last_valid_day=last_valid_day(took_effect),
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def api_as(db):
    def _client(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {integration_key(user)}")
        return client

    return _client
