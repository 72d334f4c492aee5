"""The national volume for `bench.national`, made in SQL (run inside a configured Django).

Each municipality gets one organisation, six square areas, ~1/290 of the rows, reports
of 20 observations, and a confirmed week picture per week with data. Every value of a
municipality's rows is a function of its position among all 290 and of the row's
number, never of the other municipalities: the one-municipality database holds exactly
the rows the national one holds for it. The pictures made in SQL are synthetic (a
document of counts per category, `"synthetic": true`); the timed week's picture is
compiled and confirmed by Samordna's own services.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from typing import Any

from samordna.integrations.sweden import MUNICIPALITIES

TODAY = date(2026, 11, 23)
DAYS = 3 * 365 + 1
PER_REPORT = 20
AREAS = 6
DATA_ACTION = "bench.national.data"
COORDINATOR = "bench-samordnare"
COUNTY_OFFICER = "bench-lansstyrelsen"


def _say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _square(lon: float, lat: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + 0.02, lat], [lon + 0.02, lat + 0.01], [lon, lat + 0.01]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def origin(position: int) -> tuple[float, float]:
    """A municipality's south-west corner, by its position among all 290."""
    return 12.0 + (position % 20) * 0.5, 56.0 + (position // 20) * 0.6


def make_places(codes: list[str]) -> list[dict[str, Any]]:
    """Municipalities, their organisation and six areas (through the services, audited);
    one row per municipality for the SQL below."""
    from samordna.core import services
    from samordna.core.geo import area_geometry

    positions = {m.code: i for i, m in enumerate(MUNICIPALITIES)}
    names = {m.code: m.name for m in MUNICIPALITIES}
    rows = []
    for code in codes:
        municipality = services.municipality_create(
            actor=None, name=names[code], slug=f"k{code}", code=code
        )
        organisation = services.organisation_create(
            actor=None,
            municipality=municipality,
            name=f"Polisen {names[code]}",
            slug=f"polisen-{code}",
            kind="police",
        )
        lon0, lat0 = origin(positions[code])
        areas = [
            services.area_create(
                actor=None,
                municipality=municipality,
                name=f"Område {i + 1}",
                kind="est",
                geometry=area_geometry(_square(lon0 + (i % 3) * 0.02, lat0 + (i // 3) * 0.01)),
            ).pk
            for i in range(AREAS)
        ]
        rows.append(
            {
                "mid": municipality.pk,
                "pos": positions[code],
                "org": organisation.pk,
                "areas": areas,
                "lon0": lon0,
                "lat0": lat0,
            }
        )
    return rows


# u(k): a number in [0, 1) from the municipality's position and the row's number.
def _u(k: int, n: str = "o.n") -> str:
    a, b = (2654435761, 40503, 97, 1013904223, 22695477, 69069)[k], 7919 * (k + 3)
    mixed = f"({n} * {a}::bigint + m.pos * {b}::bigint + {k * 104729})"
    return f"(({mixed} %% 1000003)::float8 / 1000003)"


def insert_rows(places: list[dict[str, Any]], per_municipality: int) -> int:
    """Reports and observations for every municipality in `places`, in two statements."""
    from django.db import connection

    from samordna.reports.models import Category

    leaves = list(
        Category.objects.filter(municipality=None, parent__isnull=False)
        .order_by("code")
        .values_list("pk", flat=True)
    ) or list(
        Category.objects.filter(municipality=None).order_by("code").values_list("pk", flat=True)
    )
    reports = -(-per_municipality // PER_REPORT)
    start = TODAY - timedelta(days=DAYS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_m (mid bigint, pos int, org bigint, areas bigint[], "
            "lon0 float8, lat0 float8, report0 bigint)"
        )
        cursor.executemany(
            "INSERT INTO bench_m VALUES (%s, %s, %s, %s, %s, %s, NULL)",
            [(p["mid"], p["pos"], p["org"], p["areas"], p["lon0"], p["lat0"]) for p in places],
        )
        cursor.execute(_REPORTS_SQL, {"reports": reports, "start": start})
        cursor.execute(_REPORT0_SQL, {"reports": reports})
        cursor.execute("SELECT count(*) FROM bench_m WHERE report0 IS NULL")
        if cursor.fetchone()[0]:
            raise SystemExit("national: the reports' ids are not consecutive per municipality")
        # The rows refer to what was just made (checked above), so the foreign keys'
        # triggers are skipped: checked row by row they took longer than the insert
        # itself. A superuser's setting, for this throwaway cluster only.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            _observations_sql(),
            {
                "per": per_municipality,
                "start": start,
                "days": DAYS,
                "cats": leaves,
                "per_report": PER_REPORT,
            },
        )
        inserted = cursor.rowcount
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("DROP TABLE bench_m")
    return inserted


_REPORTS_SQL = """
INSERT INTO reports_report
    (municipality_id, organisation_id, client_uuid, source, submitted_at, is_synthetic)
SELECT m.mid, m.org, md5(m.pos || ':' || r)::uuid, 'import', %(start)s::date, true
FROM bench_m m, generate_series(0, %(reports)s - 1) r
ORDER BY m.pos, r
"""
# The reports' ids are consecutive per municipality, or the run stops here.
_REPORT0_SQL = """
UPDATE bench_m m SET report0 = r.first
FROM (SELECT municipality_id, min(id) AS first, max(id) - min(id) + 1 AS span, count(*) AS n
      FROM reports_report GROUP BY 1) r
WHERE r.municipality_id = m.mid AND r.span = r.n AND r.n = %(reports)s
"""


def _observations_sql() -> str:
    when = f"(%(start)s::date + ({_u(0, 'n')} * %(days)s * 86400) * interval '1 second')"
    area = f"floor({_u(1, 'n')} * {AREAS})::int"
    local = "(o.at AT TIME ZONE 'Europe/Stockholm')"
    # Built from constants of this module only; the values are parameters.
    return f"""
INSERT INTO reports_observation
    (report_id, municipality_id, organisation_id, category_id, occurred_from, time_band,
     longitude, latitude, x, y, area_id, place_type, unsafety, certainty,
     reported_to_police, immediate_action, free_text, status, closed_reason,
     week_key, tertial_key, is_synthetic, created_at, import_key, address)
SELECT m.report0 + (o.n - 1) / %(per_report)s, m.mid, m.org,
       (%(cats)s::bigint[])[1 + floor({_u(2)} * cardinality(%(cats)s::bigint[]))::int],
       o.at, '',
       m.lon0 + (o.a %% 3) * 0.02 + {_u(3)} * 0.02,
       m.lat0 + (o.a / 3) * 0.01 + {_u(4)} * 0.01,
       500000 + (m.lon0 + (o.a %% 3) * 0.02 - 15) * 56000,
       (m.lat0 + (o.a / 3) * 0.01) * 111000,
       m.areas[1 + o.a], '', 1 + floor({_u(5)} * 5)::int, 'observed', 'unknown', '', '',
       'submitted', '',
       to_char({local}, 'IYYY-"W"IW'),
       to_char({local}, 'YYYY') || '-T' || ((extract(month FROM {local})::int - 1) / 4 + 1),
       true, o.at + interval '1 hour', '', ''
FROM bench_m m
CROSS JOIN LATERAL (
    SELECT n, {when} AS at, {area} AS a FROM generate_series(1, %(per)s) n
) o(n, at, a)
"""  # noqa: S608


def insert_pictures(exclude: tuple[int, str] | None) -> int:
    """A confirmed synthetic week picture for every municipality and week with rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            _PICTURES_SQL,
            {"mid": exclude[0] if exclude else 0, "week": exclude[1] if exclude else ""},
        )
        return int(cursor.rowcount)


_PICTURES_SQL = """
INSERT INTO situation_situationpicture
    (municipality_id, kind, period_key, version, status, summary, correction_reason,
     created_at, confirmed_at, snapshot, content_hash)
SELECT w.municipality_id, 'week', w.week_key, 1, 'confirmed', '', '',
       to_date(w.week_key, 'IYYY-"W"IW') + 7, to_date(w.week_key, 'IYYY-"W"IW') + 7,
       jsonb_build_object(
           'format', 'samordna.situation/1', 'synthetic', true,
           'period', jsonb_build_object('kind', 'week', 'key', w.week_key,
                                        'start', to_date(w.week_key, 'IYYY-"W"IW')),
           'totals', jsonb_build_object('count', sum(w.n)),
           'categories', jsonb_agg(jsonb_build_object('code', w.code, 'count', w.n))),
       ''
FROM (SELECT o.municipality_id, o.week_key, c.code, count(*) AS n
      FROM reports_observation o JOIN reports_category c ON c.id = o.category_id
      GROUP BY 1, 2, 3) w
WHERE NOT (w.municipality_id = %(mid)s AND w.week_key = %(week)s)
GROUP BY w.municipality_id, w.week_key
"""


def timed(label: str, function: Any, *args: Any) -> Any:
    start = time.perf_counter()
    value = function(*args)
    _say(f"{label}: {time.perf_counter() - start:.1f} s")
    return value
