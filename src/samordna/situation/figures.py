"""The numbers of a picture: counts per area x category against the comparison periods.

Reads only the weekly aggregate (`reports.WeeklyCount`) and the police events' period
keys, never the raw observations: this is the part that must stay fast at national
scale (bench/situation_compile.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count

from samordna.analysis.change import change_direction, exceedances
from samordna.analysis.periods import (
    comparable_periods,
    earlier_periods,
    last_year,
    period_kind,
    shift_period,
)
from samordna.integrations.models import ExternalEvent
from samordna.reports.models import WeeklyCount

TREND_LENGTH = 12
RECENT_LENGTH = 4
# The change flags' baseline (analysis/change.py): Farrington's comparable periods once a
# municipality has two years of history, else every earlier period up to a limit, with a
# floor for the overdispersion (theta = 1/k: 0.1 says "at least a little more than
# Poisson") as the conservative fallback; fewer than MIN_PERIODS periods: no flag.
FULL_HISTORY_YEARS = 2
SHORT_HISTORY = {"week": 52, "tertial": 6, "year": 5}
SHORT_HISTORY_FLOOR = 0.1
MIN_PERIODS = {"week": 8, "tertial": 4, "year": 3}

Series = dict[str, int]


@dataclass(frozen=True)
class Periods:
    """The period and the periods it is compared with."""

    key: str
    kind: str
    previous: str
    recent: list[str]
    last_year: str
    trend: list[str]
    baseline: list[str] = field(default_factory=list)
    baseline_years: list[int] | None = None
    baseline_method: str = "none"

    @classmethod
    def of(cls, key: str, first: str | None = None) -> Periods:
        """The comparisons of `key`; `first` is the municipality's first period with data
        (None: none), which decides the change flags' baseline."""
        kind = period_kind(key)
        keys, years = comparable_periods(key, first)
        method = "farrington"
        if first is None or first > _years_back(key, FULL_HISTORY_YEARS):
            keys, years, method = earlier_periods(key, first, SHORT_HISTORY[kind]), [], "short"
        if kind != "week" and first is not None:  # a first tertial or year is seldom whole
            whole = [n for n, k in enumerate(keys) if k > first]
            keys, years = [keys[n] for n in whole], [years[n] for n in whole] if years else []
        return cls(
            key=key,
            kind=kind,
            previous=shift_period(key, -1),
            recent=[shift_period(key, -n) for n in range(RECENT_LENGTH + 1, 1, -1)],
            last_year=last_year(key),
            trend=[shift_period(key, -n) for n in range(TREND_LENGTH - 1, -1, -1)],
            baseline=keys,
            baseline_years=years or None,
            baseline_method=method if len(keys) >= MIN_PERIODS[kind] else "none",
        )

    @property
    def all(self) -> set[str]:
        return {self.key, self.previous, self.last_year, *self.recent, *self.trend, *self.baseline}

    def as_json(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "recent": self.recent,
            "last_year": self.last_year,
            "trend": self.trend,
            "baseline": self.baseline,
            "baseline_method": self.baseline_method,
        }

    def numbers(self, series: Series) -> dict[str, Any]:
        """count, previous, recent_mean, last_year, trend and direction of one series."""
        count = series.get(self.key, 0)
        recent_mean = round(sum(series.get(k, 0) for k in self.recent) / RECENT_LENGTH, 2)
        return {
            "count": count,
            "previous": series.get(self.previous, 0),
            "recent_mean": recent_mean,
            "last_year": series.get(self.last_year, 0),
            "trend": [series.get(k, 0) for k in self.trend],
            "direction": change_direction(count, recent_mean),
        }


def _years_back(key: str, years: int) -> str:
    for _ in range(years):
        key = last_year(key)
    return key


def first_period(municipality_id: int, kind: str) -> str | None:
    """The municipality's first period of `kind` with any observation counted."""
    field_name = _key_field(kind)
    first = (
        WeeklyCount.objects.filter(municipality_id=municipality_id)
        .order_by(field_name)
        .values_list(field_name, flat=True)
        .first()
    )
    if first is None:
        return None
    return first[:4] if kind == "year" else str(first)


def _tertials(keys: set[str], kind: str) -> dict[str, str]:
    """Which aggregate key feeds which period key (a year is its three tertials)."""
    if kind != "year":
        return {k: k for k in keys}
    return {f"{year}-T{n}": year for year in keys for n in (1, 2, 3)}


def _key_field(kind: str) -> str:
    return "week_key" if kind == "week" else "tertial_key"


@dataclass
class ObservationSeries:
    """Counts per period for every cell, area, category and the whole municipality."""

    cells: dict[tuple[Any, int], Series]
    areas: dict[Any, Series]
    categories: dict[int, Series]
    total: Series


