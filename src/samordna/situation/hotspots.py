"""The document's hot spots: the places with more observations than they usually have
(analysis/hotspots.py), as named clusters with their observations, for the page, the map
and the exports.

Only observations inside the municipality's areas count, this period and in the
baseline: the areas are where the work is, and fields and lakes are never a reference.
The baseline's counts come from one query that the database bins into cells, never
from the baseline's rows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import Floor
from scipy.stats import norm

from samordna.analysis.hotspots import HotCluster, PeriodCells, count_cells, hot_spots
from samordna.analysis.periods import shift_period
from samordna.core.geo import to_wgs84
from samordna.core.models import Place
from samordna.reports.counts import counted_observations

BASELINE_PERIODS = {"week": None, "tertial": 3, "year": 2}  # None: the setting
# What the document's `method` names: each place against its own baseline share
# (Fisher's exact test, conditional on being tested), BH, touching cells merged.
METHOD = "baseline-share"


def baseline_keys(key: str, kind: str) -> list[str]:
    """The periods just before `key` that a place's usual share is taken from."""
    length = BASELINE_PERIODS[kind] or settings.SITUATION_HOTSPOT_BASELINE
    return [shift_period(key, -n) for n in range(length, 0, -1)]


def hotspots_section(
    municipality_id: int,
    key: str,
    kind: str,
    rows: list[dict[str, Any]],
    area_rows: dict[int, dict[str, Any]],
) -> dict[str, Any]:
    """The document's `hotspots`: clusters and their cells (never an empty cell)."""
    size = float(settings.SITUATION_HOTSPOT_CELL_M)
    inside = [r for r in rows if r["area_id"] is not None and r["x"] is not None]
    period = count_cells([r["x"] for r in inside], [r["y"] for r in inside], size)
    keys = baseline_keys(key, kind)
    candidates = period.candidates(settings.SITUATION_MIN_COUNT)
    section: dict[str, Any] = {
        "crs": "EPSG:3006",
        "cell_size_m": settings.SITUATION_HOTSPOT_CELL_M,
        "radius_m": 0,
        "method": METHOD,
        "baseline": keys,
        "tested": len(candidates),
        "cells": [],
        "clusters": [],
    }
    if not candidates:
        return section
    counts, total = _baseline_counts(municipality_id, kind, keys, period, candidates)
    found = hot_spots(
        period,
        counts,
        total,
        alpha=settings.SITUATION_ALPHA,
        min_count=settings.SITUATION_MIN_COUNT,
    )
    names = _place_names(inside, found.clusters)
    for number, cluster in enumerate(found.clusters):
        members = [inside[n] for n in cluster.points]
        section["clusters"].append(_cluster(cluster, members, period, area_rows, names, len(keys)))
        section["cells"] += _cells(cluster, period, number)
    return section


def _baseline_counts(
    municipality_id: int, kind: str, keys: list[str], period: PeriodCells, cells: list[Any]
) -> tuple[list[int], int]:
    """The baseline's points in each tested cell and in all: one query, binned by the
    database (a filtered count per tested cell cost 0.2 s at 150 cells)."""
    if kind == "week":
        scope = Q(week_key__in=keys)
    else:
        tertials = keys if kind == "tertial" else [f"{y}-T{n}" for y in keys for n in (1, 2, 3)]
        scope = Q(tertial_key__in=tertials)
    size = period.cell_size
    binned = (
        counted_observations(municipality_id)
        .filter(scope, area__isnull=False, x__isnull=False, y__isnull=False)
        .values_list(Floor(F("x") / size), Floor(F("y") / size))
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {(int(column), int(row)): int(n) for column, row, n in binned}
    return [found.get(cell, 0) for cell in cells], sum(found.values())


def _place_names(rows: list[dict[str, Any]], clusters: list[HotCluster]) -> dict[int, str]:
    ids = {rows[n]["place_id"] for c in clusters for n in c.points} - {None}
    if not ids:
        return {}
    return dict(Place.objects.filter(pk__in=ids).values_list("pk", "name"))


def _cluster(
    cluster: HotCluster,
    members: list[dict[str, Any]],
    period: PeriodCells,
    area_rows: dict[int, dict[str, Any]],
    place_names: dict[int, str],
    baseline_periods: int,
) -> dict[str, Any]:
    areas = Counter(m["area_id"] for m in members)
    places = Counter(place_names[m["place_id"]] for m in members if m["place_id"] in place_names)
    area_names = [area_rows[a]["name"] for a, _ in areas.most_common() if a in area_rows]
    place, seen = places.most_common(1)[0] if places else ("", 0)
    # A place that at least half of the observations name is what the meeting calls it.
    name = place if seen * 2 >= len(members) else (area_names[0] if area_names else "")
    located = [m for m in members if m["longitude"] is not None]
    return {
        "name": name,
        "areas": [area_rows[a]["code"] for a, _ in areas.most_common() if a in area_rows],
        "area_names": area_names,
        "count": cluster.count,
        "baseline": cluster.baseline,
        "baseline_periods": baseline_periods,
        "expected": round(cluster.expected, 2),
        "p": round(cluster.p, 6),
        "q": round(cluster.q, 6),
        "observation_ids": sorted(m["id"] for m in members),
        "lon": round(float(np.mean([m["longitude"] for m in located])), 6) if located else None,
        "lat": round(float(np.mean([m["latitude"] for m in located])), 6) if located else None,
        "bbox": _bbox([period.box(c.cell) for c in cluster.cells]),
        "cells": len(cluster.cells),
    }


def _bbox(boxes: list[tuple[float, float, float, float]]) -> list[float]:
    """[west, south, east, north] in WGS84 of the cells' outer corners."""
    xmin, ymin = min(b[0] for b in boxes), min(b[1] for b in boxes)
    xmax, ymax = max(b[2] for b in boxes), max(b[3] for b in boxes)
    lon, lat = to_wgs84(np.array([xmin, xmin, xmax, xmax]), np.array([ymin, ymax, ymin, ymax]))
    return [round(float(v), 6) for v in (lon.min(), lat.min(), lon.max(), lat.max())]


def _cells(cluster: HotCluster, period: PeriodCells, number: int) -> list[dict[str, Any]]:
    """The cluster's cells as the map and the GeoJSON draw them (the earlier keys kept;
    `z` is now the normal score of p, for the map's shading)."""
    centres = [period.box(c.cell) for c in cluster.cells]
    xs = np.array([(b[0] + b[2]) / 2 for b in centres])
    ys = np.array([(b[1] + b[3]) / 2 for b in centres])
    lon, lat = to_wgs84(xs, ys)
    return [
        {
            "x": round(float(x), 1),
            "y": round(float(y), 1),
            "lon": round(float(lo), 6),
            "lat": round(float(la), 6),
            "count": cell.count,
            "baseline": cell.baseline,
            "expected": round(cell.expected, 2),
            "z": round(float(np.clip(norm.isf(cell.p), 0.0, 40.0)), 4),
            "p": round(cell.p, 6),
            "q": round(cell.q, 6),
            "cluster": number,
        }
        for cell, x, y, lo, la in zip(cluster.cells, xs, ys, lon, lat, strict=True)
    ]
