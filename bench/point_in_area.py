"""Point in area: `AreaIndex.locate` against a naive shapely loop, in the same run.

One million seeded random points over the bounding box of Örebro's demo areas.
The naive loop would take minutes on all of them, so it runs on a seeded
subsample and the two are compared per point (in CPU seconds, pair by pair); both
must give identical answers on that subsample or the benchmark fails.
"""

from __future__ import annotations

import json
import platform
import statistics
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, shape

from bench._targets import Target
from bench._timing import cpu_timed, machine, paired_ratio, rounded, timed, write_results
from samordna.core.geo import AreaIndex

NAME = "point_in_area"
N_POINTS = 1_000_000
N_NAIVE = 50_000
SEED = 20_261_121
PAIRS = 5
# The fast side takes a few tens of ms: in each pair it runs this often, the median counts.
FAST_RUNS_PER_PAIR = 5
TARGET_SPEEDUP = 20.0


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


def _pairs(
    geometries: list[dict[str, Any]],
    index: AreaIndex,
    lon: np.ndarray,
    lat: np.ndarray,
    sample: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, dict[str, list[float]]]:
    """PAIRS rounds of the index on all points (FAST_RUNS_PER_PAIR times, the median
    counts), then the naive loop once on the subsample."""
    index.locate(lon[:1000], lat[:1000])  # warm-up: first calls pay for imports and caches
    naive_locate(geometries, lon[sample[:100]], lat[sample[:100]])
    runs: dict[str, list[float]] = {
        "index_cpu": [],
        "index_wall": [],
        "naive_cpu": [],
        "naive_wall": [],
    }
    for _ in range(PAIRS):
        index_runs = [cpu_timed(index.locate, lon, lat) for _ in range(FAST_RUNS_PER_PAIR)]
        fast = index_runs[0][0]
        runs["index_wall"].append(statistics.median(wall for _, wall, _ in index_runs))
        runs["index_cpu"].append(statistics.median(cpu for _, _, cpu in index_runs))
        slow, wall, cpu = cpu_timed(naive_locate, geometries, lon[sample], lat[sample])
        runs["naive_wall"].append(wall)
        runs["naive_cpu"].append(cpu)
    return fast, slow, runs


def _side(runs: dict[str, list[float]], side: str, points: int, per_pair: int) -> dict[str, Any]:
    cpu = statistics.median(runs[f"{side}_cpu"])
    return {
        "points": points,
        "runs_per_pair": per_pair,
        "cpu_seconds": round(cpu, 4),
        "cpu_seconds_each_pair": rounded(runs[f"{side}_cpu"]),
        "seconds": round(statistics.median(runs[f"{side}_wall"]), 4),
        "seconds_each_pair": rounded(runs[f"{side}_wall"]),
        "points_per_cpu_second": round(points / cpu),
    }


def run() -> dict[str, Any]:
    geometries = demo_geometries()
    rng = np.random.default_rng(SEED)
    lon, lat = random_points(geometries, N_POINTS, rng)
    index, build_seconds = timed(AreaIndex, geometries)
    sample = rng.choice(N_POINTS, size=N_NAIVE, replace=False)
    fast, slow, runs = _pairs(geometries, index, lon, lat, sample)
    # Points per CPU second, index over naive, pair by pair.
    per_point = N_POINTS / N_NAIVE
    index_cpu = [s / per_point for s in runs["index_cpu"]]
    index_wall = [s / per_point for s in runs["index_wall"]]
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
        "pairs": PAIRS,
        "index": {
            "build_seconds": round(build_seconds, 6),
            **_side(runs, "index", N_POINTS, FAST_RUNS_PER_PAIR),
        },
        "naive": {
            **_side(runs, "naive", N_NAIVE, 1),
            "method": "subsample of the same points; the ratio compares points per second",
        },
        "identical_on_subsample": bool(np.array_equal(fast[sample], slow)),
        "speedup": round(paired_ratio(runs["naive_cpu"], index_cpu), 1),
        "speedup_each_pair": [
            round(n / i, 1) for n, i in zip(runs["naive_cpu"], index_cpu, strict=True)
        ],
        "speedup_wall_clock": round(paired_ratio(runs["naive_wall"], index_wall), 1),
        "speedup_measure": "median of the per-pair ratios of points per CPU second "
        "(time.process_time)",
        "target_speedup": TARGET_SPEEDUP,
    }


def main() -> list[Target]:
    result = run()
    write_results(NAME, result)
    index, naive = result["index"], result["naive"]
    print(
        f"{NAME}: AreaIndex {index['points_per_cpu_second']:,} points per CPU s "
        f"({result['points']:,} points in {index['cpu_seconds']} s), naive loop "
        f"{naive['points_per_cpu_second']:,} points per CPU s (subsample of {naive['points']:,}): "
        f"{result['speedup']}x (median of {PAIRS} pairs; "
        f"wall clock {result['speedup_wall_clock']}x), "
        f"identical answers: {result['identical_on_subsample']}"
    )
    if not result["identical_on_subsample"]:
        raise SystemExit(f"{NAME}: AreaIndex and the naive loop disagree")
    return [
        Target(NAME, "speedup vs naive loop (CPU time)", result["speedup"], TARGET_SPEEDUP, True)
    ]
