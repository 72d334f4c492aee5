"""Writing checked observations fast through `core.bulk` (executemany or COPY).

Columns come from the model, so a new field with a default needs no change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from samordna.core import bulk
from samordna.reports.models import Observation


def columns_and_fixed(
    per_row: Sequence[str], fixed: dict[str, Any]
) -> tuple[list[str], tuple[Any, ...]]:
    """`per_row` columns, then every other column with its value on every row: from
    `fixed`, or the field's default (prepared for the database once, not per row)."""
    fixed, columns, values = dict(fixed), list(per_row), []
    for f in Observation._meta.concrete_fields:
        if f.primary_key or f.column in per_row:
            continue
        columns.append(f.column)
        value = fixed.pop(f.column) if f.column in fixed else f.get_default()
        values.append(f.get_db_prep_save(value, connection))
    if fixed:
        raise ValueError(f"not columns of Observation: {sorted(fixed)}")
    return columns, tuple(values)


def insert_rows(columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert `rows` (database values, in `columns` order) into the observation table."""
    return bulk.insert_rows(Observation, columns, rows)
