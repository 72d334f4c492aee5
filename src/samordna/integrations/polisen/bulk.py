"""Inserting many events fast: COPY on PostgreSQL, elsewhere one prepared INSERT
executed for every row.

`bulk_create` spends most of its time preparing each value through each field
(bench/polisen_import.py: about 8x a bare `executemany` of the same 83,808 rows on
SQLite), and that preparation buys nothing here: every value was already checked
and has its final Python type. So the rows go straight to the driver with the
model's own table and column names; on SQLite only datetimes pass through the
backend's adapter (stored as UTC text). The caller's transaction makes it
all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connections, router

from samordna.integrations.models import ExternalEvent, event_field

# Rows per executemany call: bounds the memory of one batch, not the transaction.
BATCH = 5000


def _names(fields: Sequence[str]) -> tuple[str, str]:
    connection = connections[router.db_for_write(ExternalEvent)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(event_field(name).column) for name in fields)
    return quote(ExternalEvent._meta.db_table), columns


def insert_sql(fields: Sequence[str]) -> str:
    """`INSERT INTO <table> (<columns>) VALUES (%s, …)` for the named model fields."""
    table, columns = _names(fields)
    values = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model; every value is a query parameter.
    return f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608


def insert_events(
    fields: Sequence[str], rows: Iterable[Sequence[Any]], constants: dict[str, Any]
) -> int:
    """Insert `rows` (values in `fields` order), each completed with `constants` (the
    same for every row, so prepared once), into ExternalEvent's table; the count."""
    connection = connections[router.db_for_write(ExternalEvent)]
    columns = (*fields, *constants)
    if connection.vendor == "postgresql":
        tail = tuple(constants.values())
        return _copy(connection, columns, (tuple(row) + tail for row in rows))
    adapt = connection.ops.adapt_datetimefield_value
    datetimes = [n for n, name in enumerate(fields) if _is_datetime(name)]
    tail = tuple(adapt(v) if _is_datetime(k) else v for k, v in constants.items())
    sql = insert_sql(columns)
    count = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows, BATCH):
            params = [_adapted(row, datetimes, adapt) + tail for row in batch]
            cursor.executemany(sql, params)
            count += len(params)
    return count


def _is_datetime(name: str) -> bool:
    return event_field(name).get_internal_type() == "DateTimeField"


def _copy(connection: Any, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    # PostgreSQL's COPY streams rows without a statement per row; psycopg adapts each
    # value (aware datetimes to timestamptz) itself.
    table, columns = _names(fields)
    count = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _adapted(row: Sequence[Any], datetimes: list[int], adapt: Any) -> tuple[Any, ...]:
    values = list(row)
    for n in datetimes:
        values[n] = adapt(values[n])
    return tuple(values)


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
