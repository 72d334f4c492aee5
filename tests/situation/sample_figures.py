"""The figures of the sample document: comparisons, Poisson p-values, BH q-values and
sums over cells, computed as docs/situation-format.md defines them."""

from __future__ import annotations

import math
import random
from typing import Any


def direction(count: float, mean: float) -> str:
    if count > mean * 1.1:
        return "up"
    if count < mean * 0.9:
        return "down"
    return "same"


def figures(count: int, rng: random.Random, police: int | None = None) -> dict[str, Any]:
    """The shared figures: comparisons drawn near the count, trend ending in it."""
    recent = [max(0, count + rng.randint(-3, 1)) for _ in range(4)]
    mean = sum(recent) / 4
    trend = [max(0, count + rng.randint(-3, 2)) for _ in range(11)] + [count]
    return {
        "count": count,
        "previous": max(0, count + rng.randint(-2, 1)),
        "recent_mean": mean,
        "last_year": max(0, count + rng.randint(-3, 3)),
        "trend": trend,
        "direction": direction(count, mean),
        "police_events": police,
    }


def poisson_p(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean): the chance of at least this many."""
    if count == 0:
        return 1.0
    mean = max(mean, 0.25)  # a zero baseline would make any count "certain"
    below = sum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(count))
    return max(0.0, min(1.0, 1.0 - below))


def bh(pvalues: list[float]) -> list[float]:
    """Benjamini–Hochberg q-values in the input order."""
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    q, running = [0.0] * len(pvalues), 1.0
    for rank in range(len(order), 0, -1):
        i = order[rank - 1]
        running = min(running, pvalues[i] * len(pvalues) / rank)
        q[i] = running
    return q


def sum_cells(cells: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures of a group of cells added up field by field (the means too: the mean of
    sums is the sum of means)."""
    summed: dict[str, Any] = {
        field: sum(c[field] for c in cells) for field in ("count", "previous", "last_year")
    }
    summed["recent_mean"] = sum(c["recent_mean"] for c in cells)
    summed["trend"] = [sum(c["trend"][i] for c in cells) for i in range(12)]
    summed["direction"] = direction(summed["count"], summed["recent_mean"])
    return summed


def sum_group(cells: list[dict[str, Any]], key: str, value: str) -> dict[str, Any]:
    mine = [c for c in cells if c[key] == value]
    return sum_cells(mine) | {"flagged": any(c["flagged"] for c in mine)}
