"""Gi* hot spots: `gi_star_grid` against esda's `G_Local` plus its weights, in the same run.

One million seeded points around Örebro (SWEREF 99 TM metres): a uniform
background plus clusters, on a 20 km x 20 km extent with 100 m cells (200 x 200 =
40,000 cells) and a 200 m radius. esda is the oracle: both must give the same
z-score in every cell, to 1e-9, or the benchmark fails.
"""

from __future__ import annotations

import platform
import statistics
from datetime import UTC, datetime
from typing import Any

import esda
import libpysal
import numpy as np
import scipy
from esda import G_Local
from libpysal.weights import DistanceBand

from bench._targets import Target
from bench._timing import cpu_timed, machine, paired_ratio, rounded, write_results
from samordna.analysis.gi_star import GiStarGrid, gi_star_grid

NAME = "gi_star"
N_POINTS = 1_000_000
N_CLUSTERS = 40
CLUSTERED_SHARE = 0.4
SEED = 20_261_122
BOUNDS = (500_000.0, 6_560_000.0, 520_000.0, 6_580_000.0)  # Örebro, EPSG:3006
CELL_SIZE = 100.0
RADIUS = 200.0
PAIRS = 5
# The fast side takes a few tens of ms: in each pair it runs this often, the median counts.
FAST_RUNS_PER_PAIR = 5
TARGET_SPEEDUP = 50.0
MAX_Z_DIFFERENCE = 1e-9


