"""Gi* hot spots on a metric grid: by hand on a 3x3 grid, and equal to esda (the
oracle) on random grids, every cell included."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from esda import G_Local
from libpysal.weights import DistanceBand

from samordna.analysis.gi_star import MAX_CELLS, GiStarGrid, gi_star_grid

X0, Y0 = 510_000.0, 6_570_000.0  # Örebro in SWEREF 99 TM


def points_for(counts: np.ndarray, cell_size: float, rng: np.random.Generator):
    """Points placed at random inside each cell, as many as `counts` says."""
    rows, cols = np.nonzero(counts)
    repeats = counts[rows, cols]
    rows, cols = np.repeat(rows, repeats), np.repeat(cols, repeats)
    # Stay off the cell edges so that float rounding cannot move a point.
    x = X0 + (cols + rng.uniform(0.01, 0.99, cols.size)) * cell_size
    y = Y0 + (rows + rng.uniform(0.01, 0.99, rows.size)) * cell_size
    return x, y


def grid_of(counts: np.ndarray, cell_size: float, radius: float, seed: int = 0) -> GiStarGrid:
    ny, nx = counts.shape
    x, y = points_for(counts, cell_size, np.random.default_rng(seed))
    bounds = (X0, Y0, X0 + nx * cell_size, Y0 + ny * cell_size)
    return gi_star_grid(x, y, cell_size, radius, bounds=bounds)


def esda_z(grid: GiStarGrid) -> np.ndarray:
    """esda's Gi* z on the same grid: every cell, weights from the cell centres."""
    ny, nx = grid.shape
    cols, rows = np.meshgrid(np.arange(nx), np.arange(ny))
    centres = np.column_stack(
        [
            grid.x0 + (cols.ravel() + 0.5) * grid.cell_size,
            grid.y0 + (rows.ravel() + 0.5) * grid.cell_size,
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # islands when radius < cell_size
        w = DistanceBand(centres, threshold=grid.radius, binary=True, silence_warnings=True)
        local = G_Local(grid.counts.ravel(), w, transform="B", star=True, permutations=0)
    return np.asarray(local.Zs).reshape(grid.shape)


def test_the_centre_cell_of_a_3x3_grid_by_hand():
    counts = np.array([[0, 1, 0], [2, 5, 1], [0, 1, 0]])
    grid = grid_of(counts, cell_size=100, radius=100)  # the cell and its 4 edge neighbours
    values = [0, 1, 0, 2, 5, 1, 0, 1, 0]
    n = len(values)
    mean = sum(values) / n
    s = math.sqrt(sum(v * v for v in values) / n - mean**2)
    # Gi*_i = (sum_j w_ij x_j - mean * W_i) / (s * sqrt((n * sum_j w_ij^2 - W_i^2) / (n - 1)))
    centre = (5 + 1 + 2 + 1 + 1 - mean * 5) / (s * math.sqrt((n * 5 - 5**2) / (n - 1)))
    corner = (0 + 1 + 2 - mean * 3) / (s * math.sqrt((n * 3 - 3**2) / (n - 1)))
    assert grid.counts.tolist() == counts.tolist()
    assert grid.z[1, 1] == pytest.approx(centre, abs=1e-12)
    assert grid.z[1, 1] == pytest.approx(40 / math.sqrt(470), abs=1e-12)
    assert grid.z[0, 0] == pytest.approx(corner, abs=1e-12)


@pytest.mark.parametrize(
    ("seed", "shape", "cell_size", "radius"),
    [
        (1, (12, 15), 100, 200),
        (2, (20, 9), 100, 150),  # the 8 surrounding cells
        (3, (10, 10), 100, 100),  # edge neighbours only
        (4, (11, 13), 100, 60),  # radius < cell_size: only the cell itself
        (5, (30, 25), 50, 180),
        (6, (7, 40), 250, 1000),
    ],
)
def test_z_equals_esda_on_random_grids(seed, shape, cell_size, radius):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.gamma(0.5, 4, shape))  # clustered: many zeros, some piles
    grid = grid_of(counts, cell_size, radius, seed)
    assert grid.counts.tolist() == counts.tolist()
    assert np.abs(grid.z - esda_z(grid)).max() < 1e-9


def test_z_equals_esda_with_an_all_zero_row_and_unbounded_grid():
    rng = np.random.default_rng(7)
    counts = rng.poisson(2.0, (9, 12))
    counts[4, :] = 0
    counts[0, 0] = counts[-1, -1] = 3  # non-empty corners: the unbounded grid is the same
    x, y = points_for(counts, 100, rng)
    grid = gi_star_grid(x, y, 100, 220)
    assert (grid.x0, grid.y0) == (X0, Y0)
    assert grid.counts.tolist() == counts.tolist()
    assert np.abs(grid.z - esda_z(grid)).max() < 1e-9


def test_a_dense_cluster_is_hot_and_reported_from_its_centre():
    rng = np.random.default_rng(8)
    counts = rng.poisson(1.0, (20, 20))
    counts[12, 5] = 40
    grid = grid_of(counts, cell_size=100, radius=150, seed=8)
    cells = grid.hot_cells()
    cluster = [cell for cell in cells if (cell.x, cell.y) == (X0 + 550, Y0 + 1250)]
    assert len(cluster) == 1, "the cluster's cell should be hot, reported by its centre"
    assert cluster[0].count == 40
    assert cluster[0].q < 0.05
    assert cluster[0].z == grid.z[12, 5]
    assert [cell.z for cell in cells] == sorted((cell.z for cell in cells), reverse=True)
    assert grid.hot.sum() == len(cells)
    # One-sided normal tail: p = P(Z >= z) = erfc(z / sqrt(2)) / 2.
    expected_p = [math.erfc(z / math.sqrt(2)) / 2 for z in grid.z.ravel()]
    assert grid.p.ravel() == pytest.approx(expected_p, rel=1e-12)


def test_hot_needs_both_a_small_q_and_a_positive_z():
    rng = np.random.default_rng(9)
    grid = grid_of(rng.poisson(3.0, (15, 15)), cell_size=100, radius=200)
    assert np.array_equal(grid.hot, (grid.q < 0.05) & (grid.z > 0))
    assert (grid.q >= grid.p - 1e-15).all()


@pytest.mark.parametrize("counts", [np.full((4, 5), 2), np.zeros((4, 5), dtype=int)])
def test_zero_variance_gives_no_hot_spots(counts):
    grid = grid_of(counts, cell_size=100, radius=200)
    assert (grid.z == 0).all()
    assert (grid.p == 1).all()
    assert not grid.hot.any()
    assert grid.hot_cells() == []


def test_no_points_and_no_bounds_give_an_empty_grid():
    grid = gi_star_grid([], [], 100, 200)
    assert grid.shape == (0, 0)
    assert grid.hot_cells() == []


def test_a_neighbourhood_covering_the_whole_grid_gives_z_zero():
    # Every cell is a neighbour of every other: nothing stands out (esda gives NaN).
    grid = grid_of(np.array([[0, 9], [1, 2]]), cell_size=100, radius=1000)
    assert (grid.z == 0).all()
    assert (grid.p == 1).all()


def test_the_grid_origin_is_rounded_down_to_whole_cells():
    grid = gi_star_grid([510_037.0, 510_420.0], [6_570_990.0, 6_571_010.0], 100, 0)
    assert (grid.x0, grid.y0) == (510_000.0, 6_570_900.0)
    assert grid.shape == (2, 5)
    assert grid.counts[0, 0] == grid.counts[1, 4] == 1


def test_bounds_fix_the_grid_and_drop_points_outside():
    x = [X0 + 50, X0 + 250, X0 + 300, X0 - 1, X0 + 50, 1e300]
    y = [Y0 + 50, Y0 + 150, Y0 + 200, Y0 + 50, Y0 + 201, Y0]
    grid = gi_star_grid(x, y, 100, 0, bounds=(X0, Y0, X0 + 300, Y0 + 200))
    assert (grid.x0, grid.y0) == (X0, Y0)
    assert grid.shape == (2, 3)
    # The point on the far corner (xmax, ymax) counts in the last cell; the points
    # outside (west of xmin, north of ymax, absurdly far east) do not count at all.
    assert grid.counts.tolist() == [[1, 0, 0], [0, 0, 2]]


@pytest.mark.parametrize(
    ("x", "y", "options", "message"),
    [
        ([1.0], [1.0], {"cell_size": 0}, "cell_size"),
        ([1.0], [1.0], {"cell_size": float("nan")}, "cell_size"),
        ([1.0], [1.0], {"radius": -1}, "radius"),
        ([1.0], [1.0], {"alpha": 1.5}, "alpha"),
        ([1.0, 2.0], [1.0], {}, "differ in length"),
        ([float("inf")], [1.0], {}, "finite"),
        ([[1.0]], [[1.0]], {}, "one-dimensional"),
        ([1.0], [1.0], {"bounds": (0, 0, 0, 10)}, "bounds"),
        ([1.0], [1.0], {"bounds": (0, 0, float("nan"), 10)}, "bounds"),
        ([0.0, 100_000.0], [0.0, 100_000.0], {"cell_size": 10}, "cells"),
    ],
)
def test_bad_input_is_refused(x, y, options, message):
    arguments = {"cell_size": 100, "radius": 200, **options}
    with pytest.raises(ValueError, match=message):
        gi_star_grid(x, y, **arguments)


def test_the_size_limit_is_checked_before_allocating():
    side = math.isqrt(MAX_CELLS) + 1
    with pytest.raises(ValueError, match="more than"):
        gi_star_grid([0.0], [0.0], 1, 0, bounds=(0, 0, side, side))


def test_a_neighbourhood_too_large_for_the_grid_is_refused():
    # 2,000 x 2,000 cells of 10 m with a 1 km radius: 201 x 201 kernel cells each.
    with pytest.raises(ValueError, match="too large a neighbourhood"):
        gi_star_grid([0.0], [0.0], 10, 1000, bounds=(0, 0, 20_000, 20_000))


def test_a_lone_point_is_no_hot_spot_when_min_count_asks_for_more():
    # Given one isolated point and one cluster of five on a sparse grid
    x = np.array([500.0] + [5050.0] * 5)
    y = np.array([500.0] + [5050.0] * 5)
    bounds = (0.0, 0.0, 10_000.0, 10_000.0)
    # Without a minimum, the lone point's neighbourhood is "significant" on its own
    loose = gi_star_grid(x, y, 100, 200, bounds=bounds)
    assert any(c.x == 550.0 and c.y == 550.0 for c in loose.hot_cells())
    # With min_count 3 only the cluster stays hot, with the same z-scores
    strict = gi_star_grid(x, y, 100, 200, bounds=bounds, min_count=3)
    assert strict.hot_cells()
    assert all(abs(c.x - 5050.0) <= 200 and abs(c.y - 5050.0) <= 200 for c in strict.hot_cells())
    np.testing.assert_array_equal(strict.z, loose.z)
