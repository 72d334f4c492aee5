"""Importing 100,000 observations from CSV, against a bare `executemany` of the same
rows and against saving rows one by one through the ORM, in the same run: ROUNDS
rounds of import, one by one (subsample), bare insert; the medians of the per-round
ratios count.

Runs Django against a temporary SQLite file (migrated here) so that the real
database is never touched. See bench/README.md for what each number means.
"""

from __future__ import annotations

import os
import platform
import secrets
import statistics
import tempfile
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from bench._targets import Target
from bench._timing import Stopwatch, machine, rounded, write_results

NAME = "reports_import"
N_ROWS = 100_000
N_ONE_BY_ONE = 5_000
SEED = 20_261_121
# A round: the import, one by one on the subsample, the bare insert (about 45 s).
ROUNDS = 3
TARGET_IMPORT_VS_BARE = 3.0
TARGET_SPEEDUP_VS_ONE_BY_ONE = 5.0
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


def _import(organisation: Any, data: bytes) -> tuple[Any, Stopwatch]:
    from samordna.reports.imports import detect_mapping, reports_import
    from samordna.tabular.readers import read_table

    with Stopwatch() as watch:
        table = read_table("rapporter.csv", data)
        result = reports_import(
            actor=None,
            organisation=organisation,
            rows=table.rows,
            mapping=detect_mapping(table.columns),
            dry_run=False,
        )
    return result, watch


def _stored_rows() -> tuple[list[str], list[tuple[Any, ...]]]:
    from django.db import connection

    from samordna.reports.models import Observation

    columns = [f.column for f in Observation._meta.concrete_fields if not f.primary_key]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM reports_observation ORDER BY id")  # noqa: S608
        return columns, cursor.fetchall()


def _bare(columns: list[str], rows: list[tuple[Any, ...]]) -> Stopwatch:
    """The same final rows, one `executemany` in one transaction: the floor."""
    from django.db import connection, transaction

    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO reports_observation ({names}) VALUES ({marks})"  # noqa: S608
    with Stopwatch() as watch, transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return watch


def _one_by_one(sample: list[dict[str, Any]], *, validate: bool) -> Stopwatch:
    """A model instance per row, `full_clean()` (when `validate`) and `save()`, in one
    transaction; the rows are deleted again afterwards."""
    from django.db import transaction

    from samordna.reports.models import Observation

    with Stopwatch() as watch, transaction.atomic():
        for values in sample:
            observation = Observation(**values)
            if validate:
                observation.full_clean()
            observation.save()
    with transaction.atomic():
        Observation.objects.filter(import_key__in=[v["import_key"] for v in sample]).delete()
    return watch


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


def _rounds(organisation: Any, data: bytes) -> dict[str, Any]:
    """ROUNDS times: import into an empty table, save a subsample one by one (with and
    without `full_clean()`), empty the table, insert the first import's rows bare."""
    runs: dict[str, Any] = {"import": [], "bare": [], "one_by_one": [], "save_only": []}
    for round_ in range(ROUNDS):
        _clear()
        result, watch = _import(organisation, data)
        if result.created != N_ROWS:
            raise SystemExit(f"{NAME}: the import did not create every row: {result.summary()}")
        runs["import"].append(watch)
        if round_ == 0:
            runs["columns"], runs["rows"] = _stored_rows()
            runs["again"] = _import(organisation, data)  # all rows there: nothing new
        # The same seed each round: the same rows (by position in the import).
        sample = _take_sample(np.random.default_rng(SEED))
        runs["one_by_one"].append(_one_by_one(sample, validate=True))
        runs["save_only"].append(_one_by_one(sample, validate=False))
        _clear()
        runs["bare"].append(_bare(runs["columns"], runs["rows"]))
    for name in ("import", "bare", "one_by_one", "save_only"):
        runs[f"{name}_cpu"] = [watch.cpu for watch in runs[name]]
        runs[name] = [watch.wall for watch in runs[name]]
    return runs


def _side(runs: dict[str, Any], name: str, rows: int) -> dict[str, Any]:
    cpu = statistics.median(runs[f"{name}_cpu"])
    return {
        "rows": rows,
        "cpu_seconds": round(cpu, 3),
        "cpu_seconds_each_run": rounded(runs[f"{name}_cpu"], 3),
        "seconds": round(statistics.median(runs[name]), 3),
        "seconds_each_run": rounded(runs[name], 3),
        "rows_per_cpu_second": round(rows / cpu),
    }


