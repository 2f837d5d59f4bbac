"""Working days and clock hours: the arithmetic behind every statutory deadline."""

from __future__ import annotations

import datetime

import pytest

from cylch.timescales.calendar import WALES, add_working_days, due_moment, is_working_day, working_days_between

UTC = datetime.UTC


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def wales(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=WALES)


# --- Working days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (d(2026, 4, 2), True),  # Thursday before Easter
        (d(2026, 4, 3), False),  # Good Friday
        (d(2026, 4, 6), False),  # Easter Monday
        (d(2026, 5, 4), False),  # early May bank holiday
        (d(2026, 5, 25), False),  # spring bank holiday
        (d(2026, 8, 31), False),  # summer bank holiday
        (d(2026, 12, 25), False),  # Christmas Day (Friday)
        (d(2026, 12, 28), False),  # Boxing Day falls on Saturday: observed on Monday
        (d(2027, 1, 1), False),  # New Year's Day
        (d(2026, 6, 6), False),  # Saturday
        (d(2026, 6, 7), False),  # Sunday
        (d(2026, 6, 8), True),  # an ordinary Monday
        (d(2026, 3, 17), True),  # St David's Day and St Patrick's Day are not bank holidays in Wales
        (d(2026, 3, 2), True),
    ],
)
def test_is_working_day(day: datetime.date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Strategy discussion on Thursday 2 April 2026: 15 working days skips Good Friday
        # (3 April), the weekend and Easter Monday (6 April).
        (d(2026, 4, 2), 15, d(2026, 4, 27)),
        (d(2026, 4, 2), 1, d(2026, 4, 7)),
        # Christmas and New Year: skips 25 December, the weekend, 28 December (Boxing Day
        # observed), 1 January and the weekend after.
        (d(2026, 12, 23), 5, d(2027, 1, 4)),
        (d(2026, 12, 24), 1, d(2026, 12, 29)),
        (d(2026, 12, 31), 1, d(2027, 1, 4)),
        # Early May bank holiday (Monday 4 May 2026).
        (d(2026, 4, 30), 2, d(2026, 5, 5)),
        (d(2026, 5, 1), 1, d(2026, 5, 5)),
        # Spring bank holiday (Monday 25 May 2026).
        (d(2026, 5, 22), 1, d(2026, 5, 26)),
        (d(2026, 5, 20), 5, d(2026, 5, 28)),
        # Weekends.
        (d(2026, 6, 5), 1, d(2026, 6, 8)),  # Friday -> Monday
        (d(2026, 6, 6), 1, d(2026, 6, 8)),  # Saturday -> Monday
        (d(2026, 6, 7), 1, d(2026, 6, 8)),  # Sunday -> Monday
        (d(2026, 6, 8), 5, d(2026, 6, 15)),  # a clear week
        (d(2026, 6, 8), 10, d(2026, 6, 22)),
        # The day itself is day 0.
        (d(2026, 6, 8), 0, d(2026, 6, 8)),
        (d(2026, 6, 6), 0, d(2026, 6, 6)),
    ],
)
def test_add_working_days(start: datetime.date, count: int, expected: datetime.date) -> None:
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (d(2026, 4, 2), d(2026, 4, 27), 15),
        (d(2026, 4, 2), d(2026, 4, 6), 0),  # Good Friday, weekend, Easter Monday
        (d(2026, 12, 23), d(2027, 1, 4), 5),
        (d(2026, 4, 30), d(2026, 5, 5), 2),
        (d(2026, 5, 22), d(2026, 5, 26), 1),
        (d(2026, 6, 5), d(2026, 6, 8), 1),
        (d(2026, 6, 6), d(2026, 6, 7), 0),
        (d(2026, 6, 8), d(2026, 6, 8), 0),
        (d(2026, 6, 9), d(2026, 6, 8), 0),  # end before start
    ],
)
def test_working_days_between(start: datetime.date, end: datetime.date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("start", [d(2026, 3, 30) + datetime.timedelta(days=n) for n in range(0, 300, 7)])
@pytest.mark.parametrize("count", [1, 5, 15, 42])
def test_working_days_between_inverts_add_working_days(start: datetime.date, count: int) -> None:
    assert working_days_between(start, add_working_days(start, count)) == count


# --- The due moment -----------------------------------------------------------------------------


def test_working_day_deadline_is_the_end_of_the_day_in_wales() -> None:
    due = due_moment(wales(2026, 4, 2, 10, 15), unit="working_days", amount=15)
    assert due == wales(2026, 4, 27, 23, 59, 59)
    assert due.astimezone(UTC) == datetime.datetime(2026, 4, 27, 22, 59, 59, tzinfo=UTC)  # summer time
    assert due.tzinfo == WALES


def test_working_day_deadline_in_winter_is_23_59_59_utc() -> None:
    due = due_moment(wales(2026, 12, 23, 16, 0), unit="working_days", amount=5)
    assert due == wales(2027, 1, 4, 23, 59, 59)
    assert due.astimezone(UTC) == datetime.datetime(2027, 1, 4, 23, 59, 59, tzinfo=UTC)


def test_working_days_count_from_the_date_in_wales_not_in_utc() -> None:
    # 23:30 UTC on Thursday 4 June is 00:30 on Friday 5 June in Wales.
    start = datetime.datetime(2026, 6, 4, 23, 30, tzinfo=UTC)
    assert due_moment(start, unit="working_days", amount=1) == wales(2026, 6, 8, 23, 59, 59)


@pytest.mark.parametrize(
    ("start", "unit", "amount", "expected"),
    [
        (wales(2026, 6, 1, 9), "calendar_days", 7, wales(2026, 6, 8, 23, 59, 59)),
        (wales(2026, 12, 24, 9), "calendar_days", 7, wales(2026, 12, 31, 23, 59, 59)),  # holidays count
        (wales(2026, 3, 20, 9), "weeks", 6, wales(2026, 5, 1, 23, 59, 59)),
        (wales(2026, 3, 10, 9), "months", 3, wales(2026, 6, 10, 23, 59, 59)),
        (wales(2026, 11, 30, 9), "months", 3, wales(2027, 2, 28, 23, 59, 59)),  # no 30 February
        (wales(2026, 1, 31, 9), "months", 1, wales(2026, 2, 28, 23, 59, 59)),
        (wales(2026, 8, 31, 9), "months", 6, wales(2027, 2, 28, 23, 59, 59)),
    ],
)
def test_calendar_units_end_at_the_end_of_the_day(
    start: datetime.datetime, unit: str, amount: int, expected: datetime.datetime
) -> None:
    assert due_moment(start, unit=unit, amount=amount) == expected


def test_due_moment_refuses_a_naive_start() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_moment(datetime.datetime(2026, 6, 1, 9, 0), unit="hours", amount=24)  # noqa: DTZ001


def test_due_moment_refuses_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        due_moment(wales(2026, 6, 1, 9), unit="fortnights", amount=1)


# --- Clock hours --------------------------------------------------------------------------------


def test_72_hours_from_late_evening_crosses_midnight() -> None:
    start = wales(2026, 6, 10, 22, 30)
    due = due_moment(start, unit="hours", amount=72)
    assert due == wales(2026, 6, 13, 22, 30)
    assert due - start == datetime.timedelta(hours=72)


def test_hours_ignore_weekends_and_bank_holidays() -> None:
    # Clock time: a missing child's return interview does not wait for Easter.
    start = wales(2026, 4, 2, 22, 30)
    assert due_moment(start, unit="hours", amount=72) == wales(2026, 4, 5, 22, 30)


def test_a_few_hours_before_midnight_fall_due_the_next_day() -> None:
    assert due_moment(wales(2026, 6, 10, 23, 30), unit="hours", amount=2) == wales(2026, 6, 11, 1, 30)


def test_24_hours_across_the_change_to_summer_time_is_24_elapsed_hours() -> None:
    # Clocks go forward at 01:00 UTC on 29 March 2026.
    start = wales(2026, 3, 28, 12, 0)  # GMT: 12:00 UTC
    due = due_moment(start, unit="hours", amount=24)
    assert due.astimezone(UTC) == datetime.datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    assert due.astimezone(UTC) - start.astimezone(UTC) == datetime.timedelta(hours=24)
    # ...but the wall clock in Wales has moved on 25 hours' worth: 12:00 becomes 13:00.
    local = due.astimezone(WALES)
    assert (local.date(), local.hour, local.minute) == (d(2026, 3, 29), 13, 0)
    assert local.utcoffset() == datetime.timedelta(hours=1)


def test_24_hours_across_the_change_back_to_winter_time_is_24_elapsed_hours() -> None:
    # Clocks go back at 01:00 UTC on 25 October 2026.
    start = wales(2026, 10, 24, 12, 0)  # BST: 11:00 UTC
    due = due_moment(start, unit="hours", amount=24)
    assert due.astimezone(UTC) == datetime.datetime(2026, 10, 25, 11, 0, tzinfo=UTC)
    assert due.astimezone(UTC) - start.astimezone(UTC) == datetime.timedelta(hours=24)
    local = due.astimezone(WALES)
    assert (local.date(), local.hour, local.minute) == (d(2026, 10, 25), 11, 0)
    assert local.utcoffset() == datetime.timedelta(0)


def test_hours_started_in_utc_or_local_time_give_the_same_instant() -> None:
    start_local = wales(2026, 3, 28, 23, 30)
    start_utc = start_local.astimezone(UTC)
    assert due_moment(start_local, unit="hours", amount=72) == due_moment(start_utc, unit="hours", amount=72)
