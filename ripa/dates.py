"""The one date rule of a RIPA authorisation (api.md, "Additions, December 2026: RIPA")."""

import datetime

from t4c_socialcheck.dates import add_calendar_months

AUTHORISATION_MONTHS = 3  # a directed surveillance authorisation lasts three months (RIPA 2000 s.43(3))
RECORDS_KEPT_YEARS = 3  # the central record is kept at least 3 years after it ends (code of practice 8.1)


def last_valid_day(took_effect: datetime.date) -> datetime.date:
    """The last day an authorisation that took effect on `took_effect` is in force.

    Three months *beginning with* the day it took effect: the same day three
    calendar months later (that month's last day if it is shorter) is already
    outside, so the day before it is the last. Clamping before subtracting keeps
    it from ever running past the statutory period (2026-11-30 -> 2027-02-27)."""
    return add_calendar_months(took_effect, AUTHORISATION_MONTHS) - datetime.timedelta(days=1)


def kept_until(ended_on: datetime.date) -> datetime.date:
    """The last day the records of an authorisation that ended on `ended_on` must be kept."""
    return add_calendar_months(ended_on, 12 * RECORDS_KEPT_YEARS)
