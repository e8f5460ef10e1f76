"""Fixtures for the security tests: records of every kind in team A (see records.py)
and the manager of team B."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from api.models import ApiToken
from api.tokens import api_token_issue
from checks.services import check_complete
from consent.models import ConsentText
from consent.services import consent_record
from governance.models import Course
from incidents.services import incident_report
from platforms.services import profile_add
from policy.services import acknowledge_current_policy
from ripa import services as ripa_services
from ripa.models import AuthorisingOfficer
from tests.factories import ApplicantFactory, HouseholdFactory, UserFactory
from tests.support.ripa import PROPORTIONALITY, authorisation_in_force

from .records import Records, yesterday


@pytest.fixture
def records(
    worker, teammate, manager, manager_b, household, applicant, consent, profile, start, policy, logged_out_view
) -> Records:
    ConsentText.objects.create(
        version="1",
        body="We may look once at one profile.",
        easy_read_body="We look once.",
        published_at=timezone.now(),
    )
    social_check = start(worker, applicant, profile).social_check
    refusal = start(worker, applicant, profile).refusal  # the second view of the same profile
    incident = incident_report(
        user=worker,
        kind="trolling",
        description="Abusive messages after the visit.",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        applicant_id=applicant.pk,
    )
    breach = incident_report(
        user=worker,
        kind="data_breach",
        description="A letter went to the wrong address.",
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        applicant_id=applicant.pk,
    )
    # manager_b is a designated authorising officer of the household's council: RIPA decisions,
    # reviews and cancellations are theirs, whatever team they manage.
    AuthorisingOfficer.objects.create(
        council=household.local_authority, user=manager_b, grade="Director", designated_on=timezone.localdate()
    )
    ripa = authorisation_in_force(manager, applicant, [profile], officer=manager_b)
    ripa_pending = _ripa_application(manager, applicant, profile)
    ripa_granted = ripa_services.application_decide(
        user=manager_b, application_id=_ripa_application(manager, applicant, profile).pk, granted=True, reasons="Yes."
    )
    household2 = HouseholdFactory(team=household.team, allocated_worker=worker)
    fresh = ApplicantFactory(household=household2, first_name="Sam", last_name="Lee")
    ready = ApplicantFactory(household=household2, first_name="Jo", last_name="Okafor")
    consent_record(user=worker, applicant=ready, given=True, signed_on=yesterday(), form_reference="ROI-FORM-2")
    ready_profile = profile_add(user=worker, applicant=ready, platform=profile.platform, handle="jo.okafor")
    assert social_check is not None and refusal is not None
    household3 = HouseholdFactory(team=household.team, allocated_worker=worker)
    gone = ApplicantFactory(household=household3, first_name="Kit", last_name="Moss")
    consent_record(user=worker, applicant=gone, given=True, signed_on=yesterday(), form_reference="ROI-FORM-4")
    gone_profile = profile_add(user=worker, applicant=gone, platform=profile.platform, handle="kit.moss.old")
    voidable = check_complete(
        user=worker,
        social_check_id=start(worker, gone, gone_profile).social_check.pk,
        findings_summary="No profile at this address.",
        outcome="profile_not_found",
        no_third_party_details=True,
    )
    from dataprotection.services import sar_open

    sar = sar_open(
        user=manager,
        applicant_id=applicant.pk,
        requested_by="The applicant",
        identity_check="Passport seen.",
        received_on=yesterday(),
    )
    return Records(
        household=household,
        applicant=applicant,
        profile=profile,
        check=social_check,
        refusal=refusal,
        incident=incident,
        breach=breach,
        ripa=ripa,
        ripa_pending=ripa_pending,
        ripa_granted=ripa_granted,
        household2=household2,
        fresh=fresh,
        ready=ready,
        ready_profile=ready_profile,
        viewing_account=logged_out_view,
        policy_version=policy.version,
        api_token=api_token_issue(user=worker, name="Case system", kind=ApiToken.Kind.INTEGRATION)[0],
        voidable=voidable,
        sar=sar,
        sar_item=sar.items.first(),
        course=Course.objects.create(name="Social media checks and RIPA", validity_months=12),
    )


def _ripa_application(manager, applicant, profile):
    return ripa_services.application_create(
        user=manager,
        applicant_id=applicant.pk,
        profile_ids=[profile.pk],
        offence="Fraud",
        offence_max_sentence_months=120,
        necessity="Needed.",
        proportionality=PROPORTIONALITY,
        collateral_intrusion="Little.",
        confidential_information_likely=False,
    )


@pytest.fixture
def manager_b(team_b, policy):
    """The manager of the outsider's team B."""
    user = UserFactory(username="manager_b", role=Role.MANAGER)
    team_b.managers.add(user)
    acknowledge_current_policy(user=user)
    return user
