"""Point in area: `AreaIndex.locate` against a naive shapely loop, in the same run.

One million seeded random points over the bounding box of Örebro's demo areas.
The naive loop would take minutes on all of them, so it runs on a seeded
subsample and the two are compared per point; both must give identical answers
on that subsample or the benchmark fails.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, shape

from samordna.core.geo import AreaIndex

NAME = "point_in_area"
N_POINTS = 1_000_000
N_NAIVE = 50_000
SEED = 20_261_121
REPEATS = 3
TARGET_SPEEDUP = 20.0
RESULTS = Path(__file__).parent / "results" / f"{NAME}.json"


def demo_geometries() -> list[dict[str, Any]]:
    source = resources.files("samordna.core").joinpath("demo/orebro_areas.geojson")
    return [feature["geometry"] for feature in json.loads(source.read_text("utf-8"))["features"]]


def random_points(
    geometries: list[dict[str, Any]], n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    minx, miny, maxx, maxy = shapely.total_bounds([shape(g) for g in geometries])
    return rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)


def naive_locate(geometries: list[dict[str, Any]], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    polygons = [shape(g) for g in geometries]
    result = np.full(len(lon), -1, dtype=np.int64)
    for n, (x, y) in enumerate(zip(lon, lat, strict=True)):
        point = Point(x, y)
        for i, polygon in enumerate(polygons):
            if polygon.covers(point):
                result[n] = i
                break
    return result


def timed(function: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    return {"platform": platform.platform(), "cpu": cpu, "cpus": os.cpu_count()}


def run() -> dict[str, Any]:
    geometries = demo_geometries()
    rng = np.random.default_rng(SEED)
    lon, lat = random_points(geometries, N_POINTS, rng)
    index, build_seconds = timed(AreaIndex, geometries)
    index.locate(lon[:1000], lat[:1000])  # warm-up: first calls pay for imports and caches
    runs = [timed(index.locate, lon, lat) for _ in range(REPEATS)]
    fast = runs[0][0]
    index_seconds = statistics.median(seconds for _, seconds in runs)
    sample = rng.choice(N_POINTS, size=N_NAIVE, replace=False)
    slow, naive_seconds = timed(naive_locate, geometries, lon[sample], lat[sample])
    identical = bool(np.array_equal(fast[sample], slow))
    index_rate = N_POINTS / index_seconds
    naive_rate = N_NAIVE / naive_seconds
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "seed": SEED,
        "areas": len(geometries),
        "points": N_POINTS,
        "share_inside_an_area": round(float((fast >= 0).mean()), 4),
        "index": {
            "build_seconds": round(build_seconds, 6),
            "seconds": round(index_seconds, 4),
            "seconds_each_run": [round(seconds, 4) for _, seconds in runs],
            "points_per_second": round(index_rate),
        },
        "naive": {
            "points": N_NAIVE,
            "seconds": round(naive_seconds, 4),
            "points_per_second": round(naive_rate),
            "method": "subsample of the same points; the ratio compares points per second",
        },
        "identical_on_subsample": identical,
        "speedup": round(index_rate / naive_rate, 1),
        "target_speedup": TARGET_SPEEDUP,
    }


def main() -> None:
    result = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{NAME}: AreaIndex {result['index']['points_per_second']:,} points/s "
        f"({result['points']:,} points in {result['index']['seconds']} s), "
        f"naive loop {result['naive']['points_per_second']:,} points/s "
        f"(subsample of {result['naive']['points']:,}): {result['speedup']}x "
        f"(target {TARGET_SPEEDUP:g}x), identical answers: {result['identical_on_subsample']}"
    )
    if not result["identical_on_subsample"]:
        raise SystemExit(f"{NAME}: AreaIndex and the naive loop disagree")
    if result["speedup"] < TARGET_SPEEDUP:
        raise SystemExit(f"{NAME}: below the {TARGET_SPEEDUP:g}x target")
