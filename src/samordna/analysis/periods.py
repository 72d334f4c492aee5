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


def period_kind(key: str) -> str:
    """ "week", "tertial" or "year" for a valid key; ValueError otherwise."""
    if _WEEK.match(key):
        week_bounds(key)  # rejects week 53 of a year without one
        return "week"
    if _TERTIAL.match(key):
        return "tertial"
    if re.fullmatch(r"\d{4}", key):
        return "year"
    raise ValueError(f"not a period key like 2026-W47, 2026-T3 or 2026: {key!r}")


def period_bounds(key: str) -> tuple[datetime, datetime]:
    """[start, end) of any period key, as aware Stockholm datetimes."""
    bounds = {"week": week_bounds, "tertial": tertial_bounds, "year": year_bounds}
    return bounds[period_kind(key)](key)


def shift_period(key: str, steps: int) -> str:
    """The key `steps` periods of the same kind later (negative: earlier)."""
    kind = period_kind(key)
    if kind == "week":
        monday = week_bounds(key)[0].date()
        return iso_week(monday + timedelta(weeks=steps))
    if kind == "tertial":
        year, number = int(key[:4]), int(key[-1]) - 1 + steps
        return f"{year + number // 3}-T{number % 3 + 1}"
    return str(int(key) + steps)


def last_year(key: str) -> str:
    """The same period a year earlier; week 53 maps to week 52 when last year had none."""
    kind = period_kind(key)
    if kind == "week":
        year, week = int(key[:4]) - 1, int(key[-2:])
        if week == 53 and date(year, 12, 28).isocalendar()[1] != 53:
            week = 52
        return f"{year}-W{week:02d}"
    if kind == "tertial":
        return f"{int(key[:4]) - 1}-{key[5:]}"
    return str(int(key) - 1)


def period_label(key: str) -> str:
    """A Swedish label: "vecka 47, 2026", "tertial 3, 2026" or "2026"."""
    kind = period_kind(key)
    if kind == "week":
        return f"vecka {int(key[-2:])}, {key[:4]}"
    if kind == "tertial":
        return f"tertial {key[-1]}, {key[:4]}"
    return key


def weeks_between(start: datetime, end: datetime) -> list[str]:
    """The week keys that touch [start, end), in order."""
    keys, day = [], start.astimezone(STOCKHOLM).date()
    last = (end - timedelta(microseconds=1)).astimezone(STOCKHOLM).date()
    while day <= last:
        keys.append(iso_week(day))
        day += timedelta(weeks=1)
    if keys[-1] != iso_week(last):
        keys.append(iso_week(last))
    return keys


def day_bounds(first: date, last: date | None = None) -> tuple[datetime, datetime]:
    """[start, end) of the Stockholm days `first` to `last` (inclusive) as aware datetimes.

    A filter on these bounds reads an index on the timestamp, where `__date` on SQLite
    calls a Python function per row; it takes in the same moments."""
    return _midnight(first), _midnight((last or first) + timedelta(days=1))


def comparable_periods(
    key: str, first: str | None, *, years: int = 5, window: int = 3
) -> tuple[list[str], list[int]]:
    """The improved Farrington method's reference periods of `key`, from `first` on:
    for a week the weeks within ±`window` of the same week in each of up to `years`
    earlier years; for a tertial the tertial itself and its neighbours in those years;
    for a year the earlier years. Returns the keys, oldest first, and for each how many
    years before `key` it lies."""
    kind = period_kind(key)
    reach = {"week": window, "tertial": 1, "year": 0}[kind]
    keys: list[str] = []
    back: list[int] = []
    same = key
    for year in range(1, years + 1):
        same = last_year(same)
        for step in range(-reach, reach + 1):
            candidate = shift_period(same, step)
            if first is not None and candidate >= first:
                keys.append(candidate)
                back.append(year)
    order = sorted(range(len(keys)), key=lambda n: keys[n])
    return [keys[n] for n in order], [back[n] for n in order]


def earlier_periods(key: str, first: str | None, limit: int) -> list[str]:
    """Up to `limit` periods just before `key`, from `first` on, oldest first."""
    keys = [shift_period(key, -n) for n in range(limit, 0, -1)]
    return [k for k in keys if first is not None and k >= first]
