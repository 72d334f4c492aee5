"""Is this increase more than chance? Change detection for the weekly situation picture.

A table of cells (area x category) each has a count for this period and a baseline:
the mean count of comparable earlier periods. A cell is flagged when its count is
improbably high for a Poisson count with the baseline as its mean, after correcting
for looking at many cells at once (Benjamini–Hochberg), and only when the count is
large enough to matter to a coordinator.

Plain numpy in and out, in the order given; the caller labels the cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import false_discovery_control, poisson

Direction = Literal["up", "down", "same"]


@dataclass(frozen=True)
class ChangeFlags:
    """Per-cell results, in the order of the input.

    `p`: one-sided Poisson p-value of an increase; `q`: Benjamini–Hochberg adjusted
    p-value over all cells; `flagged`: q < alpha, count > baseline, count >= min_count.
    """

    p: NDArray[np.float64]
    q: NDArray[np.float64]
    flagged: NDArray[np.bool_]


def _as_vector(values: ArrayLike, name: str) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional sequence, got {array.ndim} dimensions")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite numbers (no NaN or infinity)")
    if (array < 0).any():
        raise ValueError(f"{name} must not be negative")
    return array


def _counts_and_baselines(
    counts: ArrayLike, baselines: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    count_array = _as_vector(counts, "counts")
    baseline_array = _as_vector(baselines, "baselines")
    if count_array.shape != baseline_array.shape:
        raise ValueError(
            f"counts and baselines differ in length: {len(count_array)} and {len(baseline_array)}"
        )
    if (count_array != np.floor(count_array)).any():
        raise ValueError("counts must be whole numbers")
    return count_array, baseline_array


def poisson_increase_p(
    counts: ArrayLike, baselines: ArrayLike, *, baseline_floor: float = 0.5
) -> NDArray[np.float64]:
    """P(X >= count) for X ~ Poisson(max(baseline, baseline_floor)), per cell.

    Why the floor: a category never seen before in an area has baseline 0, and
    Poisson(0) says any count >= 1 is impossible (p = 0), so a single new report
    would always be "significant". Treating the baseline as at least half an event
    per period says "rare, but not impossible"; with the default 0.5 a count of 3
    has p ≈ 0.014 and needs company to survive the multiple-testing correction.
    """
    count_array, baseline_array = _counts_and_baselines(counts, baselines)
    return _increase_p(count_array, baseline_array, baseline_floor)


def _increase_p(
    counts: NDArray[np.float64], baselines: NDArray[np.float64], baseline_floor: float
) -> NDArray[np.float64]:
    if not (np.isfinite(baseline_floor) and baseline_floor > 0):
        raise ValueError(f"baseline_floor must be a positive number, got {baseline_floor}")
    mean = np.maximum(baselines, baseline_floor)
    # sf(k - 1) = P(X > k - 1) = P(X >= k); for a count of 0 this is sf(-1) = 1.
    return np.asarray(poisson.sf(counts - 1, mean), dtype=np.float64)


def flag_increases(
    counts: ArrayLike,
    baselines: ArrayLike,
    *,
    alpha: float = 0.05,
    min_count: int = 3,
    baseline_floor: float = 0.5,
) -> ChangeFlags:
    """Flag the cells whose increase over their baseline is more than chance.

    The false discovery rate is controlled over all cells given, including those
    that cannot be flagged (decreases, small counts): the test looked at them too.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}")
    if min_count < 0:
        raise ValueError(f"min_count must not be negative, got {min_count}")
    count_array, baseline_array = _counts_and_baselines(counts, baselines)
    p = _increase_p(count_array, baseline_array, baseline_floor)
    q = benjamini_hochberg(p)
    flagged = (q < alpha) & (count_array > baseline_array) & (count_array >= min_count)
    return ChangeFlags(p=p, q=q, flagged=flagged)


def benjamini_hochberg(p: NDArray[np.float64]) -> NDArray[np.float64]:
    """Benjamini–Hochberg adjusted p-values (q-values); an empty input stays empty."""
    if p.size == 0:
        return np.empty(0, dtype=np.float64)
    return np.asarray(false_discovery_control(p, method="bh"), dtype=np.float64)


def change_direction(count: float, reference: float, *, tolerance: float = 0.1) -> Direction:
    """ "up", "down" or "same" compared with a reference period.

    A change within ±tolerance of the reference (relative), or both zero, is "same":
    the picture should not show an arrow for 10 against 11. Anything against a
    reference of 0 is "up".
    """
    if count < 0 or reference < 0:
        raise ValueError(f"count and reference must not be negative, got {count} and {reference}")
    if tolerance < 0:
        raise ValueError(f"tolerance must not be negative, got {tolerance}")
    if reference == 0:
        return "same" if count == 0 else "up"
    relative = (count - reference) / reference
    if abs(relative) <= tolerance:
        return "same"
    return "up" if relative > 0 else "down"
