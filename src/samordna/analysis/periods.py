"""Periods as Samordna means them: ISO weeks and tertials in Europe/Stockholm.

One definition of "week 47" everywhere: a timestamp belongs to the week (and
tertial) of its local Stockholm date, whatever zone it was given in.
Keys are strings: `"2026-W47"`, `"2026-T3"`, `"2026"`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_TERTIAL = re.compile(r"^(\d{4})-T([123])$")


def _local_date(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("naive datetime: give an aware datetime (UTC or local)")
        return moment.astimezone(STOCKHOLM).date()
    return moment


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=STOCKHOLM)


def iso_week(moment: datetime | date) -> str:
    """The ISO week key of a moment's Stockholm date, e.g. "2026-W47"."""
    year, week, _ = _local_date(moment).isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(key: str) -> tuple[datetime, datetime]:
    """[start, end) of an ISO week as aware Stockholm datetimes."""
    match = _WEEK.match(key)
    if not match:
        raise ValueError(f"not an ISO week key like 2026-W47: {key!r}")
    year, week = int(match[1]), int(match[2])
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise ValueError(f"{key!r}: year {year} has no week {week}") from exc
    return _midnight(monday), _midnight(monday + timedelta(days=7))


def tertial(moment: datetime | date) -> str:
    """The tertial key: T1 = Jan–Apr, T2 = May–Aug, T3 = Sep–Dec."""
    day = _local_date(moment)
    return f"{day.year}-T{(day.month - 1) // 4 + 1}"


def tertial_bounds(key: str) -> tuple[datetime, datetime]:
    """[start, end) of a tertial as aware Stockholm datetimes."""
    match = _TERTIAL.match(key)
    if not match:
        raise ValueError(f"not a tertial key like 2026-T3: {key!r}")
    year, number = int(match[1]), int(match[2])
    start = date(year, 4 * (number - 1) + 1, 1)
    end = date(year + 1, 1, 1) if number == 3 else date(year, 4 * number + 1, 1)
    return _midnight(start), _midnight(end)


def year_bounds(key: str) -> tuple[datetime, datetime]:
    if not re.fullmatch(r"\d{4}", key):
        raise ValueError(f"not a year like 2026: {key!r}")
    return _midnight(date(int(key), 1, 1)), _midnight(date(int(key) + 1, 1, 1))
