"""People and records for the managers' pages: a manager of another team, a refusal,
incidents of each kind and a RIPA authorisation, all in the worker's team A."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from checks.services import ripa_authorisation_record
from incidents.services import incident_report
from tests.factories import UserFactory


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
    def _authorise(reference="RIPA-2026-001", **overrides):
        today = timezone.localdate()
        arguments = {
            "user": manager,
            "reference": reference,
            "applicant_id": applicant.pk,
            "profile_ids": [profile.pk],
            "authorising_officer": "J. Smith, Head of Legal",
            "magistrate_approved_on": today - datetime.timedelta(days=2),
            "valid_from": today - datetime.timedelta(days=1),
            "valid_to": today + datetime.timedelta(days=30),
        }
        arguments.update(overrides)
        return ripa_authorisation_record(**arguments)

    return _authorise


@pytest.fixture
def authorisation(authorise):
    return authorise()
