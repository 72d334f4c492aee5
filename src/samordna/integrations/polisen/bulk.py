"""Inserting many events fast through `core.bulk` (COPY or executemany): every value
was already checked and has its final Python type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from samordna.core import bulk
from samordna.integrations.models import ExternalEvent, event_field


def insert_events(
    fields: Sequence[str], rows: Iterable[Sequence[Any]], constants: dict[str, Any]
) -> int:
    """Insert `rows` (values in `fields` order), each completed with `constants` (the
    same for every row, so prepared once), into ExternalEvent's table; the count."""
    names = (*fields, *constants)
    datetimes = [n for n, name in enumerate(names) if _is_datetime(name)]
    tail = tuple(constants.values())
    columns = [event_field(name).column for name in names]
    adapt = bulk.datetime_adapter(ExternalEvent)
    return bulk.insert_rows(
        ExternalEvent, columns, (_adapted((*row, *tail), datetimes, adapt) for row in rows)
    )


def _is_datetime(name: str) -> bool:
    return event_field(name).get_internal_type() == "DateTimeField"


def _adapted(row: Sequence[Any], datetimes: list[int], adapt: Any) -> tuple[Any, ...]:
    values = list(row)
    for n in datetimes:
        values[n] = adapt(values[n])
    return tuple(values)
