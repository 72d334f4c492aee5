"""The county view's numbers: the sharing municipalities' confirmed week pictures,
summed per municipality x national category over a week, a tertial or a year, from the
county's own aggregates (county.aggregates), with small counts hidden as on the public
page (public.selectors.Figure, privacy.suppression) and each total set against the
same period a year earlier.

A tertial or a year sums the confirmed weeks only; the number of confirmed weeks is
shown beside it, and when it differs from the year before the comparison is made per
confirmed week instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from samordna.analysis.periods import (
    iso_week,
    last_year,
    period_bounds,
    period_kind,
    period_label,
    shift_period,
    tertial,
    weeks_between,
)
from samordna.core.models import Municipality
from samordna.county.models import ConfirmedWeek, WeekCount
from samordna.county.trends import Trend, trend
from samordna.privacy.suppression import suppress_linked
from samordna.public.models import Publication, default_min_count
from samordna.public.selectors import Figure, small
from samordna.reports.models import Category

KINDS = {"week": "Veckor", "tertial": "Tertial", "year": "År"}
CHOICES = {"week": 12, "tertial": 6, "year": 4}
OWN = ""  # a municipality's own categories with no national parent
OWN_NAME = "Kommunernas egna kategorier"
NO_DATA = Figure(None, "–", "no_data")
HIDDEN = "visas inte"
HIDDEN_TREND = Trend("", "Jämförs inte: ett av talen visas inte, för att skydda små tal.")


@dataclass
class Row:
    municipality: Municipality
    cells: list[Figure]
    total: Figure
    weeks: int  # confirmed weeks in the period
    trend: Trend


@dataclass
class Overview:
    key: str
    label: str
    kind: str
    weeks_in_period: int
    minimum: int
    categories: list[tuple[str, str]]  # (code, name)
    rows: list[Row]
    totals: list[Figure]
    total: Figure
    category_trends: list[tuple[str, Trend]]

    @property
    def uncompared(self) -> list[str]:
        """The categories with no comparison, named once instead of one line each."""
        return [name for name, trend in self.category_trends if not trend.direction]


def minimum_for(municipality_ids: list[int]) -> int:
    """The strictest threshold among the municipalities: each one's own public-page
    threshold where it has chosen one, else the installation's default."""
    chosen = Publication.objects.filter(municipality_id__in=municipality_ids).values_list(
        "min_count", flat=True
    )
    return max([default_min_count(), *chosen])


def period_choices(kind: str, latest: str | None) -> list[str]:
    today = timezone.localdate()
    now = {"week": iso_week(today), "tertial": tertial(today), "year": str(today.year)}[kind]
    start = max(now, latest) if latest else now
    return [shift_period(start, -n) for n in range(CHOICES[kind])]


def latest_key(kind: str, municipality_ids: list[int]) -> str | None:
    """The newest period of `kind` with a confirmed week among the municipalities."""
    week: str | None = ConfirmedWeek.objects.filter(municipality_id__in=municipality_ids).aggregate(
        k=Max("week_key")
    )["k"]
    if week is None:
        return None
    monday = period_bounds(week)[0]
    return {"week": week, "tertial": tertial(monday), "year": week[:4]}[kind]


def _period_filter(key: str) -> Q:
    kind = period_kind(key)
    if kind == "week":
        return Q(week_key=key)
    if kind == "tertial":
        return Q(tertial_key=key)
    return Q(tertial_key__in=[f"{key}-T{n}" for n in (1, 2, 3)])


def _weeks(key: str) -> list[str]:
    return [key] if period_kind(key) == "week" else weeks_between(*period_bounds(key))


