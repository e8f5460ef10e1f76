"""The one date rule: in force from the day it took effect through last_valid_day (api.md)."""

import datetime

import pytest

from ripa.dates import last_valid_day
from t4c_socialcheck.dates import add_calendar_months


@pytest.mark.parametrize(
    ("took_effect", "last"),
    [
        (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
        (datetime.date(2027, 2, 15), datetime.date(2027, 5, 14)),
        (datetime.date(2026, 11, 30), datetime.date(2027, 2, 27)),
    ],
)
def test_last_valid_day_follows_the_contracts_examples(took_effect, last):
    assert last_valid_day(took_effect) == last


def test_last_valid_day_is_never_three_months_or_more_after_it_took_effect():
    day = datetime.date(2026, 1, 1)
    while day < datetime.date(2029, 1, 1):
        last = last_valid_day(day)
        assert day <= last < add_calendar_months(day, 3)
        assert (last - day).days <= 91
        day += datetime.timedelta(days=1)
