"""Change detection: the conditional test, the improved Farrington baseline (outbreaks
down-weighted, a trend only when warranted), Benjamini–Hochberg, and the rules for what
may be flagged. Expected values are worked out by hand, not with scipy. The calibration
on simulated weeks is in test_change_calibration.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

from samordna.analysis.change import (
    benjamini_hochberg,
    change_direction,
    conditional_p,
    exceedances,
    fit_constant,
    flag_increases,
)


def binomial_at_least(count: int, trials: int, share: float) -> float:
    """P(X >= count) for X ~ Binomial(trials, share), from the definition."""
    return sum(
        math.comb(trials, k) * share**k * (1 - share) ** (trials - k)
        for k in range(count, trials + 1)
    )


def test_the_conditional_test_is_the_binomial_tail_of_this_period_s_share():
    # 7 now against 8 in four earlier periods: P(Bin(15, 1/5) >= 7) ≈ 0.018.
    p = conditional_p(np.array([7.0, 0.0]), np.array([8.0, 5.0]), 0.2, 1.0)
    assert p[0] == pytest.approx(binomial_at_least(7, 15, 0.2), rel=1e-9)
    assert p[1] == 1.0  # a count of zero is never more than usual


def test_overdispersion_shrinks_the_evidence():
    counts, totals = np.array([7.0]), np.array([8.0])
    assert conditional_p(counts, totals, 0.2, 2.0)[0] > conditional_p(counts, totals, 0.2, 1.0)[0]


def test_one_earlier_period_says_little():
    # 7 against 2 last period: P(Bin(9, 1/2) >= 7) = 46/512 ≈ 0.09, before the negative
    # binomial side; the earlier test called this p = 0.0045, "more than chance".
    result = flag_increases([7], [2.0])
    assert result.p[0] >= 46 / 512 - 1e-12
    assert not result.flagged[0]


def test_benjamini_hochberg_against_a_hand_worked_example():
    # Sorted: 0.005, 0.01, 0.03, 0.04, 0.20; times m/rank (m = 5): 0.025, 0.025,
    # 0.05, 0.05, 0.20; running minimum from the largest down changes nothing.
    q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.005, 0.20]))
    assert q == pytest.approx([0.025, 0.05, 0.05, 0.025, 0.20], abs=1e-12)


def test_benjamini_hochberg_takes_the_running_minimum():
    # 0.04 * 3/2 = 0.06 exceeds 0.045 * 3/3 = 0.045, so rank 2 takes 0.045.
    q = benjamini_hochberg(np.array([0.045, 0.04, 0.001]))
    assert q == pytest.approx([0.045, 0.045, 0.003], abs=1e-12)


def test_a_clear_increase_among_steady_cells_is_flagged():
    counts = [14, 3, 2, 4, 3, 2, 3, 5, 2, 3]  # one cell jumps, the rest wobble
    result = flag_increases(counts, [3.0] * 10, periods=8)
    assert result.flagged.tolist() == [True] + [False] * 9
    # Never below the exact conditional test: 14 of 38 with share 1/9.
    assert result.p[0] >= binomial_at_least(14, 38, 1 / 9) - 1e-12
    assert (result.q >= result.p).all()


def test_the_correction_covers_all_cells():
    alone = flag_increases([9], [2.0], periods=12)
    among_many = flag_increases([9] + [2] * 99, [2.0] * 100, periods=12)
    assert alone.flagged[0]
    assert alone.q[0] == pytest.approx(alone.p[0])
    assert not among_many.flagged[0]


def test_counts_below_min_count_are_never_flagged():
    # Two reports where a year of weeks had none: p ≈ 4e-4, but two is two.
    assert not flag_increases([2], [0.0], periods=52).flagged[0]
    assert flag_increases([2], [0.0], periods=52, min_count=2).flagged[0]


def test_only_increases_are_flagged():
    # With a lax alpha the p-value alone would flag all three; only the increase counts.
    result = flag_increases([5, 6, 9], [6.0, 6.0, 6.0], alpha=0.99)
    assert (result.q < 0.99).all()
    assert result.flagged.tolist() == [False, False, True]


def test_results_keep_the_input_order():
    result = flag_increases([3, 20, 4], [3.0, 3.0, 3.0], periods=8)
    assert result.flagged.tolist() == [False, True, False]
    assert result.p[1] < result.p[2] < result.p[0]


def test_empty_input_gives_empty_results():
    result = flag_increases([], [])
    assert result.p.shape == result.q.shape == result.flagged.shape == (0,)
    assert exceedances([], []).p.shape == (0,)


def test_a_past_outbreak_is_down_weighted():
    # Given nine ordinary weeks and one outbreak of 30
    mean, weights = fit_constant(np.array([[2, 3, 2, 2, 3, 2, 2, 3, 2, 30.0]]), 0.0)
    # Then the outbreak weighs little, and the usual level stays near the ordinary weeks.
    assert weights[0, -1] < 0.05
    assert weights[0].sum() == pytest.approx(10)
    assert 2 < mean[0] < 2.5  # the plain mean would be 5.1


def test_a_history_too_short_never_flags():
    result = exceedances([20], [[0, 1, 0]], min_periods=8)
    assert result.p.tolist() == [1.0]
    assert not result.flagged.any()


def test_a_rising_trend_raises_the_bar():
    # Given five years of the same seven weeks, rising from about 8 to about 20 a week
    rng = np.random.default_rng(3)
    levels = {5: 8, 4: 10, 3: 13, 2: 16, 1: 20}
    years = [b for b in levels for _ in range(7)]
    history = np.array([rng.poisson(levels[b]) for b in years], dtype=float)
    # When this week has 36
    flat = exceedances([36], [history])
    trend = exceedances([36], [history], years=years)
    # Then against the five-year mean (13) it is flagged, against the trend (about 25) not.
    assert flat.flagged[0]
    assert history.mean() < trend.expected[0] <= history.max()
    assert not trend.flagged[0]


def test_a_trend_needs_three_years():
    history = np.array([[8.0] * 7 + [20.0] * 7])
    result = exceedances([36], history, years=[2] * 7 + [1] * 7)
    assert result.expected[0] == pytest.approx(history.mean(), rel=0.2)


@pytest.mark.parametrize(
    ("counts", "baselines", "message"),
    [
        ([1, 2], [1.0], "differ in length"),
        ([-1], [1.0], "counts must not be negative"),
        ([1], [-0.5], "baselines must not be negative"),
        ([1.5], [1.0], "whole numbers"),
        ([1], [float("nan")], "finite"),
        ([[1, 2]], [[1.0, 2.0]], "dimension"),
    ],
)
def test_bad_input_is_refused(counts, baselines, message):
    with pytest.raises(ValueError, match=message):
        flag_increases(counts, baselines)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"alpha": 0.0}, "alpha"),
        ({"alpha": 1.0}, "alpha"),
        ({"min_count": -1}, "min_count"),
        ({"overdispersion": -0.5}, "overdispersion"),
        ({"periods": 0}, "periods"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        flag_increases([3], [1.0], **options)


def test_a_history_of_the_wrong_height_is_refused():
    with pytest.raises(ValueError, match="one row per count"):
        exceedances([1, 2], [[1.0] * 8])


@pytest.mark.parametrize(
    ("count", "reference", "expected"),
    [
        (11, 10, "same"),  # +10 % is within the tolerance
        (9, 10, "same"),
        (12, 10, "up"),
        (8, 10, "down"),
        (0, 0, "same"),
        (1, 0, "up"),
        (0, 4, "down"),
    ],
)
def test_change_direction(count, reference, expected):
    assert change_direction(count, reference) == expected


def test_change_direction_tolerance_and_errors():
    assert change_direction(11, 10, tolerance=0.05) == "up"
    assert change_direction(10, 10, tolerance=0) == "same"
    with pytest.raises(ValueError, match="negative"):
        change_direction(-1, 10)
    with pytest.raises(ValueError, match="tolerance"):
        change_direction(1, 10, tolerance=-0.1)
