"""Small counts in the joint picture's table, hidden as the public page hides them.

The table: categories x members, with each category's total and the total of all.
Only the totals are sums that the table publishes (no member's column total is shown,
so no column equation links the rows). Every count below the threshold reads
"färre än N", 0 included, as on the public page (`public.selectors`).

A total is hidden as well ("visas inte") when a reader could get a small number back
from it. Each member's people know their own municipality's numbers, so a reader is
anybody, or a member of one municipality who subtracts their own cell: for every
reader, the hidden numbers they cannot know must be 0 or sum to at least N
(`privacy.suppression`'s partition rule, seen from each member). Plain data, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from samordna.privacy.suppression import is_small

SMALL = "small"
COMPLEMENT = "complement"


@dataclass(frozen=True)
class Figure:
    """One number of the table, or why it is not shown. `text` is all a page shows."""

    value: int | None
    text: str
    reason: str = ""

    @property
    def hidden(self) -> bool:
        return self.reason in {SMALL, COMPLEMENT}


def shown(n: int) -> Figure:
    return Figure(n, str(n))


def small(minimum: int) -> Figure:
    return Figure(None, f"färre än {minimum}", SMALL)


def complement() -> Figure:
    return Figure(None, "visas inte", COMPLEMENT)


@dataclass(frozen=True)
class HiddenTable:
    cells: dict[tuple[str, int], Figure]  # (category, member)
    totals: dict[str, Figure]  # category -> its total
    total: Figure  # all categories, all members


def _unknown(parts: Mapping[int, int], hidden: Iterable[int], reader: int | None) -> int:
    """What `reader` cannot know of a sum: the hidden parts that are not their own."""
    return sum(parts[m] for m in hidden if m != reader)


def _leaks(unknowns: Iterable[int], minimum: int) -> bool:
    return any(is_small(n, minimum) for n in unknowns)


def hide_table(
    counts: Mapping[tuple[str, int], int],
    categories: Sequence[str],
    members: Sequence[int],
    minimum: int,
) -> HiddenTable:
    """Which numbers of the table are shown, for every reader of the joint picture."""
    readers: list[int | None] = [None, *members]
    cells = {
        key: small(minimum) if counts.get(key, 0) < minimum else shown(counts.get(key, 0))
        for key in ((c, m) for c in categories for m in members)
    }
    totals: dict[str, Figure] = {}
    # What each reader cannot know of each hidden category total.
    unknown_in_hidden: dict[int | None, int] = dict.fromkeys(readers, 0)
    for c in categories:
        parts = {m: counts.get((c, m), 0) for m in members}
        hidden = [m for m in members if cells[(c, m)].hidden]
        total = sum(parts.values())
        unknown = {r: _unknown(parts, hidden, r) for r in readers}
        if total < minimum:
            totals[c] = small(minimum)
        elif _leaks(unknown.values(), minimum):
            totals[c] = complement()
        else:
            totals[c] = shown(total)
            continue
        for reader in readers:
            unknown_in_hidden[reader] += unknown[reader]
    grand = sum(counts.get((c, m), 0) for c in categories for m in members)
    if grand < minimum:
        total_figure = small(minimum)
    elif _leaks(unknown_in_hidden.values(), minimum):
        total_figure = complement()
    else:
        total_figure = shown(grand)
    return HiddenTable(cells, totals, total_figure)
