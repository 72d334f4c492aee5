"""Turning one cell into a value: text, numbers with a decimal comma, choices by any
of their names, and local Stockholm wall time into aware UTC.

Each function raises CellError with a Swedish reason a person can act on. Values
that parse but mean nothing (certainty "kanske") are passed on unchanged, so that the
importing app's own check stays the one place that says what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from samordna.analysis.periods import STOCKHOLM
from samordna.tabular.mapping import fold

TIME_ONLY = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


class CellError(ValueError):
    """A cell that cannot be read; the message is the Swedish reason."""


def choice_table(choices: Any, extra: Mapping[str, str]) -> dict[str, str]:
    """Folded name -> value for Django `choices` (by value and label) and `extra` names."""
    table = {fold(value): value for value in choices.values}
    table |= {fold(str(label)): value for value, label in choices.choices}
    return table | {fold(k): v for k, v in extra.items()}


def text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, int | float | date | time):
        return str(cell)
    raise CellError("Värdet ska vara text, inte en lista eller ett objekt.")


def number(cell: Any) -> float | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    value = text(cell).replace("\u2212", "-").replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise CellError("Ska vara ett tal, t.ex. 15,2134.") from None


def integer(cell: Any) -> int | None:
    value = number(cell)
    if value is None:
        return None
    if not value.is_integer():
        raise CellError("Ska vara ett heltal.")
    return int(value)


def choice(cell: Any, table: Mapping[str, str]) -> str:
    value = text(cell)
    return table.get(fold(value), value) if value else ""


def local_date(cell: Any) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    try:
        return date.fromisoformat(text(cell)[:10])
    except ValueError:
        raise CellError("Datumet går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD.") from None


def local_time(cell: Any) -> time:
    if isinstance(cell, datetime):
        return cell.time()
    if isinstance(cell, time):
        return cell
    match = TIME_ONLY.match(text(cell))
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise CellError("Klockslaget går inte att läsa. Skriv det som TT:MM, t.ex. 14:30.")
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def moment(cell: Any) -> datetime:
    """A date and time: local wall time unless the text carries its own offset."""
    if isinstance(cell, datetime):
        return to_utc(cell) if cell.tzinfo is None else cell.astimezone(UTC)
    if isinstance(cell, date):
        return to_utc(datetime.combine(cell, time(0)))
    value = text(cell).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CellError("Tiden går inte att läsa. Skriv den som ÅÅÅÅ-MM-DD TT:MM.") from None
    return to_utc(parsed) if parsed.tzinfo is None else parsed.astimezone(UTC)


def to_utc(wall: datetime) -> datetime:
    """Stockholm wall time as aware UTC.

    A time skipped when the clocks go forward (02:30 on the last Sunday in March) is
    refused; a time that happens twice when they go back is taken the first time
    (summer time), which is what a person writing it down that night most likely saw.
    """
    local = wall.replace(tzinfo=STOCKHOLM, fold=0)
    utc = local.astimezone(UTC)
    if utc.astimezone(STOCKHOLM).replace(tzinfo=None) != wall:
        raise CellError("Klockslaget finns inte den dagen: klockan ställs fram till sommartid.")
    return utc
