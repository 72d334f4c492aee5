"""Small-count suppression: which cells of a table may not show their numbers.

Pure (no Django). A cell built on fewer than `minimum` respondents (or events) is
suppressed: shown as a phrase ("färre än 10 svar"), never as a number.

Primary suppression alone is not enough when a table's cells add up to a total that is
shown too: the total minus the shown cells gives the hidden one back. So within one
partition (the groups of one table, plus what the table leaves out, the `remainder`)
the suppressed cells must together hold at least `minimum`, or none at all; until they
do, the smallest cell still shown is suppressed as well (complementary suppression,
the usual rule of statistical offices).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Suppressed:
    """Stands where a number may not: `str()` is the Swedish phrase, never the number."""

    minimum: int
    unit: str = "svar"

    def __str__(self) -> str:
        return f"färre än {self.minimum} {self.unit}"


def is_small(n: int, minimum: int) -> bool:
    """True when a cell of `n` must be suppressed (0 is "no cell", not a small one)."""
    return 0 < n < minimum


def suppress_partition(counts: Mapping[K, int], minimum: int, *, remainder: int = 0) -> set[K]:
    """The keys of `counts` whose numbers may not be shown.

    `counts` are the sizes of the table's cells; `remainder` the respondents of the
    same total in no shown cell (e.g. gender "other" when only women and men are
    shown). Cells with 0 are never suppressed and never chosen to hide others.
    """
    hidden = {key for key, n in counts.items() if is_small(n, minimum)}
    hidden_total = remainder + sum(counts[key] for key in hidden)
    while is_small(hidden_total, minimum):
        shown = sorted((n, str(key), key) for key, n in counts.items() if key not in hidden and n)
        if not shown:
            break
        n, _, key = shown[0]
        hidden.add(key)
        hidden_total += n
    return hidden


def suppress_linked(
    counts: Mapping[K, int],
    partitions: Sequence[Sequence[K]],
    minimum: int,
    *,
    unpublished: Iterable[K] = (),
) -> set[K]:
    """Complementary suppression over linked tables (e.g. area x gender with its margins).

    `counts` holds every cell, margins included; each partition lists cells whose sum
    is published elsewhere (a row, a column, the margins). `unpublished` cells are never
    shown but count as hidden (e.g. gender "other"). The partition rule is applied to
    every partition until nothing changes, and no partition keeps a single hidden cell
    (it would be its sum minus the shown ones), so no hidden cell can be had back by
    subtracting shown cells from a shown sum, in any direction. (A heuristic, as at
    statistical offices; it is not a full audit of every combination of equations.)
    """
    never_shown = set(unpublished)
    hidden = {key for key, n in counts.items() if is_small(n, minimum)} | never_shown
    changed = True
    while changed:
        changed = False
        for partition in partitions:
            cells = {key: counts.get(key, 0) for key in partition}
            inside = {key for key in cells if key in hidden}
            remainder = sum(cells[key] for key in inside)
            free = {key: n for key, n in cells.items() if key not in inside}
            extra = suppress_partition(free, minimum, remainder=remainder)
            # One hidden cell alone is its sum minus the shown ones, however large it is;
            # hidden as a complement it would lead back to the small cell it protects.
            alone = (inside | extra) - never_shown
            if len(inside | extra) == 1 and alone:
                shown = sorted((n, str(k), k) for k, n in free.items() if n and k not in extra)
                extra |= {shown[0][2]} if shown else set()
            if extra - hidden:
                hidden |= extra
                changed = True
    return hidden - never_shown
