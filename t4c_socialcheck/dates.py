"""Calendar arithmetic the law counts in (RIPA's three months, statutory clocks), and working
days: England and Wales bank holidays come from the maintained `holidays` library."""

import calendar
import datetime
from functools import lru_cache

import holidays
from django.utils import timezone


def is_calendar_date(value) -> bool:
    """A date and not a date with a time (which Python counts as a date too): what a service called
    from the shell must be given for a day, before it compares it with today."""
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def is_aware_moment(value) -> bool:
    """A date and time with its time zone: a naive one cannot be compared with now."""
    return isinstance(value, datetime.datetime) and timezone.is_aware(value)


def add_calendar_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


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


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    """A deadline that falls on a weekend or bank holiday moves to the next working day (the ICO's rule
    for subject access)."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
