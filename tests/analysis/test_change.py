"""Change detection: one-sided Poisson p-values, Benjamini–Hochberg, and the rules
for what may be flagged. Expected values are worked out by hand, not with scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from samordna.analysis.change import (
    benjamini_hochberg,
    change_direction,
    flag_increases,
    poisson_increase_p,
)


def poisson_at_least(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean), from the definition."""
    below = sum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(count))
    return 1 - below


def test_p_is_the_poisson_tail_at_the_count():
    # 7 reports where 2 are usual: p = 1 - sum_{k<7} e^-2 2^k / k! ≈ 0.0045.
    p = poisson_increase_p([7, 2, 4], [2.0, 2.0, 1.5])
    assert p[0] == pytest.approx(poisson_at_least(7, 2.0), rel=1e-12)
    assert p[0] == pytest.approx(0.004534, abs=1e-6)
    assert p[1] == pytest.approx(poisson_at_least(2, 2.0), rel=1e-12)
    assert p[2] == pytest.approx(poisson_at_least(4, 1.5), rel=1e-12)


def test_a_count_of_zero_has_p_one():
    assert poisson_increase_p([0, 0], [0.0, 3.0]).tolist() == [1.0, 1.0]


def test_a_zero_baseline_is_raised_to_the_floor():
    # Without the floor every count >= 1 against a baseline of 0 would have p = 0.
    p = poisson_increase_p([1, 3, 3], [0.0, 0.0, 0.2])
    assert p[0] == pytest.approx(1 - math.exp(-0.5), rel=1e-12)
    assert p[1] == pytest.approx(poisson_at_least(3, 0.5), rel=1e-12)
    assert p[2] == pytest.approx(p[1], rel=1e-12)  # 0.2 is below the floor too
    stricter = poisson_increase_p([3], [0.0], baseline_floor=1.0)
    assert stricter[0] == pytest.approx(poisson_at_least(3, 1.0), rel=1e-12)


def test_the_floor_leaves_larger_baselines_alone():
    assert poisson_increase_p([5], [2.0], baseline_floor=0.5)[0] == pytest.approx(
        poisson_at_least(5, 2.0), rel=1e-12
    )


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
    baselines = [3.0] * 10
    result = flag_increases(counts, baselines)
    assert result.flagged.tolist() == [True] + [False] * 9
    assert result.p[0] == pytest.approx(poisson_at_least(14, 3.0), rel=1e-12)
    assert (result.q >= result.p).all()


def test_the_correction_covers_all_cells():
    alone = flag_increases([7], [2.0])
    among_many = flag_increases([7] + [2] * 99, [2.0] * 100)
    assert alone.flagged[0]
    assert alone.q[0] == pytest.approx(alone.p[0])
    assert not among_many.flagged[0]  # 0.0045 * 100 / 1 > 0.05


def test_counts_below_min_count_are_never_flagged():
    # Two reports where there are usually none at all: p ≈ 5e-5, but two is two.
    p = poisson_increase_p([2], [0.0], baseline_floor=0.01)[0]
    assert p == pytest.approx(poisson_at_least(2, 0.01), rel=1e-12)
    assert not flag_increases([2], [0.0], baseline_floor=0.01).flagged[0]
    assert flag_increases([2], [0.0], baseline_floor=0.01, min_count=2).flagged[0]


def test_only_increases_are_flagged():
    # With a lax alpha the p-value alone would flag all three; only the increase counts.
    result = flag_increases([5, 6, 9], [6.0, 6.0, 6.0], alpha=0.99)
    assert (result.q < 0.99).all()
    assert result.flagged.tolist() == [False, False, True]


def test_results_keep_the_input_order():
    result = flag_increases([3, 20, 4], [3.0, 3.0, 3.0])
    assert result.flagged.tolist() == [False, True, False]
    assert result.p[1] < result.p[2] < result.p[0]


def test_empty_input_gives_empty_results():
    result = flag_increases([], [])
    assert result.p.shape == result.q.shape == result.flagged.shape == (0,)


@pytest.mark.parametrize(
    ("counts", "baselines", "message"),
    [
        ([1, 2], [1.0], "differ in length"),
        ([-1], [1.0], "counts must not be negative"),
        ([1], [-0.5], "baselines must not be negative"),
        ([1.5], [1.0], "whole numbers"),
        ([1], [float("nan")], "finite"),
        ([[1, 2]], [[1.0, 2.0]], "one-dimensional"),
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
        ({"baseline_floor": 0.0}, "baseline_floor"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        flag_increases([3], [1.0], **options)


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
