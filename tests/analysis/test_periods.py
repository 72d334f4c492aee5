"""ISO weeks and tertials in Europe/Stockholm, whatever zone a moment is given in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

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
