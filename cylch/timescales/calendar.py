"""Working days and clock time for statutory timescales.

Working days exclude weekends and the bank holidays of England and Wales,
taken from the maintained `holidays` library (subdivision WLS, which has the
same bank holidays as England), not from a hand-typed list. A working-day
deadline falls at the end of that day in Wales; an hour-based limit runs in
clock time, so it is computed in UTC and is right across midnight and the
changes to and from summer time.
"""

from __future__ import annotations

import datetime
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

WALES = ZoneInfo("Europe/London")


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="WLS", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days after `day` (the day itself is day 0)."""
    current = day
    remaining = count
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`."""
    if end <= start:
        return 0
    days = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            days += 1
    return days


def end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=WALES)


def due_moment(start: datetime.datetime, *, unit: str, amount: int) -> datetime.datetime:
    """When something falls due, counted from the triggering moment."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    local = start.astimezone(WALES)
    if unit == "hours":
        # Clock time: the same number of elapsed hours whatever the clocks do.
        return (start.astimezone(datetime.UTC) + datetime.timedelta(hours=amount)).astimezone(WALES)
    if unit == "working_days":
        return end_of_day(add_working_days(local.date(), amount))
    if unit == "calendar_days":
        return end_of_day(local.date() + datetime.timedelta(days=amount))
    if unit == "weeks":
        return end_of_day(local.date() + datetime.timedelta(weeks=amount))
    if unit == "months":
        return end_of_day(local.date() + relativedelta(months=amount))
    raise ValueError(f"unknown unit {unit}")
