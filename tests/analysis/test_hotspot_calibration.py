"""Hot spots on simulated weeks: none where nothing is going on, one where it is.

The null: 91 points a week (the demo's week; and 900, the demo at scale 10) scattered
uniformly at random over a 10 x 8 km study area, this week and the twelve weeks of
the baseline alike. At most 5 % of weeks may show any hot spot; the check asserts the
share is below 5 % plus a one-sided binomial margin of 2.33 standard errors, which a
method that kept the promise exactly fails in 1 % of seeds. (Gi* over the same grid
found hot cells in almost every such week: a median of 2.5, up to 19.)
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from samordna.analysis.hotspots import count_cells, count_in, hot_spots

X0, Y0 = 500_000.0, 6_570_000.0  # SWEREF 99 TM, somewhere in Örebro
WIDTH, HEIGHT = 10_000.0, 8_000.0
CELL = 200.0
WEEKS = 12


def _uniform(rng, n):
    return X0 + rng.uniform(0, WIDTH, n), Y0 + rng.uniform(0, HEIGHT, n)


def _week(rng, x, y, per_week):
    bx, by = _uniform(rng, per_week * WEEKS)
    period = count_cells(x, y, CELL)
    candidates = period.candidates(3)
    return hot_spots(period, count_in(candidates, bx, by, CELL), bx.size)


@pytest.mark.parametrize(("per_week", "trials"), [(91, 500), (900, 200)])
def test_uniform_random_weeks_show_a_hot_spot_in_at_most_5_percent(per_week, trials):
    rng = np.random.default_rng(20261206)
    weeks_with = sum(
        bool(_week(rng, *_uniform(rng, per_week), per_week).clusters) for _ in range(trials)
    )
    bound = 0.05 + 2.33 * math.sqrt(0.05 * 0.95 / trials)
    assert weeks_with / trials <= bound, f"{weeks_with} of {trials} weeks had a hot spot"


def test_a_planted_cluster_is_found_as_one_cluster():
    # Given 91 uniform points and ten more within 60 m of one spot, week after week
    rng = np.random.default_rng(11)
    spot = (X0 + 5_100.0, Y0 + 4_100.0)
    found = 0
    for _ in range(200):
        x, y = _uniform(rng, 91)
        angle, radius = rng.uniform(0, 2 * np.pi, 10), 60 * np.sqrt(rng.uniform(0, 1, 10))
        x = np.concatenate([x, spot[0] + radius * np.cos(angle)])
        y = np.concatenate([y, spot[1] + radius * np.sin(angle)])
        clusters = _week(rng, x, y, 91).clusters
        # Then there is one cluster, and it holds (nearly) all the planted points.
        found += len(clusters) == 1 and sum(n >= 91 for n in clusters[0].points) >= 8
    assert found / 200 > 0.9


def test_touching_cells_are_merged_and_carry_their_points():
    # Given five points in each of two cells that share a corner, where the baseline
    # had only points far away
    x = [X0 + 50] * 5 + [X0 + 250] * 5
    y = [Y0 + 50] * 5 + [Y0 + 250] * 5
    period = count_cells(x, y, CELL)
    candidates = period.candidates(3)
    bx, by = [X0 + 5_000.0] * 60, [Y0 + 5_000.0] * 60
    # When the hot spots are found
    found = hot_spots(period, count_in(candidates, bx, by, CELL), len(bx))
    # Then the two cells are one cluster with all ten points and nothing expected.
    [cluster] = found.clusters
    assert len(cluster.cells) == 2
    assert cluster.points == list(range(10))
    assert cluster.count == 10
    assert cluster.baseline == 0
    assert cluster.expected == 0


def test_never_an_empty_or_a_thin_cell():
    # Two points in a cell are below the minimum of three: not even tested.
    period = count_cells([X0 + 1, X0 + 2], [Y0 + 1, Y0 + 2], CELL)
    assert period.candidates(3) == []
    assert hot_spots(period, [], 100).clusters == []


def test_a_busier_week_everywhere_is_no_hot_spot():
    # Given a place with its usual share, in a week with twice the reports everywhere
    rng = np.random.default_rng(5)
    x, y = _uniform(rng, 1_800)
    found = _week(rng, x, y, 900)
    # Then no place stands out: the test compares shares, not counts.
    assert found.clusters == []


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="cell_size"):
        count_cells([1.0], [1.0], 0)
    with pytest.raises(ValueError, match="finite"):
        count_cells([float("nan")], [1.0], CELL)
    period = count_cells([X0] * 3, [Y0] * 3, CELL)
    with pytest.raises(ValueError, match="one count per tested cell"):
        hot_spots(period, [1, 2], 10)
    with pytest.raises(ValueError, match="alpha"):
        hot_spots(period, [0], 10, alpha=1.0)
