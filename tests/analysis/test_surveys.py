"""Survey estimates against hand-computed values (and published examples)."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from samordna.analysis import surveys as s


def test_mean_interval_is_the_t_interval():
    # mean 3, s = sqrt(2.5), se = sqrt(0.5); t(0.975, 4) = 2.776445
    estimate = s.mean_interval(s.summarise([1, 2, 3, 4, 5]))

    assert estimate.value == pytest.approx(3.0)
    assert estimate.low == pytest.approx(3 - 2.776445 * math.sqrt(0.5), abs=1e-5)
    assert estimate.high == pytest.approx(1 + 3.963243, abs=1e-5)
    assert estimate.margin == pytest.approx(1.963243, abs=1e-5)
    assert estimate.n == 5


def test_summarise_leaves_out_missing_answers():
    summary = s.summarise([1.0, float("nan"), 3.0])

    assert (summary.mean, summary.n) == (2.0, 2)
    assert summary.sd == pytest.approx(math.sqrt(2))


def test_one_respondent_has_no_finite_interval():
    estimate = s.mean_interval(s.summarise([4]))

    assert math.isinf(estimate.low)
    assert math.isinf(estimate.high)


def test_wilson_interval_of_8_out_of_20():
    # Hand computation: centre 0.416114, half-width 0.197306.
    estimate = s.share_interval(8, 20)

    assert estimate.value == pytest.approx(0.4)
    assert estimate.low == pytest.approx(0.218808, abs=1e-5)
    assert estimate.high == pytest.approx(0.613420, abs=1e-5)
    assert estimate.method == s.SHARE_WILSON


def test_wilson_stays_inside_zero_and_one():
    none = s.share_interval(0, 15)
    all_ = s.share_interval(15, 15)

    assert none.low == 0.0
    assert 0 < none.high < 0.25
    assert all_.high == 1.0
    assert 0.75 < all_.low < 1


def test_welch_gap_matches_the_hand_computation_and_scipy():
    a = s.summarise([1, 2, 3, 4, 5])  # mean 3, var 2.5
    b = s.summarise([2, 4, 6, 8])  # mean 5, var 20/3
    se = math.sqrt(2.5 / 5 + (20 / 3) / 4)
    df = se**4 / ((2.5 / 5) ** 2 / 4 + ((20 / 3) / 4) ** 2 / 3)  # 4.7494
    half = stats.t.ppf(0.975, df) * se

    gap = s.mean_gap(a, b)
    oracle = stats.ttest_ind([1, 2, 3, 4, 5], [2, 4, 6, 8], equal_var=False).confidence_interval()

    assert df == pytest.approx(4.74941, abs=1e-4)
    assert gap.value == pytest.approx(-2.0)
    assert (gap.low, gap.high) == pytest.approx((-2 - half, -2 + half))
    assert (gap.low, gap.high) == pytest.approx((oracle.low, oracle.high))
    assert not gap.is_clear
    assert gap.method == s.GAP_WELCH


def test_newcombe_gap_matches_the_published_example():
    # Newcombe (1998), example (a): 56/70 − 48/80, method 10: 0.0524 to 0.3339.
    gap = s.share_gap(s.share_interval(56, 70), s.share_interval(48, 80))

    assert gap.value == pytest.approx(0.2)
    assert gap.low == pytest.approx(0.0524, abs=1e-4)
    assert gap.high == pytest.approx(0.3339, abs=1e-4)
    assert gap.is_clear
    assert gap.method == s.GAP_NEWCOMBE


def test_an_aggregate_index_uses_the_widest_spread_the_scale_allows():
    # SD bound = (6 − 0) / 2 = 3; half-width t(0.975, 99) · 3 / 10 = 1.984217 · 0.3
    summary = s.bounded_summary(3.2, 100, scale_min=0, scale_max=6)
    estimate = s.mean_interval(summary)

    assert summary.sd == 3.0
    assert estimate.margin == pytest.approx(0.595265, abs=1e-5)
    assert estimate.method == s.MEAN_BOUND


def test_the_bound_is_never_narrower_than_the_real_interval():
    answers = [0, 6] * 20  # the widest spread there is: SD ≈ 3.04 with n − 1
    real = s.mean_interval(s.summarise(answers))
    bound = s.mean_interval(s.bounded_summary(3.0, 40, scale_min=0, scale_max=6))

    assert bound.margin == pytest.approx(real.margin, rel=0.02)
    answers = [2, 3, 4] * 20
    assert s.mean_interval(s.bounded_summary(3.0, 60, scale_min=0, scale_max=6)).margin > (
        s.mean_interval(s.summarise(answers)).margin
    )


def test_gaps_need_two_respondents_per_group_and_shares_need_n():
    with pytest.raises(ValueError, match="two respondents"):
        s.mean_gap(s.summarise([1]), s.summarise([1, 2]))
    with pytest.raises(ValueError, match="positive"):
        s.share_interval(0, 0)
    with pytest.raises(ValueError, match="no answers"):
        s.summarise([])


def test_identical_groups_have_a_zero_width_gap():
    gap = s.mean_gap(s.summarise([2, 2, 2]), s.summarise([2, 2]))

    assert (gap.value, gap.low, gap.high) == (0.0, 0.0, 0.0)
