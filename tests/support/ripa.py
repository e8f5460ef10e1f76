"""An authorisation in force, made the way the code of practice makes it: a manager applies,
a designated authorising officer grants, a justice approves (ripa.services)."""

import datetime

from django.utils import timezone

from accounts.models import Role
from ripa import services
from ripa.dates import last_valid_day
from ripa.models import AuthorisingOfficer, RipaApplication
from tests.factories import UserFactory

PROPORTIONALITY = dict.fromkeys(("balance", "least_intrusive", "appropriate_use", "alternatives"), "Considered.")


def authorising_officer(council, username: str = "ripa-officer"):
    user = UserFactory(username=username, role=Role.MANAGER)
    AuthorisingOfficer.objects.create(council=council, user=user, grade="Director", designated_on=timezone.localdate())
    return user


def authorisation_in_force(manager, applicant, profiles, *, took_effect: datetime.date | None = None, officer=None):
    """An application approved by a justice today (or, moved back, on `took_effect`)."""
    council = applicant.household.local_authority
    officer = officer or AuthorisingOfficer.objects.filter(council=council).first()
    officer = officer.user if isinstance(officer, AuthorisingOfficer) else officer
    officer = officer or authorising_officer(council, username=f"ripa-officer-{council.pk}")
    application = services.application_create(
        user=manager,
        applicant_id=applicant.pk,
        profile_ids=[p.pk for p in profiles],
        offence="Fraud by false representation",
        offence_max_sentence_months=120,
        necessity="The police asked for help.",
        proportionality=PROPORTIONALITY,
        collateral_intrusion="Friends' comments may be seen.",
        confidential_information_likely=False,
    )
    services.application_decide(user=officer, application_id=application.pk, granted=True, reasons="Necessary.")
    application = services.justice_approval_record(
        user=manager,
        application_id=application.pk,
        approved=True,
        on=timezone.localdate(),
        court="Shrewsbury Magistrates' Court",
        justice="A. Justice",
    )
    if took_effect is not None:
        RipaApplication.objects.filter(pk=application.pk).update(
            applied_on=min(took_effect, application.applied_on),
            decided_on=min(took_effect, application.decided_on),
            justice_decided_on=took_effect,
            valid_from=took_effect,
            last_valid_day=last_valid_day(took_effect),
        )
        application.refresh_from_db()
    return application
