"""Demo records for a day's work on a case (issue 22): a household its manager re-allocated, and
an applicant whose date of birth was corrected, with the value before in the history. Written
through the services, once (seed_demo runs again without duplicating them)."""

import datetime

from .models import ApplicantCorrection, Household
from .services import applicant_correct, household_allocate


def seed_allocation_and_correction(agency) -> None:
    if ApplicantCorrection.objects.exists():
        return
    workers, manager = agency.workers_by_team[0], agency.managers_by_team[0][0]
    household = (
        Household.objects.filter(team=agency.teams[0], outcome="", applicants__isnull=False)
        .order_by("reference")
        .distinct()
        .first()
    )
    if household is None or len(workers) < 2:
        return
    others = [w for w in workers if w.pk != household.allocated_worker_id]
    household_allocate(user=manager, household_id=household.pk, worker=others[0])
    applicant = household.applicants.order_by("position").first()
    born = applicant.date_of_birth or datetime.date(1986, 4, 12)
    applicant_correct(
        user=others[0],
        applicant_id=applicant.pk,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        date_of_birth=born.replace(day=born.day % 28 + 1),
        reason="The ROI form had the wrong day; checked against their passport at the first visit.",
    )
