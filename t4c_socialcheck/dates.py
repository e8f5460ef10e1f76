"""Calendar arithmetic the law counts in (RIPA's three months, statutory clocks)."""

import calendar
import datetime


def add_calendar_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
