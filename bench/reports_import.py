"""Importing 100,000 observations from CSV, against a bare `executemany` of the same
rows and against saving rows one by one through the ORM, in the same run.

Runs Django against a temporary SQLite file (migrated here) so that the real
database is never touched. See bench/README.md for what each number means.
"""

from __future__ import annotations

import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

NAME = "reports_import"
N_ROWS = 100_000
N_ONE_BY_ONE = 5_000
SEED = 20_261_121
REPEATS = 3
# The import takes a minute or more per run on SQLite; one run, the baseline three.
IMPORT_REPEATS = 1
TARGET_IMPORT_VS_BARE = 3.0
TARGET_SPEEDUP_VS_ONE_BY_ONE = 5.0
RESULTS = Path(__file__).parent / "results" / f"{NAME}.json"
TEXTS = [
    "Klotter på busskuren vid hållplatsen.",
    "Grupp ungdomar samlades vid ingången, flera upplevde det som otryggt.",
    "Trasig belysning på gångvägen mot skolan.",
    "Nedskräpning och dumpade möbler bakom återvinningsstationen.",
    "Mopeder körde på gångbanan i hög fart vid 21-tiden.",
    "Krossad ruta i trapphuset, port 3.",
    "Misstänkt langning vid parkeringen, 4–5 personer.",
    "Brand i papperskorg, släckt av personal.",
    "",
    "",
]
ADDRESSES = ["Storgatan 12", "Vivallagatan 3", "Mellringevägen 110", "Baronbackarna 7", ""]


def _configure(directory: str) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        SAMORDNA_VAR_DIR=directory,
        SAMORDNA_DEBUG="0",  # DEBUG would record every query and distort the timings
        SECRET_KEY=secrets.token_hex(32),  # a throwaway key for a throwaway database
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="samordna.settings",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _world() -> Any:
    import json
    from importlib import resources

    from samordna.core import services
    from samordna.core.area_import import areas_import

    municipality = services.municipality_create(
        actor=None, name="Örebro", slug="orebro", code="1880"
    )
    organisation = services.organisation_create(
        actor=None, municipality=municipality, name="Bostäder", slug="bostader", kind="housing"
    )
    source = resources.files("samordna.core").joinpath("demo/orebro_areas.geojson")
    features = json.loads(source.read_text("utf-8"))["features"]
    areas_import(
        actor=None, municipality=municipality, features=features, kind="est", name_field="name"
    )
    return organisation, [f["geometry"] for f in features]


def _points(geometries: list[dict[str, Any]], rng: np.random.Generator) -> tuple[Any, Any]:
    """Four in five points inside a demo area, the rest around them."""
    import shapely
    from shapely.geometry import shape

    from samordna.core.geo import AreaIndex

    minx, miny, maxx, maxy = shapely.total_bounds([shape(g) for g in geometries])
    lon = rng.uniform(minx, maxx, N_ROWS * 20)
    lat = rng.uniform(miny, maxy, N_ROWS * 20)
    inside = AreaIndex(geometries).locate(lon, lat) >= 0
    n_in = N_ROWS * 4 // 5
    chosen = np.concatenate(
        [np.flatnonzero(inside)[:n_in], np.flatnonzero(~inside)[: N_ROWS - n_in]]
    )
    rng.shuffle(chosen)
    return lon[chosen], lat[chosen]


