"""Getis-Ord Gi* on a square grid in projected metres (EPSG:3006).

No longer the situation picture's hot spots (analysis/hotspots.py says why: on a sparse
week's grid it called 108 cells hot for 91 points, and with no hot spot at all a median
of 2.5); kept for bench/gi_star.py and for analyses over dense, complete grids.

Points are counted into square cells; a cell is hot when the events in the cells
around it (centres within `radius`, the cell itself included: the "star") are many
more than the grid's mean would give, judged by the Gi* z-score.

The z-scores equal esda's `G_Local(counts, DistanceBand(centres, radius, binary=True),
transform="B", star=True).Zs` on the flattened grid, every cell included (the tests
prove it), but come from `np.bincount` and `scipy.ndimage.correlate` in milliseconds
instead of building a weights object cell by cell (see bench/gi_star.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage
from scipy.stats import norm

from samordna.analysis.change import benjamini_hochberg

MAX_CELLS = 4_000_000
# Grid cells x kernel cells: the neighbourhood sums cost about a second per 10^9.
MAX_WORK = 2_000_000_000
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class HotCell:
    """One hot cell: its centre in metres (EPSG:3006), its count, z and q."""

    x: float
    y: float
    count: int
    z: float
    q: float


@dataclass(frozen=True)
class GiStarGrid:
    """Gi* per cell. Arrays are indexed [row, col]; row 0 is the southernmost row
    (starting at y0), col 0 the westernmost (starting at x0)."""

    x0: float
    y0: float
    cell_size: float
    radius: float
    counts: NDArray[np.int64]
    z: NDArray[np.float64]
    p: NDArray[np.float64]
    q: NDArray[np.float64]
    hot: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, int]:
        """(ny, nx): rows, columns."""
        ny, nx = self.counts.shape
        return ny, nx

    def hot_cells(self) -> list[HotCell]:
        """The hot cells, strongest (highest z) first."""
        rows, cols = np.nonzero(self.hot)
        order = np.argsort(-self.z[rows, cols], kind="stable")
        return [
            HotCell(
                x=self.x0 + (int(col) + 0.5) * self.cell_size,
                y=self.y0 + (int(row) + 0.5) * self.cell_size,
                count=int(self.counts[row, col]),
                z=float(self.z[row, col]),
                q=float(self.q[row, col]),
            )
            for row, col in zip(rows[order], cols[order], strict=True)
        ]


def gi_star_grid(
    x: ArrayLike,
    y: ArrayLike,
    cell_size: float,
    radius: float,
    *,
    alpha: float = 0.05,
    bounds: Bounds | None = None,
    min_count: int = 1,
) -> GiStarGrid:
    """Gi* hot spots of points (x, y in metres, EPSG:3006) on a grid of square cells.

    Without `bounds` the grid starts at the points' minimum rounded down to a
    multiple of `cell_size` (so grids of different weeks line up) and ends at the
    cell of the maximum. With `bounds=(xmin, ymin, xmax, ymax)` the grid starts at
    (xmin, ymin) and covers the bounds; points outside them are ignored.
    A cell is hot when its Benjamini–Hochberg q < alpha, z > 0 and its neighbourhood
    holds at least `min_count` points: on a sparse grid (a week's hundred events over a
    town) a single point makes its whole neighbourhood "significant", which tells a
    meeting nothing, and the normal approximation is poor for such small counts.
    """
    xs, ys = _coordinates(x, y)
    _check_options(cell_size, radius, alpha)
    x0, y0, counts = _bin(xs, ys, float(cell_size), bounds)
    z, defined, sums = _z_scores(counts, _kernel(float(cell_size), float(radius), counts.shape))
    # Where z is undefined (no variance; a neighbourhood that is the whole grid)
    # nothing stands out: p = 1 rather than the 0.5 that z = 0 would give.
    p = np.where(defined, norm.sf(z), 1.0)
    q = benjamini_hochberg(p.ravel()).reshape(p.shape)
    hot = (q < alpha) & (z > 0) & (sums >= min_count)
    return GiStarGrid(
        x0=x0,
        y0=y0,
        cell_size=float(cell_size),
        radius=float(radius),
        counts=counts,
        z=z,
        p=p,
        q=q,
        hot=hot,
    )


def _z_scores(
    counts: NDArray[np.int64], kernel: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.int64]]:
    """Gi* z-scores with binary weights given by `kernel` (self included), where
    they are defined, and the neighbourhood sums.

    z_i = (S_i - mean * W_i) / (s * sqrt(W_i * (n - W_i) / (n - 1))), with S_i the
    neighbourhood sum, W_i the number of neighbours that exist in the grid and s
    the population standard deviation of all n cells: esda's formula, simplified.
    Zero variance, or a neighbourhood that is the whole grid, gives z = 0.
    """
    n = counts.size
    if n == 0:
        empty = np.zeros(counts.shape, dtype=np.float64)
        return empty, np.zeros(counts.shape, dtype=np.bool_), np.zeros(counts.shape, np.int64)
    sums = ndimage.correlate(counts, kernel, mode="constant", cval=0)
    # Edge cells have fewer neighbours: count them the same way on a grid of ones.
    weights = ndimage.correlate(np.ones_like(counts), kernel, mode="constant", cval=0)
    values = counts.astype(np.float64)
    mean = values.mean()
    spread = math.sqrt(values.var())
    numerator = sums - mean * weights
    denominator = spread * np.sqrt(weights * (n - weights) / max(n - 1, 1))
    defined = denominator > 0
    z = np.zeros(counts.shape, dtype=np.float64)
    np.divide(numerator, denominator, out=z, where=defined)
    return z, defined, sums


def _coordinates(x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    if xs.ndim != 1 or ys.ndim != 1:
        raise ValueError("x and y must be one-dimensional sequences of coordinates")
    if xs.shape != ys.shape:
        raise ValueError(f"x and y differ in length: {len(xs)} and {len(ys)}")
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise ValueError("coordinates must be finite numbers (no NaN or infinity)")
    return xs, ys


def _check_options(cell_size: float, radius: float, alpha: float) -> None:
    if not (math.isfinite(cell_size) and cell_size > 0):
        raise ValueError(f"cell_size must be a positive number of metres, got {cell_size}")
    if not (math.isfinite(radius) and radius >= 0):
        raise ValueError(f"radius must be zero or a positive number of metres, got {radius}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}")


def _grid_frame(
    xs: NDArray[np.float64], ys: NDArray[np.float64], cell_size: float, bounds: Bounds | None
) -> tuple[float, float, int, int]:
    """Origin and size (x0, y0, nx, ny) of the grid, checked against MAX_CELLS."""
    if bounds is not None:
        xmin, ymin, xmax, ymax = (float(value) for value in bounds)
        if not all(math.isfinite(value) for value in (xmin, ymin, xmax, ymax)):
            raise ValueError("bounds must be finite numbers")
        if xmax <= xmin or ymax <= ymin:
            raise ValueError(
                "bounds must be (xmin, ymin, xmax, ymax) with xmax > xmin, ymax > ymin"
            )
        x0, y0 = xmin, ymin
        nx = max(math.ceil((xmax - xmin) / cell_size), 1)
        ny = max(math.ceil((ymax - ymin) / cell_size), 1)
    elif xs.size == 0:
        return 0.0, 0.0, 0, 0
    else:
        x0 = math.floor(xs.min() / cell_size) * cell_size
        y0 = math.floor(ys.min() / cell_size) * cell_size
        nx = math.floor((xs.max() - x0) / cell_size) + 1
        ny = math.floor((ys.max() - y0) / cell_size) + 1
    if nx * ny > MAX_CELLS:
        raise ValueError(
            f"the grid would have {nx} x {ny} = {nx * ny:,} cells, more than {MAX_CELLS:,}: "
            "use larger cells or a smaller area"
        )
    return x0, y0, nx, ny


def _bin(
    xs: NDArray[np.float64], ys: NDArray[np.float64], cell_size: float, bounds: Bounds | None
) -> tuple[float, float, NDArray[np.int64]]:
    """Count the points per cell with one `np.bincount`."""
    x0, y0, nx, ny = _grid_frame(xs, ys, cell_size, bounds)
    cells = nx * ny
    flat = _cell_index(ys, y0, cell_size, ny) * nx + _cell_index(xs, x0, cell_size, nx)
    if bounds is not None:
        xmin, ymin, xmax, ymax = bounds
        inside = (xs >= xmin) & (xs <= xmax) & (ys >= ymin) & (ys <= ymax)
        # Points outside go to one extra bin that is dropped: cheaper than
        # copying the coordinates of the points inside.
        flat = np.where(inside, flat, cells)
    counts = np.bincount(flat, minlength=cells + 1)[:cells].astype(np.int64)
    return x0, y0, counts.reshape(ny, nx)


def _cell_index(
    values: NDArray[np.float64], origin: float, cell_size: float, count: int
) -> NDArray[np.int64]:
    """Cell number along one axis. Clipping (before the cast, so that far-away points
    cannot overflow) keeps a point on the far edge (x == xmax) and float rounding at
    the origin in the outermost cells; points outside the bounds are dropped later."""
    offsets = values - origin
    offsets /= cell_size
    np.clip(offsets, 0, max(count - 1, 0), out=offsets)
    return offsets.astype(np.int64)  # truncation is floor for offsets >= 0


def _kernel(cell_size: float, radius: float, shape: tuple[int, ...]) -> NDArray[np.int64]:
    """Binary kernel of the cell offsets whose centres lie within `radius`.

    Offsets beyond the grid's own size can never reach a cell, so a very large
    radius does not build a very large kernel; a neighbourhood so large for the
    grid that the sums would take seconds is refused (MAX_WORK).
    """
    reach = math.floor(radius / cell_size)
    if (reach + 1) * cell_size <= radius:  # the division rounded down across a whole cell
        reach += 1
    reach_rows = min(reach, max(shape[0] - 1, 0))
    reach_cols = min(reach, max(shape[1] - 1, 0))
    work = (2 * reach_rows + 1) * (2 * reach_cols + 1) * shape[0] * shape[1]
    if work > MAX_WORK:
        raise ValueError(
            f"a radius of {radius:g} m is {reach} cells of {cell_size:g} m: too large a "
            f"neighbourhood for a grid of {shape[0] * shape[1]:,} cells; "
            "use larger cells, a smaller radius or a smaller area"
        )
    rows = np.arange(-reach_rows, reach_rows + 1)[:, np.newaxis] * cell_size
    cols = np.arange(-reach_cols, reach_cols + 1)[np.newaxis, :] * cell_size
    within: NDArray[np.bool_] = np.hypot(rows, cols) <= radius
    return within.astype(np.int64)
