"""The demo's households for the one-off view in real households (issue 17): a couple
with a shared account checked once for both, a check that found someone else's
page (an incident for the council) voided by a second manager, and a returning
applicant whose earlier view was too recent. Written through the services,
deterministic and idempotent (a household already there is left alone)."""

import datetime

from django.utils import timezone

from cases import services as cases
from cases.models import Household, Stage
from consent.services import consent_record
from platforms.models import ViewingAccountKind
from platforms.services import profile_add

from . import services as checks
from .models import DECLARATION_FIELDS, CheckOutcome

JOINT, VOIDED, EARLIER, RETURNING = (f"DEMO-2026-{n:03d}" for n in range(61, 65))
PURPOSE = "The social media check for the stage 1 assessment."


def seed_real_households(agency) -> None:
    """One call from web.demo.seed_demo, after the agency (councils, teams, people) exists."""
    demo = _Demo(agency)
    if not Household.objects.filter(reference=JOINT).exists():
        demo.joint()
    if not Household.objects.filter(reference=VOIDED).exists():
        demo.voided()
    if not Household.objects.filter(reference=EARLIER).exists():
        demo.returning()


class _Demo:
    def __init__(self, agency):
        self.agency = agency
        self.today = timezone.localdate()
        self.worker = agency.users["demo-worker"]
        self.colleague = agency.users["demo-worker-3"]
        self.manager = agency.users["demo-manager"]  # manages Team A
        self.facebook = agency.platforms["facebook"]
        self.account = agency.accounts[(self.facebook.pk, ViewingAccountKind.LOGGED_OUT)]

    def _household(self, reference, worker, *, days_ago=30):
        return cases.household_create(
            user=worker,
            reference=reference,
            local_authority=self.agency.councils[0],
            team=self.agency.teams[0],
            allocated_worker=worker,
            received_on=self.today - datetime.timedelta(days=days_ago),
            stage=Stage.ROI_RECEIVED,
        )

    def _applicant(self, household, first, last, born, worker):
        applicant = cases.applicant_add(
            user=worker, household=household, first_name=first, last_name=last, date_of_birth=born
        )
        self._consent(applicant, worker, household.received_on)
        return applicant

    def _consent(self, applicant, worker, signed_on):
        consent_record(
            user=worker, applicant=applicant, given=True, signed_on=signed_on, form_reference=f"ROI-{applicant.pk}"
        )

    def _view(self, worker, applicant, profile, outcome, findings):
        started = checks.check_start(
            user=worker,
            applicant_id=applicant.pk,
            profile_id=profile.pk,
            viewing_account_id=self.account,
            declarations=dict.fromkeys(DECLARATION_FIELDS, True),
            purpose=PURPOSE,
        )
        return checks.check_complete(
            user=worker,
            social_check_id=started.social_check.pk,
            findings_summary=findings,
            outcome=outcome,
            no_third_party_details=True,
        )

    def joint(self):
        """A couple who share one Facebook account: one view, both applicants' one-off check."""
        household = self._household(JOINT, self.worker)
        first = self._applicant(household, "Marnie", "Wickersham", datetime.date(1986, 5, 14), self.worker)
        second = self._applicant(household, "Toby", "Wickersham", datetime.date(1984, 11, 2), self.worker)
        shared = profile_add(
            user=self.worker, applicant=first, platform=self.facebook, handle="the.wickershams", joint_with=second
        )
        self._view(
            self.worker,
            second,
            shared,
            CheckOutcome.NO_CONCERNS,
            "A shared family page: allotment photos and a fundraising walk. Nothing of concern.",
        )

    def voided(self):
        """The link showed someone else's page: an incident for the council, and a second manager's void."""
        household = self._household(VOIDED, self.colleague)
        applicant = self._applicant(household, "Odette", "Brackenridge", datetime.date(1990, 2, 20), self.colleague)
        wrong = profile_add(user=self.colleague, applicant=applicant, platform=self.facebook, handle="odette.b")
        check = self._view(
            self.colleague,
            applicant,
            wrong,
            CheckOutcome.WRONG_PERSON,
            "The page belongs to another person of the same name. Nothing about them recorded.",
        )
        checks.check_void(
            user=self.manager,
            social_check_id=check.pk,
            reason="The applicant gave an old link; the page is plainly another person's. She has sent her own.",
        )
        profile_add(user=self.colleague, applicant=applicant, platform=self.facebook, handle="odette.brackenridge.84")

    def returning(self):
        """Viewed in an application that closed; applying again, a new check is possible only after the interval."""
        born = datetime.date(1979, 8, 9)
        earlier = self._household(EARLIER, self.worker, days_ago=120)
        before = self._applicant(earlier, "Lionel", "Fairweather", born, self.worker)
        old = profile_add(user=self.worker, applicant=before, platform=self.facebook, handle="lionel.fairweather")
        self._view(
            self.worker,
            before,
            old,
            CheckOutcome.PROFILE_NOT_FOUND,
            "No profile at this address: the account had been deleted.",
        )
        cases.household_close(
            user=self.manager,
            household_id=earlier.pk,
            outcome="withdrawn",
            on=self.today - datetime.timedelta(days=60),
            reason="He withdrew to care for a parent.",
        )
        again = self._household(RETURNING, self.worker, days_ago=10)
        returning = cases.applicant_add(
            user=self.worker,
            household=again,
            first_name="Lionel",
            last_name="Fairweather",
            date_of_birth=born,
            earlier_applicant=before,
        )
        self._consent(returning, self.worker, again.received_on)
        profile_add(user=self.worker, applicant=returning, platform=self.facebook, handle="lionel.fairweather.79")