def observation_series(municipality_id: int, periods: Periods) -> ObservationSeries:
    """Every series a picture needs, summed in one pass over the aggregate's rows.

    No GROUP BY in SQL: the rows are few and Python adds them up anyway (a week that
    straddles two tertials has two rows), which bench/situation_compile.py found faster.
    """
    field = _key_field(periods.kind)
    feeds = _tertials(periods.all, periods.kind)
    rows = WeeklyCount.objects.filter(
        municipality_id=municipality_id, **{f"{field}__in": feeds}
    ).values_list("area_id", "category_id", field, "count")
    series = ObservationSeries(
        cells=defaultdict(lambda: defaultdict(int)),
        areas=defaultdict(lambda: defaultdict(int)),
        categories=defaultdict(lambda: defaultdict(int)),
        total=defaultdict(int),
    )
    for area_id, category_id, key, n in rows:
        period = feeds[key]
        series.cells[(area_id, category_id)][period] += n
        series.areas[area_id][period] += n
        series.categories[category_id][period] += n
        series.total[period] += n
    return series


def police_series(municipality_id: int, periods: Periods) -> dict[str, Series]:
    """{police event type: {period key: count}} for the municipality."""
    field = _key_field(periods.kind)
    feeds = _tertials(periods.all, periods.kind)
    rows = (
        ExternalEvent.objects.filter(
            municipality_id=municipality_id,
            source=ExternalEvent.Source.POLISEN,
            **{f"{field}__in": feeds},
        )
        .values_list("type", field)
        .annotate(n=Count("*"))  # no id: the covering index answers alone
        .order_by()
    )
    table: dict[str, Series] = defaultdict(lambda: defaultdict(int))
    for event_type, key, n in rows:
        table[event_type][feeds[key]] += n
    return table


def add_series(target: Series, series: Series) -> None:
    for key, n in series.items():
        target[key] = target.get(key, 0) + n


@dataclass
class Figures:
    """Every number of a picture, keyed by ids; `compile` turns it into the document."""

    periods: Periods
    cells: list[dict[str, Any]]
    areas: dict[Any, dict[str, Any]]
    categories: dict[int, dict[str, Any]]
    totals: dict[str, Any]
    police: dict[str, Any]
    police_by_type: dict[str, Series]


def compute_figures(
    municipality_id: int, key: str, *, polisen_types: dict[int, list[str]]
) -> Figures:
    """Counts, comparisons, trend and flags of one period; `polisen_types` maps a
    category id to the police event types it covers."""
    periods = Periods.of(key, first_period(municipality_id, period_kind(key)))
    observations = observation_series(municipality_id, periods)
    police = police_series(municipality_id, periods)
    cells = _cells(periods, observations.cells)
    police_total: Series = {}
    for series in police.values():
        add_series(police_total, series)
    return Figures(
        periods=periods,
        cells=cells,
        areas=_level(periods, observations.areas, cells, "area"),
        categories=_categories(periods, observations.categories, cells, police, polisen_types),
        totals={**periods.numbers(observations.total), "police_events": police_total.get(key, 0)},
        police=periods.numbers(police_total),
        police_by_type=police,
    )


def _cells(periods: Periods, table: dict[tuple[Any, int], Series]) -> list[dict[str, Any]]:
    cells = [
        {"area_id": area_id, "category_id": category_id, **periods.numbers(series)}
        for (area_id, category_id), series in table.items()
    ]
    flags = exceedances(
        [c["count"] for c in cells],
        [[series.get(k, 0) for k in periods.baseline] for series in table.values()],
        years=periods.baseline_years,
        alpha=settings.SITUATION_ALPHA,
        min_count=settings.SITUATION_MIN_COUNT,
        overdispersion_floor=SHORT_HISTORY_FLOOR if periods.baseline_method == "short" else 0.0,
        min_periods=MIN_PERIODS[periods.kind],
    )
    rows = zip(cells, flags.p, flags.q, flags.flagged, flags.expected, strict=True)
    for cell, p, q, flagged, expected in rows:
        cell.update(
            p=round(float(p), 6),
            q=round(float(q), 6),
            flagged=bool(flagged),
            expected=round(float(expected), 2),
        )
    return cells


def _level(
    periods: Periods, groups: dict[Any, Series], cells: list[dict[str, Any]], by: str
) -> dict[Any, dict[str, Any]]:
    flagged = {c[f"{by}_id"] for c in cells if c["flagged"]}
    return {
        group: {**periods.numbers(series), "flagged": group in flagged}
        for group, series in groups.items()
    }


def _categories(
    periods: Periods,
    groups: dict[int, Series],
    cells: list[dict[str, Any]],
    police: dict[str, Series],
    polisen_types: dict[int, list[str]],
) -> dict[int, dict[str, Any]]:
    result = _level(periods, groups, cells, "category")
    for category_id, types in polisen_types.items():
        count = sum(police[t].get(periods.key, 0) for t in types if t in police)
        if count and category_id not in result:
            result[category_id] = {**periods.numbers({}), "flagged": False}
        if category_id in result:
            result[category_id]["police_events"] = count
    for numbers in result.values():
        numbers.setdefault("police_events", 0)
    return result
