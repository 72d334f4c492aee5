"""Polisen import: the real file through the import service, against a bare
`executemany` of the same rows into the same table, in the same run.

A fresh SQLite database in a temporary directory; Django is configured here. Each
repeat empties the table, imports the 83,808 decoded records through
`polisen_events_import` (check every record, work out times and places, look up
existing ids, insert, audit, commit), then empties it again and inserts the very
rows the service stored with one prepared INSERT and `executemany` (and commit).
Django's `bulk_create` of the same rows is timed once as well, for reference.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import secrets
import sqlite3
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._targets import Target
from bench._timing import cpu_timed, machine, paired_ratio, rounded, timed, write_results

NAME = "polisen_import"
PAIRS = 5
TARGET_RATIO = 3.0
DATA = Path(__file__).resolve().parents[2] / "shared/data/polisen/events-2023-2026.json.gz"


def configure_django(var_dir: str) -> None:
    """Settings for a throwaway SQLite database, set before Django reads them."""
    os.environ["DATABASE_URL"] = ""  # SQLite, whatever the shell says
    os.environ.update(
        SAMORDNA_VAR_DIR=var_dir,
        SAMORDNA_DEBUG="0",  # DEBUG would record every query and distort the timings
        SECRET_KEY=secrets.token_hex(32),  # a throwaway key for a throwaway database
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="samordna.settings",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def empty_table() -> None:
    from django.db import connection, transaction

    from samordna.integrations.models import ExternalEvent

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ExternalEvent._meta.db_table}")  # noqa: S608 - model's name


def stored_rows(fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows the service stored, as the database holds them (adapted values)."""
    from django.db import connection

    from samordna.integrations.models import ExternalEvent, event_field

    columns = ", ".join(event_field(name).column for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {ExternalEvent._meta.db_table} ORDER BY id")  # noqa: S608
        return list(cursor.fetchall())


def bare_insert(sql: str, rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def django_bulk_create(fields: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    from django.db import transaction

    from samordna.integrations.models import ExternalEvent

    objects = [ExternalEvent(**dict(zip(fields, row, strict=True))) for row in rows]
    with transaction.atomic():
        ExternalEvent.objects.bulk_create(objects, batch_size=2000)


def bare_insert_sql(model: Any, fields: tuple[str, ...]) -> str:
    columns = ", ".join(model._meta.get_field(name).column for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608


def measure(records: list[Any]) -> dict[str, Any]:
    from samordna.integrations.models import ExternalEvent
    from samordna.integrations.polisen.importer import FIELDS, polisen_events_import
    from samordna.integrations.polisen.records import parse_records

    fields = ("source", "external_id", *FIELDS, "imported_at")
    sql = bare_insert_sql(ExternalEvent, fields)
    service, bare, parse, service_cpu, bare_cpu = [], [], [], [], []
    for _ in range(PAIRS):
        empty_table()
        result, seconds, cpu = cpu_timed(polisen_events_import, actor=None, records=records)
        service.append(seconds)
        service_cpu.append(cpu)
        rows = stored_rows(fields)
        empty_table()
        _, seconds, cpu = cpu_timed(bare_insert, sql, rows)
        bare.append(seconds)
        bare_cpu.append(cpu)
        if not ExternalEvent.objects.count() == len(rows) == result.created:
            raise SystemExit(f"{NAME}: the bare insert did not store what the service stored")
        parse.append(timed(parse_records, records)[1])
    typed = list(ExternalEvent.objects.order_by("id").values_list(*fields))
    empty_table()
    bulk_seconds = timed(django_bulk_create, fields, typed)[1]
    return {
        "events": result.total,
        "service": service,
        "bare": bare,
        "service_cpu": service_cpu,
        "bare_cpu": bare_cpu,
        "parse": parse,
        "bulk_create": bulk_seconds,
        "summary": result.summary(),
    }


def run() -> dict[str, Any]:
    if not DATA.exists():
        raise SystemExit(f"{NAME}: the real Polisen file is missing: {DATA}")
    with gzip.open(DATA) as stream:
        records = json.load(stream)
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as var_dir:
        configure_django(var_dir)
        timings = measure(records)
    import django

    service = statistics.median(timings["service"])
    bare = statistics.median(timings["bare"])
    # Each service run is paired with the bare insert right after it: the pair shares
    # the machine's mood, so the median of the paired ratios is the steadier number.
    ratios = [s / b for s, b in zip(timings["service_cpu"], timings["bare_cpu"], strict=True)]
    ratio = paired_ratio(timings["service_cpu"], timings["bare_cpu"])
    events = timings["events"]
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": "SQLite file in a temporary directory (WAL, synchronous=NORMAL)",
        "settings": "production (SAMORDNA_DEBUG=0)",
        "events": events,
        "pairs": PAIRS,
        "service": {
            "seconds": round(service, 4),
            "seconds_each_run": rounded(timings["service"]),
            "cpu_seconds": round(statistics.median(timings["service_cpu"]), 4),
            "cpu_seconds_each_run": rounded(timings["service_cpu"]),
            "events_per_second": round(events / service),
            "of_which_parsing_seconds": round(statistics.median(timings["parse"]), 4),
            "summary": timings["summary"],
        },
        "bare_executemany": {
            "seconds": round(bare, 4),
            "seconds_each_run": rounded(timings["bare"]),
            "cpu_seconds": round(statistics.median(timings["bare_cpu"]), 4),
            "cpu_seconds_each_run": rounded(timings["bare_cpu"]),
            "events_per_second": round(events / bare),
        },
        "django_bulk_create": {
            "seconds": round(timings["bulk_create"], 4),
            "method": "the same rows as model instances, bulk_create(batch_size=2000), once",
            "ratio_to_bare": round(timings["bulk_create"] / bare, 2),
        },
        "ratio": round(ratio, 2),
        "ratio_measure": "median of the per-pair ratios of CPU seconds (time.process_time; "
        "SQLite runs in this process): the service, then the bare insert",
        "ratio_wall_clock": round(paired_ratio(timings["service"], timings["bare"]), 2),
        "ratio_each_run": [round(r, 2) for r in ratios],
        "target_ratio": TARGET_RATIO,
    }


def main() -> list[Target]:
    result = run()
    write_results(NAME, result)
    print(
        f"{NAME}: service {result['service']['seconds']} s, bare executemany "
        f"{result['bare_executemany']['seconds']} s, bulk_create "
        f"{result['django_bulk_create']['seconds']} s for {result['events']:,} events: "
        f"{result['ratio']}x the bare insert (CPU time, median of {PAIRS} pairs; wall clock "
        f"{result['ratio_wall_clock']}x; "
        f"target at most {TARGET_RATIO:g}x)"
    )
    return [
        Target(NAME, "service / bare executemany (CPU time)", result["ratio"], TARGET_RATIO, False)
    ]
