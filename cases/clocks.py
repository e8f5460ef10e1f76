"""The process's clocks: when each stage is due.

- ROI received: accepted or declined within 5 working days (England and Wales
  bank holidays, from the maintained `holidays` library, do not count).
- Stage 1: 2 months from the ROI's acceptance (the move into stage 1).
- Break: at most 6 months.
- Stage 2: 4 months.
"""

import datetime
from functools import lru_cache

import holidays

from t4c_socialcheck.dates import add_calendar_months

from .models import Stage

ROI_DECISION_WORKING_DAYS = 5
STAGE_MONTHS = {Stage.STAGE_1: 2, Stage.BREAK: 6, Stage.STAGE_2: 4}
BREAK_MAX_MONTHS = STAGE_MONTHS[Stage.BREAK]


@lru_cache(maxsize=32)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # England and Wales share their bank holidays; "ENG" is England's list.
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `day` (weekends and bank holidays skipped)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def stage_due_on(stage: str, began: datetime.date) -> datetime.date | None:
    if stage == Stage.ROI_RECEIVED:
        return add_working_days(began, ROI_DECISION_WORKING_DAYS)
    if stage in STAGE_MONTHS:
        return add_calendar_months(began, STAGE_MONTHS[stage])
    return None