def _ratios(runs: dict[str, Any], suffix: str) -> dict[str, list[float]]:
    """Per round: import over bare, and rows per second of the import over one by one."""
    per_row = N_ROWS / N_ONE_BY_ONE  # the one-by-one runs save a subsample: compare per row
    imported = runs[f"import{suffix}"]
    return {
        "import_vs_bare": [i / b for i, b in zip(imported, runs[f"bare{suffix}"], strict=True)],
        "speedup_vs_one_by_one": [
            o * per_row / i for o, i in zip(runs[f"one_by_one{suffix}"], imported, strict=True)
        ],
        "speedup_vs_save_only": [
            o * per_row / i for o, i in zip(runs[f"save_only{suffix}"], imported, strict=True)
        ],
    }


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as directory:
        _configure(directory)
        import django

        organisation, geometries = _world()
        data = _csv(geometries)
        runs = _rounds(organisation, data)
    columns, rows = runs["columns"], runs["rows"]
    located = sum(1 for r in rows if r[columns.index("area_id")] is not None)
    again, again_watch = runs["again"]
    cpu, wall = _ratios(runs, "_cpu"), _ratios(runs, "")
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
        "rounds": ROUNDS,
        "import": {
            **_side(runs, "import", N_ROWS),
            "includes": "reading the CSV, mapping, resolving, check_observation per row "
            "(personal data included), area lookup, SWEREF, period keys, insert, audit",
        },
        "reimport": {
            "seconds": round(again_watch.wall, 3),
            "summary": again.summary(),
            "method": "once, in the first round, with all rows already there",
        },
        "bare_executemany": _side(runs, "bare", N_ROWS),
        "one_by_one_orm": {
            **_side(runs, "one_by_one", N_ONE_BY_ONE),
            "method": "Observation(**values), full_clean() and save() per row in one "
            "transaction, on a subsample of the same rows; compared per row, not in total. "
            "This is the naive import that validates each row, as DESIGN.md measured it",
        },
        "one_by_one_save_only": {
            **_side(runs, "save_only", N_ONE_BY_ONE),
            "method": "as above without full_clean(): a lower bound, no validation at all",
            "import_speedup": round(statistics.median(cpu["speedup_vs_save_only"]), 1),
        },
        "import_vs_bare": round(statistics.median(cpu["import_vs_bare"]), 2),
        "import_vs_bare_each_round": [round(r, 2) for r in cpu["import_vs_bare"]],
        "import_vs_bare_wall_clock": round(statistics.median(wall["import_vs_bare"]), 2),
        "import_vs_bare_wall_clock_each_round": [round(r, 2) for r in wall["import_vs_bare"]],
        "speedup_vs_one_by_one": round(statistics.median(cpu["speedup_vs_one_by_one"]), 1),
        "speedup_vs_one_by_one_each_round": [round(r, 1) for r in cpu["speedup_vs_one_by_one"]],
        "speedup_vs_one_by_one_wall_clock": round(
            statistics.median(wall["speedup_vs_one_by_one"]), 1
        ),
        "ratio_measure": "median of the per-round ratios of CPU seconds (time.process_time; "
        "SQLite runs in this process); one by one compared per row",
        "target_import_vs_bare": TARGET_IMPORT_VS_BARE,
        "target_speedup_vs_one_by_one": TARGET_SPEEDUP_VS_ONE_BY_ONE,
    }


def main() -> list[Target]:
    result = run()
    write_results(NAME, result)
    print(
        f"{NAME}: {result['rows']:,} rows imported in {result['import']['cpu_seconds']} CPU s, "
        f"bare executemany {result['bare_executemany']['cpu_seconds']} CPU s: "
        f"{result['import_vs_bare']}x (limit {TARGET_IMPORT_VS_BARE:g}x; wall clock "
        f"{result['import_vs_bare_wall_clock']}x); one by one "
        f"{result['one_by_one_orm']['rows_per_cpu_second']:,} rows per CPU s: import "
        f"{result['speedup_vs_one_by_one']}x faster (target {TARGET_SPEEDUP_VS_ONE_BY_ONE:g}x); "
        f"medians of {ROUNDS} rounds"
    )
    return [
        Target(
            NAME,
            "import / bare executemany (CPU time)",
            result["import_vs_bare"],
            TARGET_IMPORT_VS_BARE,
            False,
        ),
        Target(
            NAME,
            "speedup vs one by one, per row (CPU)",
            result["speedup_vs_one_by_one"],
            TARGET_SPEEDUP_VS_ONE_BY_ONE,
            True,
        ),
    ]
