"""More than usual this period? Change flags for the situation picture.

Each cell (area x category) has this period's count and its history: its counts in the
comparable earlier periods. The question a coordinator asks is "is this more than
usual?", and the earlier test (this week against the mean of four weeks, as if that
mean were the true Poisson rate) answered yes on noise: the mean of four weeks is itself
uncertain, and real counts vary more than Poisson (overdispersion), so 14 % (Poisson) to
92 % (negative binomial, k = 2) of weeks with no change at all raised a flag.

The method here is the improved Farrington method of public-health surveillance
(Noufaily et al. 2013, Stat Med 32:1206), vectorised over the cells:

- **Baseline.** A log-linear model of the comparable periods (for a week: the same
  week ± 3 in up to five earlier years; while the history is shorter, every available
  earlier week). Without a trend its fit is the weighted mean, closed-form, so all cells
  are fitted at once. A linear trend (on the years) is fitted with statsmodels'
  quasi-Poisson GLM only with at least three years of history, only for the cells that
  the test flags without it (the cheap pre-filter: a trend is only ever used to raise
  the expected count, so no other cell can become flagged), and kept only when
  significant, when it does not predict above the largest past count (Farrington's
  rule), and when it raises the expected count: a falling trend fitted on noise would
  lower the bar for every cell it touches.
- **Past outbreaks.** Periods whose Anscombe residual exceeds 2.58 are down-weighted by
  1/residual^2 (Noufaily's reweighting), so last spring's outbreak does not hide this
  spring's.
- **Overdispersion** as a negative binomial, variance = mean + theta * mean^2, with one
  theta for all the cells (method of moments over every cell's history): a single cell's
  handful of small counts cannot tell its tail, and a per-cell quasi-Poisson dispersion
  (Farrington's) flagged 21 % of stationary weeks at k = 2 in our simulation.
- **The test carries the baseline's uncertainty.** p is the larger of two p-values, each
  valid alone: the conditional test (given this period's y and the baseline's weighted
  total S, y is binomial (y + S, share) under "as usual", share = 1 / (n + 1) without a
  trend: exact for Poisson counts however short the history; overdispersion enters by
  dividing both counts by phi = 1 + theta * mean, as in quasi-likelihood) and the upper
  tail of the negative binomial matched to the prediction (the count's variance plus the
  baseline mean's). The mean under "as usual" includes this period (as a score test's
  does), so a baseline of zeros does not make three reports look impossible.
- **Many cells.** Benjamini–Hochberg over all cells; with no change anywhere this keeps
  the chance of any flag in a week at alpha (tests/analysis/test_change_calibration.py
  simulates it). A cell is flagged only when q < alpha, its count is at least
  `min_count` and above its expected count, and it has at least `min_periods` periods of
  history (fewer: no flag). While the history is short the caller gives a floor for
  theta (the conservative fallback).

Plain numpy in and out, in the order given; the caller labels the cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import betainc
from scipy.stats import false_discovery_control, nbinom

Direction = Literal["up", "down", "same"]
OUTBREAK_RESIDUAL = 2.58  # Noufaily et al.: past periods above this are down-weighted
TREND_YEARS = 3  # a trend term only with at least this many years of history
TREND_ALPHA = 0.05  # ... and only when the trend itself is significant at this level


@dataclass(frozen=True)
class ChangeFlags:
    """Per-cell results, in the order of the input.

    `p`: one-sided p-value of "more than usual"; `q`: Benjamini–Hochberg adjusted over all
    cells; `flagged`: q < alpha, count > expected and count >= min_count. `expected`: the
    count the baseline predicts for this period; `dispersion`: phi (1 = Poisson);
    `periods`: the number of earlier periods the baseline rests on.
    """

    p: NDArray[np.float64]
    q: NDArray[np.float64]
    flagged: NDArray[np.bool_]
    expected: NDArray[np.float64]
    dispersion: NDArray[np.float64]
    periods: int


def _as_array(values: ArrayLike, name: str, ndim: int) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got {array.ndim}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite numbers (no NaN or infinity)")
    if (array < 0).any():
        raise ValueError(f"{name} must not be negative")
    return array


def _whole(array: NDArray[np.float64], name: str) -> None:
    if (array != np.floor(array)).any():
        raise ValueError(f"{name} must be whole numbers")


def _check_options(alpha: float, min_count: int, overdispersion: float) -> None:
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}")
    if min_count < 0:
        raise ValueError(f"min_count must not be negative, got {min_count}")
    if not (np.isfinite(overdispersion) and overdispersion >= 0):
        raise ValueError(f"the overdispersion must not be negative, got {overdispersion}")


def conditional_p(
    counts: NDArray[np.float64],
    baseline_totals: NDArray[np.float64],
    share: NDArray[np.float64] | float,
    dispersion: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """P(X >= y / phi) for X ~ Binomial((y + S) / phi, share), per cell.

    For phi = 1 this is the exact conditional test of two Poisson counts (this period's
    y against the baseline total S): I_share(y, S + 1), the regularised incomplete beta
    function. A count of 0 has p = 1.
    """
    k = counts / dispersion
    rest = baseline_totals / dispersion
    p = np.ones_like(counts)
    positive = counts > 0
    share_array = np.broadcast_to(np.asarray(share, dtype=np.float64), counts.shape)
    p[positive] = betainc(k[positive], rest[positive] + 1, share_array[positive])
    return np.asarray(np.clip(p, 0.0, 1.0), dtype=np.float64)


def predictive_p(
    counts: NDArray[np.float64],
    mean: NDArray[np.float64],
    overdispersion: float,
    periods: int,
) -> NDArray[np.float64]:
    """P(Y >= y) for the negative binomial matched to the prediction's mean and variance:
    the count's own variance mean + theta * mean^2 (theta = 1/k), plus the baseline
    mean's, that variance over the number of baseline periods. A count of 0 has p = 1."""
    variance = (mean + overdispersion * mean**2) * (1 + 1 / periods)
    size = mean**2 / np.maximum(variance - mean, 1e-12)
    p = np.ones_like(counts)
    positive = (counts > 0) & (mean > 0)
    sizes, means = size[positive], mean[positive]
    p[positive] = nbinom.sf(counts[positive] - 1, sizes, sizes / (sizes + means))
    return np.asarray(np.clip(p, 0.0, 1.0), dtype=np.float64)


