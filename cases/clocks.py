"""The process's clocks: when each stage is due.

- ROI received: accepted or declined within 5 working days (England and Wales
  bank holidays do not count: t4c_socialcheck.dates).
- Stage 1: 2 months from the ROI's acceptance (the move into stage 1).
- Break: at most 6 months.
- Stage 2: 4 months.
"""

import datetime

from t4c_socialcheck.dates import add_calendar_months, add_working_days

from .models import Stage

ROI_DECISION_WORKING_DAYS = 5
STAGE_MONTHS = {Stage.STAGE_1: 2, Stage.BREAK: 6, Stage.STAGE_2: 4}
BREAK_MAX_MONTHS = STAGE_MONTHS[Stage.BREAK]


def stage_due_on(stage: str, began: datetime.date) -> datetime.date | None:
    if stage == Stage.ROI_RECEIVED:
        return add_working_days(began, ROI_DECISION_WORKING_DAYS)
    if stage in STAGE_MONTHS:
        return add_calendar_months(began, STAGE_MONTHS[stage])
    return None