def _csv(geometries: list[dict[str, Any]]) -> bytes:
    """A Swedish Excel export: BOM, `;`, decimal commas, Swedish words."""
    from samordna.reports.models import Category

    rng = np.random.default_rng(SEED)
    codes = sorted(
        Category.objects.filter(municipality=None, children=None).values_list("code", flat=True)
    )
    lon, lat = _points(geometries, rng)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    minutes = rng.integers(60, 2 * 365 * 24 * 60, N_ROWS)
    lines = ["kategori;datum;tid;longitud;latitud;adress;otrygghet;säkerhet;polisanmält;fritext"]
    for i in range(N_ROWS):
        # Stockholm wall time in the file; noon keeps clear of daylight-saving gaps.
        moment = (now - timedelta(minutes=int(minutes[i]))).astimezone(_stockholm())
        clock = "12:00" if moment.hour == 2 else f"{moment:%H:%M}"
        lines.append(
            ";".join(
                [
                    codes[i % len(codes)],
                    f"{moment:%Y-%m-%d}",
                    clock,
                    f"{lon[i]:.6f}".replace(".", ","),
                    f"{lat[i]:.6f}".replace(".", ","),
                    ADDRESSES[i % len(ADDRESSES)],
                    str(1 + i % 3),
                    ("sett", "misstänkt", "hört")[i % 3],
                    ("ja", "nej", "vet inte")[i % 3],
                    TEXTS[i % len(TEXTS)],
                ]
            )
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _stockholm() -> Any:
    from samordna.analysis.periods import STOCKHOLM

    return STOCKHOLM


def _clear() -> None:
    from django.db import connection, transaction

    from samordna.reports.models import Observation

    with transaction.atomic():
        Observation.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")


def _import(organisation: Any, data: bytes) -> tuple[Any, float]:
    from samordna.reports.imports import detect_mapping, read_table, reports_import

    start = time.perf_counter()
    table = read_table("rapporter.csv", data)
    result = reports_import(
        actor=None,
        organisation=organisation,
        rows=table.rows,
        mapping=detect_mapping(table.columns),
        dry_run=False,
    )
    return result, time.perf_counter() - start


def _stored_rows() -> tuple[list[str], list[tuple[Any, ...]]]:
    from django.db import connection

    from samordna.reports.models import Observation

    columns = [f.column for f in Observation._meta.concrete_fields if not f.primary_key]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM reports_observation ORDER BY id")  # noqa: S608
        return columns, cursor.fetchall()


def _bare(columns: list[str], rows: list[tuple[Any, ...]]) -> float:
    """The same final rows, one `executemany` in one transaction: the floor."""
    from django.db import connection, transaction

    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO reports_observation ({names}) VALUES ({marks})"  # noqa: S608
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return time.perf_counter() - start


def _one_by_one(sample: list[dict[str, Any]], *, validate: bool) -> float:
    """A model instance per row, `full_clean()` (when `validate`) and `save()`, in one
    transaction; the rows are deleted again afterwards."""
    from django.db import transaction

    from samordna.reports.models import Observation

    start = time.perf_counter()
    with transaction.atomic():
        for values in sample:
            observation = Observation(**values)
            if validate:
                observation.full_clean()
            observation.save()
    seconds = time.perf_counter() - start
    with transaction.atomic():
        Observation.objects.filter(import_key__in=[v["import_key"] for v in sample]).delete()
    return seconds


def _take_sample(rng: np.random.Generator) -> list[dict[str, Any]]:
    """A seeded subsample of the stored rows as field values, removed from the table."""
    from django.db import transaction

    from samordna.reports.models import Observation

    ids = sorted(Observation.objects.values_list("id", flat=True))
    chosen = rng.choice(ids, size=N_ONE_BY_ONE, replace=False).tolist()
    names = [f.attname for f in Observation._meta.concrete_fields if not f.primary_key]
    sample = list(Observation.objects.filter(id__in=chosen).values(*names))
    with transaction.atomic():
        Observation.objects.filter(id__in=chosen).delete()
    return sample


def run() -> dict[str, Any]:
    from bench.point_in_area import machine

    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as directory:
        _configure(directory)
        import django

        organisation, geometries = _world()
        data = _csv(geometries)
        import_runs = []
        for _ in range(IMPORT_REPEATS):
            _clear()
            result, seconds = _import(organisation, data)
            if result.created != N_ROWS:
                raise SystemExit(f"{NAME}: the import did not create every row: {result.summary()}")
            import_runs.append(seconds)
        columns, rows = _stored_rows()
        located = sum(1 for r in rows if r[columns.index("area_id")] is not None)
        again, again_seconds = _import(organisation, data)
        bare_runs = []
        for _ in range(REPEATS):
            _clear()
            bare_runs.append(_bare(columns, rows))
        sample = _take_sample(np.random.default_rng(SEED))
        one_seconds = _one_by_one(sample, validate=True)
        save_only_seconds = _one_by_one(sample, validate=False)
    import_seconds = statistics.median(import_runs)
    bare_seconds = statistics.median(bare_runs)
    import_rate = N_ROWS / import_seconds
    one_rate = N_ONE_BY_ONE / one_seconds
    save_only_rate = N_ONE_BY_ONE / save_only_seconds
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": "sqlite (temporary file, WAL, synchronous=NORMAL)",
        "seed": SEED,
        "rows": N_ROWS,
        "csv_bytes": len(data),
        "share_located_in_an_area": round(located / N_ROWS, 4),
        "import": {
            "seconds": round(import_seconds, 3),
            "seconds_each_run": [round(s, 3) for s in import_runs],
            "rows_per_second": round(import_rate),
            "includes": "reading the CSV, mapping, resolving, check_observation per row "
            "(personal data included), area lookup, SWEREF, period keys, insert, audit",
        },
        "reimport": {"seconds": round(again_seconds, 3), "summary": again.summary()},
        "bare_executemany": {
            "seconds": round(bare_seconds, 3),
            "seconds_each_run": [round(s, 3) for s in bare_runs],
            "rows_per_second": round(N_ROWS / bare_seconds),
        },
        "one_by_one_orm": {
            "rows": N_ONE_BY_ONE,
            "seconds": round(one_seconds, 3),
            "rows_per_second": round(one_rate),
            "method": "Observation(**values), full_clean() and save() per row in one "
            "transaction, on a subsample of the same rows; compared per row, not in total. "
            "This is the naive import that validates each row, as DESIGN.md measured it",
        },
        "one_by_one_save_only": {
            "rows": N_ONE_BY_ONE,
            "seconds": round(save_only_seconds, 3),
            "rows_per_second": round(save_only_rate),
            "method": "as above without full_clean(): a lower bound, no validation at all",
            "import_speedup": round(import_rate / save_only_rate, 1),
        },
        "import_vs_bare": round(import_seconds / bare_seconds, 2),
        "speedup_vs_one_by_one": round(import_rate / one_rate, 1),
        "target_import_vs_bare": TARGET_IMPORT_VS_BARE,
        "target_speedup_vs_one_by_one": TARGET_SPEEDUP_VS_ONE_BY_ONE,
    }


def main() -> None:
    import json

    result = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{NAME}: {result['rows']:,} rows imported in {result['import']['seconds']} s, "
        f"bare executemany {result['bare_executemany']['seconds']} s: "
        f"{result['import_vs_bare']}x (limit {TARGET_IMPORT_VS_BARE:g}x); "
        f"one by one {result['one_by_one_orm']['rows_per_second']:,} rows/s: import "
        f"{result['speedup_vs_one_by_one']}x faster (target {TARGET_SPEEDUP_VS_ONE_BY_ONE:g}x)"
    )
    if result["import_vs_bare"] > TARGET_IMPORT_VS_BARE:
        raise SystemExit(f"{NAME}: import is more than {TARGET_IMPORT_VS_BARE:g}x the bare insert")
    if result["speedup_vs_one_by_one"] < TARGET_SPEEDUP_VS_ONE_BY_ONE:
        raise SystemExit(f"{NAME}: less than {TARGET_SPEEDUP_VS_ONE_BY_ONE:g}x one by one")


if __name__ == "__main__":
    main()
    sys.exit(0)