def _increase_p(
    counts: NDArray[np.float64],
    totals: NDArray[np.float64],
    share: NDArray[np.float64],
    overdispersion: float,
    periods: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The larger of the two p-values (each valid alone; the conditional one is exact for
    Poisson counts, the predictive one has the negative binomial's heavier tail; with no
    overdispersion the conditional one alone), and phi. The mean under "as usual" is
    estimated with this period included (the mean under the null hypothesis, as a score
    test does), so a short history or a baseline of zeros does not make a small count
    look impossible."""
    null_mean = share * (totals + counts)
    phi = 1 + overdispersion * null_mean
    p = conditional_p(counts, totals, share, phi)
    if overdispersion > 0:  # for Poisson counts the conditional test is exact alone
        p = np.maximum(p, predictive_p(counts, null_mean, overdispersion, periods))
    return p, phi


def flag_increases(
    counts: ArrayLike,
    baselines: ArrayLike,
    *,
    alpha: float = 0.05,
    min_count: int = 3,
    periods: int = 1,
    overdispersion: float = 0.0,
) -> ChangeFlags:
    """Flag the cells whose count is more than their baseline explains, when all that is
    known of the baseline is its mean over `periods` earlier periods (a single earlier
    period by default: last tertial, or the same tertial last year).

    The test of `exceedances` with the baseline's uncertainty from its `periods` and a
    given overdispersion theta = 1/k (0: Poisson); Benjamini–Hochberg over all cells.
    Use `exceedances` when the history itself is at hand.
    """
    _check_options(alpha, min_count, overdispersion)
    if periods < 1:
        raise ValueError(f"periods must be at least 1, got {periods}")
    count_array = _as_array(counts, "counts", 1)
    baseline_array = _as_array(baselines, "baselines", 1)
    if count_array.shape != baseline_array.shape:
        raise ValueError(
            f"counts and baselines differ in length: {len(count_array)} and {len(baseline_array)}"
        )
    _whole(count_array, "counts")
    share = np.full_like(count_array, 1 / (periods + 1))
    p, phi = _increase_p(count_array, baseline_array * periods, share, overdispersion, periods)
    return _flags(p, count_array, baseline_array, (alpha, min_count), phi, periods)


def _flags(
    p: NDArray[np.float64],
    counts: NDArray[np.float64],
    expected: NDArray[np.float64],
    limits: tuple[float, int],
    dispersion: NDArray[np.float64],
    periods: int,
) -> ChangeFlags:
    alpha, min_count = limits
    q = benjamini_hochberg(p)
    flagged = (q < alpha) & (counts > expected) & (counts >= min_count)
    return ChangeFlags(
        p=p, q=q, flagged=flagged, expected=expected, dispersion=dispersion, periods=periods
    )


def exceedances(
    counts: ArrayLike,
    history: ArrayLike,
    *,
    years: ArrayLike | None = None,
    alpha: float = 0.05,
    min_count: int = 3,
    overdispersion_floor: float = 0.0,
    min_periods: int = 8,
) -> ChangeFlags:
    """Flag the cells whose count this period is more than usual (module docstring).

    `history` is cells x earlier periods (the comparable periods only, all with data).
    `years`, one number per history column (how many years before this period, e.g. 1
    for last year), allows a trend term when it spans at least TREND_YEARS years.
    With fewer than `min_periods` columns nothing is flagged (p = 1).
    """
    _check_options(alpha, min_count, overdispersion_floor)
    count_array = _as_array(counts, "counts", 1)
    raw = np.asarray(history, dtype=np.float64)
    if raw.size == 0:  # no cells, or no earlier periods
        raw = raw.reshape(count_array.size, 0)
    history_array = _as_array(raw, "history", 2)
    if history_array.shape[0] != count_array.size:
        raise ValueError(
            f"history must have one row per count ({count_array.size}), got {raw.shape[0]}"
        )
    _whole(count_array, "counts")
    n = history_array.shape[1]
    if n < max(min_periods, 2):
        mean = history_array.mean(axis=1) if n else np.zeros_like(count_array)
        ones = np.ones_like(count_array)
        return _flags(ones, count_array, mean, (alpha, min_count), ones, n)
    theta = max(pooled_overdispersion(history_array), overdispersion_floor)
    mean, weights = fit_constant(history_array, theta)
    totals = (weights * history_array).sum(axis=1)
    share = np.full_like(mean, 1 / (n + 1))
    p, phi = _increase_p(count_array, totals, share, theta, n)
    flags = _flags(p, count_array, mean, (alpha, min_count), phi, n)
    if years is None or not flags.flagged.any():
        return flags
    # A trend can only raise the bar (see _with_trend), so only a cell flagged without
    # one can change: the GLMs are fitted for those few cells, not for every cell.
    expected, share = _with_trend(
        history_array, weights, np.asarray(years, dtype=np.float64), flags.flagged, mean
    )
    p, phi = _increase_p(count_array, totals, share, theta, n)
    return _flags(p, count_array, expected, (alpha, min_count), phi, n)


def pooled_overdispersion(history: NDArray[np.float64]) -> float:
    """theta = 1/k of a negative binomial common to all cells (variance = mean + theta *
    mean^2), by the method of moments over every cell: one cell's few small counts say
    next to nothing about its tail, all cells together do."""
    if history.shape[1] < 2 or history.size == 0:
        return 0.0
    mean = history.mean(axis=1)
    excess = float((history.var(axis=1, ddof=1) - mean).sum())
    scale = float((mean**2).sum())
    return max(excess / scale, 0.0) if scale > 0 else 0.0


def fit_constant(
    history: NDArray[np.float64], overdispersion: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The intercept-only fit of every row, reweighted once for past outbreaks: (mean,
    weights), the weights of a row summing to its number of periods."""
    n = history.shape[1]
    weights = np.ones_like(history)
    mean = history.mean(axis=1)
    phi = 1 + overdispersion * mean
    residual = _anscombe(history, mean, phi) / np.sqrt(1 - 1 / n)
    outbreak = residual > OUTBREAK_RESIDUAL
    if outbreak.any():
        weights = np.where(outbreak, 1 / np.maximum(residual, 1) ** 2, 1.0)
        weights *= n / weights.sum(axis=1, keepdims=True)
        mean = (weights * history).sum(axis=1) / n
    return mean, weights


def _anscombe(
    history: NDArray[np.float64], mean: NDArray[np.float64], phi: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Anscombe residuals of a quasi-Poisson fit (0 where the mean is 0)."""
    centre = mean[:, np.newaxis]
    scale = np.sqrt(phi)[:, np.newaxis] * np.where(centre > 0, centre, 1.0) ** (1 / 6)
    residual = 1.5 * (history ** (2 / 3) - centre ** (2 / 3)) / scale
    return np.asarray(np.where(centre > 0, residual, 0.0), dtype=np.float64)


def _with_trend(
    history: NDArray[np.float64],
    weights: NDArray[np.float64],
    years: NDArray[np.float64],
    candidates: NDArray[np.bool_],
    mean: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Expected counts and conditional shares, with a trend where it is warranted."""
    n = history.shape[1]
    expected, share = mean.copy(), np.full_like(mean, 1 / (n + 1))
    if years.shape != (n,):
        raise ValueError(f"years must give one number per history column ({n}), got {years.shape}")
    if np.unique(years).size < TREND_YEARS:
        return expected, share
    for row in np.nonzero(candidates)[0]:
        predicted = _trend_prediction(history[row], weights[row], years)
        # Only a rising trend is used: a falling one fitted on noise lowers the bar, and
        # flagged 6 % of stationary weeks (negative binomial, k = 2) in our simulation.
        if predicted is not None and predicted > mean[row]:
            total = float((weights[row] * history[row]).sum())
            expected[row] = predicted
            share[row] = predicted / (predicted + total)
    return expected, share


def _trend_prediction(
    counts: NDArray[np.float64], weights: NDArray[np.float64], years: NDArray[np.float64]
) -> float | None:
    """This period's mean under a log-linear trend in the years (statsmodels' quasi-Poisson
    GLM), or None when the trend is not significant or predicts beyond the past maximum."""
    import statsmodels.api as sm  # imported late: only a long history with a candidate needs it

    if counts.sum() == 0:
        return None
    design = np.column_stack([np.ones_like(years), -years])  # time runs forward to 0 = now
    try:
        fit = sm.GLM(counts, design, family=sm.families.Poisson(), var_weights=weights).fit(
            scale="X2"
        )
    except (ValueError, np.linalg.LinAlgError):  # a degenerate history: no trend
        return None
    if not float(fit.pvalues[1]) < TREND_ALPHA:
        return None
    predicted = float(np.exp(fit.params[0]))
    return predicted if 0 < predicted <= counts.max() else None


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
