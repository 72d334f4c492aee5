"""ISO weeks and tertials in Europe/Stockholm, whatever zone a moment is given in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from samordna.analysis import periods
from samordna.analysis.periods import (
    STOCKHOLM,
    iso_week,
    tertial,
    tertial_bounds,
    week_bounds,
    year_bounds,
)


def test_a_utc_moment_belongs_to_its_stockholm_week():
    # Sunday 23:30 UTC in winter is already Monday 00:30 in Stockholm: next week.
    sunday_night = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    assert iso_week(sunday_night) == "2026-W48"
    assert iso_week(sunday_night - timedelta(hours=1)) == "2026-W47"


def test_iso_years_differ_from_calendar_years_at_new_year():
    assert iso_week(date(2026, 1, 1)) == "2026-W01"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    assert iso_week(date(2024, 12, 30)) == "2025-W01"


def test_week_bounds_are_local_midnights_and_follow_dst():
    start, end = week_bounds("2026-W13")  # DST starts Sunday 29 March 2026
    assert start == datetime(2026, 3, 23, tzinfo=STOCKHOLM)
    assert end == datetime(2026, 3, 30, tzinfo=STOCKHOLM)
    assert end - start == timedelta(days=7)  # wall clock
    assert (end.astimezone(UTC) - start.astimezone(UTC)) == timedelta(days=7, hours=-1)


def test_every_moment_lies_within_its_own_weeks_bounds():
    moment = datetime(2026, 11, 21, 21, 15, tzinfo=UTC)
    start, end = week_bounds(iso_week(moment))
    assert start <= moment < end


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 1, 1), "2026-T1"),
        (date(2026, 4, 30), "2026-T1"),
        (date(2026, 5, 1), "2026-T2"),
        (date(2026, 8, 31), "2026-T2"),
        (date(2026, 9, 1), "2026-T3"),
        (date(2026, 12, 31), "2026-T3"),
    ],
)
def test_tertials_are_four_months(day, key):
    assert tertial(day) == key


def test_tertial_and_year_bounds():
    assert tertial_bounds("2026-T3") == (
        datetime(2026, 9, 1, tzinfo=STOCKHOLM),
        datetime(2027, 1, 1, tzinfo=STOCKHOLM),
    )
    assert tertial_bounds("2026-T2")[0] == datetime(2026, 5, 1, tzinfo=STOCKHOLM)
    assert year_bounds("2026")[1] == datetime(2027, 1, 1, tzinfo=STOCKHOLM)


@pytest.mark.parametrize("bad", ["2026-47", "2026-W54", "2025-W53", "W47", ""])
def test_bad_week_keys_are_refused(bad):
    with pytest.raises(ValueError, match="week"):
        week_bounds(bad)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        iso_week(datetime(2026, 11, 21, 12, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="tertial"):
        tertial_bounds("2026-T4")


@pytest.mark.parametrize(
    ("key", "steps", "expected"),
    [
        ("2026-W47", -1, "2026-W46"),
        ("2026-W01", -1, "2025-W52"),
        ("2021-W01", -1, "2020-W53"),
        ("2026-W47", -12, "2026-W35"),
        ("2026-T1", -1, "2025-T3"),
        ("2026-T3", 1, "2027-T1"),
        ("2026-T2", -4, "2025-T1"),
        ("2026", -1, "2025"),
    ],
)
def test_shift_period_steps_over_year_ends(key, steps, expected):
    assert periods.shift_period(key, steps) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2026-W47", "2025-W47"),
        ("2021-W01", "2020-W01"),
        ("2021-W52", "2020-W52"),
        ("2026-T3", "2025-T3"),
        ("2026", "2025"),
    ],
)
def test_last_year_is_the_same_period_a_year_earlier(key, expected):
    assert periods.last_year(key) == expected


def test_last_year_of_week_53_is_week_52_when_there_was_no_53():
    # 2026 has 53 ISO weeks, 2025 has 52; 2020 had 53 and 2021 none.
    assert periods.last_year("2026-W53") == "2025-W52"
    assert periods.last_year("2021-W52") == "2020-W52"


def test_period_kind_and_label():
    assert [periods.period_kind(k) for k in ("2026-W47", "2026-T3", "2026")] == [
        "week",
        "tertial",
        "year",
    ]
    assert periods.period_label("2026-W07") == "vecka 7, 2026"
    assert periods.period_label("2026-T3") == "tertial 3, 2026"
    with pytest.raises(ValueError, match="period key"):
        periods.period_kind("2026-47")
    with pytest.raises(ValueError, match="no week 53"):
        periods.period_kind("2025-W53")


def test_weeks_between_covers_a_tertial_with_its_split_weeks():
    start, end = periods.tertial_bounds("2026-T3")
    weeks = periods.weeks_between(start, end)
    # 1 Sep 2026 is a Tuesday in week 36; 31 Dec 2026 a Thursday in week 53.
    assert weeks[0] == "2026-W36"
    assert weeks[-1] == "2026-W53"
    assert len(weeks) == len(set(weeks)) == 18
