"""People and records for the managers' pages: a manager of another team, a refusal,
incidents of each kind and a RIPA authorisation, all in the worker's team A."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from incidents.services import incident_report
from ripa.models import RipaApplication
from tests.factories import UserFactory
from tests.support.ripa import authorisation_in_force


@pytest.fixture
def other_manager(team_b, policy):
    user = UserFactory(username="manager_b", role=Role.MANAGER)
    team_b.managers.add(user)
    return user


@pytest.fixture
def refusal(worker, applicant, profile, start):
    """A refused attempt in team A: no consent recorded."""
    return start(worker, applicant, profile).refusal


@pytest.fixture
def report(worker):
    def _report(kind="trolling", user=None, **kwargs):
        return incident_report(
            user=user or worker,
            kind=kind,
            description=kwargs.pop("description", "What happened."),
            occurred_at=kwargs.pop("occurred_at", timezone.now() - datetime.timedelta(hours=1)),
            **kwargs,
        )

    return _report


@pytest.fixture
def breach(report, applicant):
    return report("data_breach", applicant_id=applicant.pk)


@pytest.fixture
def trolling(report, applicant):
    return report("trolling", applicant_id=applicant.pk)


@pytest.fixture
def authorise(manager, applicant, profile):
    """authorise(last_valid_day=None) -> an authorisation a justice approved (tests/support/ripa.py)."""

    def _authorise(last_valid_day=None):
        application = authorisation_in_force(manager, applicant, [profile])
        if last_valid_day is not None:
            RipaApplication.objects.filter(pk=application.pk).update(last_valid_day=last_valid_day)
            application.refresh_from_db()
        return application

    return _authorise


@pytest.fixture
def authorisation(authorise):
    return authorise()
