"""Places and times of the sample document: the demo areas, points inside them."""

from __future__ import annotations

import itertools
import json
import math
import random
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from pyproj import Transformer

from samordna.analysis.periods import STOCKHOLM

AREAS_FILE = Path(__file__).parents[2] / "src/samordna/core/demo/orebro_areas.geojson"


def areas_geojson() -> list[dict[str, Any]]:
    return list(json.loads(AREAS_FILE.read_text(encoding="utf-8"))["features"])


@cache
def _to_sweref() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: is the point inside the polygon's outer ring?"""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _point_in(ring: list[list[float]], rng: random.Random) -> tuple[float, float]:
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    while True:
        lon = round(rng.uniform(min(lons), max(lons)), 5)
        lat = round(rng.uniform(min(lats), max(lats)), 5)
        if _inside(lon, lat, ring):
            return lon, lat


def observations(
    rings: dict[str, list[list[float]]], cells: list[tuple[str | None, str, int]], first_day: str
) -> list[dict[str, Any]]:
    rng = random.Random(47)
    start = datetime.fromisoformat(first_day).replace(tzinfo=STOCKHOLM)
    rows: list[dict[str, Any]] = []
    for area, category, count in cells:
        for _ in range(count):
            moment = start + timedelta(days=rng.randrange(7), hours=rng.choice(_HOURS))
            lon: float | None
            lat: float | None
            lon, lat = _point_in(rings[area], rng) if area else (15.245, 59.262)
            if area and rng.random() < 0.1:  # only the area is known for a few
                lon = lat = None
            rows.append(
                {
                    "id": 0,
                    "category": category,
                    "area": area,
                    "occurred_from": moment.replace(minute=rng.randrange(60)).isoformat(),
                    "lon": lon,
                    "lat": lat,
                    "unsafety": rng.choice([1, 1, 2, 2, 3]),
                }
            )
    rows.sort(key=lambda row: row["occurred_from"])
    for number, row in enumerate(rows, start=1001):
        row["id"] = number
    return rows


# Evenings and nights dominate, as they do in real reports.
_HOURS = [8, 12, 15, 17, 18, 19, 20, 20, 21, 21, 22, 22, 23, 23, 0, 1]


def matrix(observations: list[dict[str, Any]]) -> list[list[int]]:
    matrix = [[0] * 24 for _ in range(7)]
    for o in observations:
        moment = datetime.fromisoformat(o["occurred_from"]).astimezone(STOCKHOLM)
        matrix[moment.weekday()][moment.hour] += 1
    return matrix


def hotspots(rings: dict[str, list[list[float]]]) -> dict[str, Any]:
    """One cluster of two touching 200 m cells and a third at their corner, at Vivalla's
    centre (5, 3 and 3 observations where about one is usual)."""
    ring = rings["ORE-VIVALLA"]
    lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    x0, y0 = _to_sweref().transform(lon, lat)
    back = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    cells = []
    for dx, dy, count, p in [(0, 0, 5, 0.0004), (200, 0, 3, 0.004), (0, 200, 3, 0.006)]:
        x, y = math.floor(x0 / 200) * 200 + 100 + dx, math.floor(y0 / 200) * 200 + 100 + dy
        c_lon, c_lat = back.transform(x, y)
        z = round(-_normal_quantile(p), 4)
        cells.append(
            {"x": x, "y": y, "lon": round(c_lon, 6), "lat": round(c_lat, 6), "count": count}
            | {"baseline": 4, "expected": 0.33, "z": z, "p": p, "q": round(p * 3, 6)}
            | {"cluster": 0}
        )
    west, south = back.transform(cells[0]["x"] - 100, cells[0]["y"] - 100)
    east, north = back.transform(cells[1]["x"] + 100, cells[2]["y"] + 100)
    cluster = {
        "name": "Vivalla centrum",
        "areas": ["ORE-VIVALLA"],
        "area_names": ["Vivalla"],
        "count": 11,
        "baseline": 12,
        "baseline_periods": 12,
        "expected": 1.0,
        "p": 0.0004,
        "q": 0.0012,
        "observation_ids": list(range(1, 12)),
        "lon": round(lon, 6),
        "lat": round(lat, 6),
        "bbox": [round(v, 6) for v in (west, south, east, north)],
        "cells": 3,
    }
    return {
        "crs": "EPSG:3006",
        "cell_size_m": 200,
        "radius_m": 0,
        "method": "baseline-share",
        "baseline": [f"2026-W{w}" for w in range(35, 47)],
        "tested": 4,
        "cells": cells,
        "clusters": [cluster],
    }


def _normal_quantile(p: float) -> float:
    """Inverse of the standard normal CDF by bisection (no scipy in the samples)."""
    low, high = -10.0, 10.0
    for _ in range(100):
        mid = (low + high) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2