def _counts(ids: list[int], key: str) -> dict[tuple[int, str], int]:
    rows = (
        WeekCount.objects.filter(_period_filter(key), municipality_id__in=ids)
        .values_list("municipality_id", "category_code")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {(m, code): n for m, code, n in rows}


def _coverage(ids: list[int], key: str) -> dict[int, int]:
    rows = (
        ConfirmedWeek.objects.filter(municipality_id__in=ids, week_key__in=_weeks(key))
        .values_list("municipality_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def _categories(codes: set[str]) -> list[tuple[str, str]]:
    national = Category.objects.filter(municipality=None, code__in=codes).order_by(
        "sort_order", "name"
    )
    found = [(c.code, c.name) for c in national]
    return found + ([(OWN, OWN_NAME)] if OWN in codes else [])


def _hidden(
    counts: dict[tuple[int, str], int], ids: list[int], codes: list[str], minimum: int
) -> set[Hashable]:
    """The cells, municipality totals and category totals that may not be shown: all
    are published, so every row, column and margin is a partition (privacy.suppression)."""
    cells: dict[Hashable, int] = {("c", m, c): counts.get((m, c), 0) for m in ids for c in codes}
    for m in ids:
        cells[("m", m)] = sum(counts.get((m, c), 0) for c in codes)
    for c in codes:
        cells[("k", c)] = sum(counts.get((m, c), 0) for m in ids)
    partitions: list[list[Hashable]] = [[("c", m, c) for c in codes] for m in ids]
    partitions += [[("c", m, c) for m in ids] for c in codes]
    partitions += [[("m", m) for m in ids], [("k", c) for c in codes]]
    return suppress_linked(cells, partitions, minimum)


def figure(n: int, hidden: bool, minimum: int) -> Figure:
    """As the public page: below the threshold the phrase, a complement "visas inte"."""
    if n < minimum:
        return small(minimum)
    return Figure(None, HIDDEN, "complement") if hidden else Figure(n, str(n))


def overview(municipalities: list[Municipality], key: str) -> Overview:
    ids = [m.pk for m in municipalities]
    minimum = minimum_for(ids)
    counts, before = _counts(ids, key), _counts(ids, last_year(key))
    weeks, weeks_before = _coverage(ids, key), _coverage(ids, last_year(key))
    categories = _categories({c for _, c in counts} | {c for _, c in before})
    codes = [c for c, _ in categories]
    hidden = _hidden(counts, ids, codes, minimum)
    # Last year's numbers appear in the comparisons: hidden as its own table would hide them.
    hidden_before = _hidden(before, ids, codes, minimum)
    rows = []
    for m in municipalities:
        if not weeks.get(m.pk):
            rows.append(Row(m, [NO_DATA for _ in codes], NO_DATA, 0, trend(None, None, minimum)))
            continue
        cells = [figure(counts.get((m.pk, c), 0), ("c", m.pk, c) in hidden, minimum) for c in codes]
        now = sum(counts.get((m.pk, c), 0) for c in codes)
        was = sum(before.get((m.pk, c), 0) for c in codes)
        shown = figure(now, ("m", m.pk) in hidden, minimum)
        change = trend((now, weeks[m.pk]), (was, weeks_before.get(m.pk, 0)), minimum)
        if {("m", m.pk)} & (hidden | hidden_before):
            change = HIDDEN_TREND
        rows.append(Row(m, cells, shown, weeks[m.pk], change))
    column: dict[str, int] = defaultdict(int)
    column_before: dict[str, int] = defaultdict(int)
    for (_, c), n in counts.items():
        column[c] += n
    for (_, c), n in before.items():
        column_before[c] += n
    covered, covered_before = sum(weeks.values()), sum(weeks_before.values())
    category_trends = [
        (
            name,
            trend((column[c], covered), (column_before[c], covered_before), minimum)
            if {("k", c)}.isdisjoint(hidden | hidden_before)
            else HIDDEN_TREND,
        )
        for c, name in categories
    ]
    grand = sum(column.values())
    return Overview(
        key=key,
        label=period_label(key),
        kind=period_kind(key),
        weeks_in_period=len(_weeks(key)),
        minimum=minimum,
        categories=categories,
        rows=rows,
        totals=[figure(column[c], ("k", c) in hidden, minimum) for c in codes],
        total=figure(grand, False, minimum) if covered else NO_DATA,
        category_trends=category_trends,
    )
