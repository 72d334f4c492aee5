"""Inserting many checked rows fast, inside the caller's transaction: COPY on
PostgreSQL, one prepared INSERT executed per batch elsewhere.

`bulk_create` builds a model instance per row and prepares every field through the
ORM; for imports of rows that are already checked that cost more than the insert
itself (bench/polisen_import.py, bench/reports_import.py). Callers pass
database-ready values (see `datetime_adapter`) in the order of `columns`, the model's own
column names, so nothing of the SQL comes from input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connections, models, router

# Rows per executemany call: bounds the memory of one batch, not the transaction.
BATCH = 5000


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` into `model`'s table; returns how many."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg adapts each value itself (aware datetimes to timestamptz).
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        # Table and column names come from the model; every value is a parameter.
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def datetime_adapter(model: type[models.Model]) -> Callable[[Any], Any]:
    """Turns an aware datetime (or None) into what `model`'s database stores: UTC text on
    SQLite, the value itself on PostgreSQL. Fetch it once, call it per row."""
    return connections[router.db_for_write(model)].ops.adapt_datetimefield_value