def clustered_points(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A uniform background plus Gaussian clusters (150–600 m) well inside the extent."""
    xmin, ymin, xmax, ymax = BOUNDS
    n_clustered = int(n * CLUSTERED_SHARE)
    centres = rng.uniform(
        (xmin + 2_000, ymin + 2_000), (xmax - 2_000, ymax - 2_000), (N_CLUSTERS, 2)
    )
    spreads = rng.uniform(150, 600, N_CLUSTERS)
    which = rng.integers(0, N_CLUSTERS, n_clustered)
    offsets = rng.normal(size=(n_clustered, 2)) * spreads[which, np.newaxis]
    cluster = centres[which] + offsets
    background_x = rng.uniform(xmin, xmax, n - n_clustered)
    background_y = rng.uniform(ymin, ymax, n - n_clustered)
    return (
        np.concatenate([background_x, cluster[:, 0]]),
        np.concatenate([background_y, cluster[:, 1]]),
    )


def fast(x: np.ndarray, y: np.ndarray) -> GiStarGrid:
    return gi_star_grid(x, y, CELL_SIZE, RADIUS, bounds=BOUNDS)


def esda_z(counts: np.ndarray, x0: float, y0: float) -> np.ndarray:
    """The textbook route: weights from the cell centres, then esda's analytical Gi*."""
    ny, nx = counts.shape
    cols, rows = np.meshgrid(np.arange(nx), np.arange(ny))
    centres = np.column_stack(
        [x0 + (cols.ravel() + 0.5) * CELL_SIZE, y0 + (rows.ravel() + 0.5) * CELL_SIZE]
    )
    weights = DistanceBand(centres, threshold=RADIUS, binary=True, silence_warnings=True)
    local = G_Local(counts.ravel(), weights, transform="B", star=True, permutations=0)
    return np.asarray(local.Zs).reshape(ny, nx)


def _pairs(x: np.ndarray, y: np.ndarray) -> tuple[GiStarGrid, np.ndarray, dict[str, Any]]:
    """PAIRS rounds of gi_star_grid on all points (FAST_RUNS_PER_PAIR times, the median
    counts), then esda once on the grid it made."""
    fast(x[:1000], y[:1000])  # warm-up: first calls pay for imports and caches
    grid = fast(x, y)
    esda_z(grid.counts[:10, :10], grid.x0, grid.y0)  # the same warm-up for esda
    runs: dict[str, list[float]] = {
        "fast_cpu": [],
        "fast_wall": [],
        "esda_cpu": [],
        "esda_wall": [],
    }
    for _ in range(PAIRS):
        fast_runs = [cpu_timed(fast, x, y) for _ in range(FAST_RUNS_PER_PAIR)]
        grid = fast_runs[0][0]
        runs["fast_wall"].append(statistics.median(wall for _, wall, _ in fast_runs))
        runs["fast_cpu"].append(statistics.median(cpu for _, _, cpu in fast_runs))
        z, wall, cpu = cpu_timed(esda_z, grid.counts, grid.x0, grid.y0)
        runs["esda_wall"].append(wall)
        runs["esda_cpu"].append(cpu)
    return grid, z, runs


def _side(runs: dict[str, list[float]], side: str, runs_per_pair: int) -> dict[str, Any]:
    return {
        "runs_per_pair": runs_per_pair,
        "cpu_seconds": round(statistics.median(runs[f"{side}_cpu"]), 4),
        "cpu_seconds_each_pair": rounded(runs[f"{side}_cpu"]),
        "seconds": round(statistics.median(runs[f"{side}_wall"]), 4),
        "seconds_each_pair": rounded(runs[f"{side}_wall"]),
    }


def run() -> dict[str, Any]:
    x, y = clustered_points(N_POINTS, np.random.default_rng(SEED))
    grid, z, runs = _pairs(x, y)
    difference = float(np.abs(grid.z - z).max())  # NaN anywhere: NaN here
    ratios = [e / f for e, f in zip(runs["esda_cpu"], runs["fast_cpu"], strict=True)]
    ny, nx = grid.shape
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "versions": {
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "esda": esda.__version__,
            "libpysal": libpysal.__version__,
        },
        "seed": SEED,
        "points": N_POINTS,
        "points_in_grid": int(grid.counts.sum()),
        "bounds": BOUNDS,
        "cell_size": CELL_SIZE,
        "radius": RADIUS,
        "grid": {"rows": ny, "cols": nx, "cells": nx * ny},
        "hot_cells": int(grid.hot.sum()),
        "pairs": PAIRS,
        "gi_star_grid": {
            **_side(runs, "fast", FAST_RUNS_PER_PAIR),
            "includes": "validation, binning 1,000,000 points, Gi*, p, Benjamini–Hochberg",
        },
        "esda": {
            **_side(runs, "esda", 1),
            "includes": "DistanceBand weights on the cell centres + G_Local(permutations=0); "
            "the counts are given (binning not timed)",
        },
        "max_z_difference": difference,
        "max_z_difference_allowed": MAX_Z_DIFFERENCE,
        "speedup": round(paired_ratio(runs["esda_cpu"], runs["fast_cpu"]), 1),
        "speedup_each_pair": [round(r, 1) for r in ratios],
        "speedup_wall_clock": round(paired_ratio(runs["esda_wall"], runs["fast_wall"]), 1),
        "speedup_measure": "median of the per-pair ratios of CPU seconds (time.process_time)",
        "target_speedup": TARGET_SPEEDUP,
    }


def main() -> list[Target]:
    result = run()
    write_results(NAME, result)
    print(
        f"{NAME}: gi_star_grid {result['gi_star_grid']['cpu_seconds']} CPU s "
        f"({result['points']:,} points, {result['grid']['cells']:,} cells), "
        f"esda + weights {result['esda']['cpu_seconds']} CPU s: {result['speedup']}x "
        f"(median of {PAIRS} pairs; wall clock {result['speedup_wall_clock']}x), "
        f"max |z difference| {result['max_z_difference']:.1e}"
    )
    if not result["max_z_difference"] <= MAX_Z_DIFFERENCE:  # also fails on NaN
        raise SystemExit(f"{NAME}: z-scores differ from esda's by more than {MAX_Z_DIFFERENCE:g}")
    return [Target(NAME, "speedup vs esda (CPU time)", result["speedup"], TARGET_SPEEDUP, True)]
