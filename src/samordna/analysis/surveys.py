"""Survey estimates with 95 % confidence intervals, and the gap between two groups.

Pure: plain numbers and arrays in, frozen dataclasses out (no Django).

Methods, and why:
- A mean of respondent answers: Student's t-interval, mean ± t(0.975, n−1)·s/√n.
- A share: Wilson's score interval (Wilson 1927). It stays inside 0–1 and keeps its
  coverage for small n and shares near 0 or 1, where the normal (Wald) interval fails.
- The gap between two means: Welch's interval (unequal variances), with the
  Welch–Satterthwaite degrees of freedom. Women and men rarely have equal spread.
- The gap between two shares: Newcombe's hybrid score interval (Newcombe 1998,
  method 10), built from the two Wilson intervals; it behaves where the Wald
  difference interval does not (small groups, shares near 0 or 1).
- An aggregate index without per-respondent data (the police's trygghetsmätning gives
  the mean and the number of respondents, not the spread): the standard deviation is
  replaced by its largest possible value on a bounded scale, half the range
  (Popoviciu: variance ≤ (max − min)² / 4), i.e. 3 on the 0–6 index. The interval is
  then conservative: never narrower than the true one, usually wider.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
_Z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))  # 1.959963…

MEAN_T = "t"
MEAN_BOUND = "t-bound"
SHARE_WILSON = "wilson"
GAP_WELCH = "welch"
GAP_NEWCOMBE = "newcombe"


@dataclass(frozen=True)
class Estimate:
    """A mean or share of `n` respondents with its 95 % interval [low, high]."""

    value: float
    low: float
    high: float
    n: int
    method: str

    @property
    def margin(self) -> float:
        """Half the interval's width, shown as "±" (Wilson's interval is not symmetric)."""
        return (self.high - self.low) / 2


@dataclass(frozen=True)
class Gap:
    """`first` minus `second` (e.g. women minus men) with its 95 % interval."""

    value: float
    low: float
    high: float
    method: str

    @property
    def margin(self) -> float:
        return (self.high - self.low) / 2

    @property
    def is_clear(self) -> bool:
        """True when the interval leaves out 0: the groups differ beyond chance."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Summary:
    """A group's mean, standard deviation and size (from respondents or a bound)."""

    mean: float
    sd: float
    n: int
    method: str = MEAN_T


def summarise(values: Sequence[float] | np.ndarray) -> Summary:
    """Mean and sample standard deviation (n − 1) of a group's answers."""
    array = np.asarray(values, dtype=float)
    array = array[~np.isnan(array)]
    n = int(array.size)
    if n == 0:
        raise ValueError("no answers")
    sd = float(array.std(ddof=1)) if n > 1 else 0.0
    return Summary(float(array.mean()), sd, n)


def bounded_summary(mean: float, n: int, *, scale_min: float, scale_max: float) -> Summary:
    """An aggregate mean without its spread: the largest SD the scale allows."""
    return Summary(mean, (scale_max - scale_min) / 2, n, MEAN_BOUND)


def mean_interval(summary: Summary) -> Estimate:
    """The t-interval of a mean; with one respondent the interval is the whole line."""
    if summary.n < 2:
        return Estimate(summary.mean, -math.inf, math.inf, summary.n, summary.method)
    t = float(stats.t.ppf(0.5 + CONFIDENCE / 2, summary.n - 1))
    half = t * summary.sd / math.sqrt(summary.n)
    return Estimate(
        summary.mean, summary.mean - half, summary.mean + half, summary.n, summary.method
    )


def share_interval(successes: float, n: int) -> Estimate:
    """Wilson's score interval of `successes` out of `n` (successes may be p·n)."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = successes / n
    z2 = _Z * _Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), n, SHARE_WILSON)


def mean_gap(first: Summary, second: Summary) -> Gap:
    """Welch's interval of first.mean − second.mean."""
    if first.n < 2 or second.n < 2:
        raise ValueError("each group needs at least two respondents")
    v1, v2 = first.sd**2 / first.n, second.sd**2 / second.n
    difference = first.mean - second.mean
    se = math.sqrt(v1 + v2)
    if se == 0:
        return Gap(difference, difference, difference, GAP_WELCH)
    df = (v1 + v2) ** 2 / (v1**2 / (first.n - 1) + v2**2 / (second.n - 1))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, df)) * se
    return Gap(difference, difference - half, difference + half, GAP_WELCH)


def share_gap(first: Estimate, second: Estimate) -> Gap:
    """Newcombe's hybrid score interval of first.value − second.value (two Wilson
    intervals in, method 10 of Newcombe 1998)."""
    p1, p2 = first.value, second.value
    difference = p1 - p2
    lower = math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2)
    upper = math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2)
    return Gap(difference, difference - lower, difference + upper, GAP_NEWCOMBE)
