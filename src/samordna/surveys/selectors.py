"""Reading surveys for a person: the rounds they may see, and one item's results by
area, gender, age band and year, with the gaps and every small cell suppressed.

A suppressed cell carries no number at all (no value, no interval, no n): the pages,
the CSV export and the API render `Cell.suppressed`, the phrase "färre än 10 svar".
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from samordna.analysis import surveys as a
from samordna.core.models import Area, Municipality, User
from samordna.privacy.suppression import Suppressed, is_small, suppress_partition
from samordna.surveys.imports.cells import band_start
from samordna.surveys.models import Survey, SurveyItem
from samordna.surveys.stats import AggregateData, Group, RespondentData, data_for, gap


def min_respondents() -> int:
    return int(getattr(settings, "SAMORDNA_SURVEY_MIN_RESPONDENTS", 10))


def surveys_for(user: User, municipality: Municipality) -> QuerySet[Survey]:
    return (
        Survey.objects.restrict(user)
        .filter(municipality=municipality)
        .order_by("kind", "title", "-year")
    )


def access_survey(user: User, municipality: Municipality, pk: int) -> Survey:
    """A round the user may read in the municipality they work in now, or 404."""
    survey = surveys_for(user, municipality).filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


@dataclass(frozen=True)
class Cell:
    """One group's figure: an estimate, or suppressed, or no answers at all."""

    label: str
    estimate: a.Estimate | None
    suppressed: Suppressed | None = None
    scale: str = SurveyItem.Scale.INDEX

    @property
    def n(self) -> int | None:
        return self.estimate.n if self.estimate else None

    @property
    def text(self) -> str:
        if self.suppressed:
            return str(self.suppressed)
        if self.estimate is None:
            return "inga svar"
        return f"{fmt(self.estimate.value, self.scale)} ± {fmt_margin(self.estimate, self.scale)}"

    @property
    def interval(self) -> str:
        if self.suppressed or self.estimate is None:
            return ""
        e = self.estimate
        if self.scale == SurveyItem.Scale.SHARE:
            return f"{number(e.low * 100, 0)}–{number(e.high * 100, 0)} %"
        return f"{fmt(e.low, self.scale)}–{fmt(e.high, self.scale)}"


@dataclass(frozen=True)
class GapRow:
    """first − second (e.g. women − men) with its interval, or why there is none."""

    label: str
    gap: a.Gap | None
    reason: str = ""
    scale: str = SurveyItem.Scale.INDEX

    @property
    def text(self) -> str:
        if self.gap is None:
            return self.reason
        sign = "+" if self.gap.value > 0 else ""
        value = fmt_points(self.gap.value, self.scale)
        return f"{sign}{value} ± {fmt_points(self.gap.margin, self.scale)}{self.unit}"

    @property
    def interval(self) -> str:
        if self.gap is None:
            return ""
        g = self.gap
        low, high = fmt_points(g.low, self.scale), fmt_points(g.high, self.scale)
        return f"{low} till {high}{self.unit}"

    @property
    def unit(self) -> str:
        return " %-enh." if self.scale == SurveyItem.Scale.SHARE else ""

    @property
    def verdict(self) -> str:
        if self.gap is None:
            return ""
        return "tydlig skillnad" if self.gap.is_clear else "kan vara slumpen"


@dataclass
class Breakdown:
    title: str
    cells: list[Cell]
    total: Cell | None = None
    gaps: list[GapRow] = field(default_factory=list)
    extra: list[Cell] = field(default_factory=list)  # regions: not part of the total


@dataclass
class Results:
    survey: Survey
    item: SurveyItem
    area: Area | None
    minimum: int
    by_area: Breakdown | None
    by_gender: Breakdown
    by_band: Breakdown
    by_year: Breakdown
    year_rows: list[tuple[int, Cell, Cell, Cell, GapRow]]


def number(value: float, decimals: int) -> str:
    """Swedish: decimal comma, a real minus sign."""
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def fmt(value: float, scale: str) -> str:
    """3,41 on the index; 34 % of a share."""
    if scale == SurveyItem.Scale.SHARE:
        return f"{number(value * 100, 0)} %"
    return number(value, 2)


def fmt_margin(estimate: a.Estimate, scale: str) -> str:
    """The "±" of an estimate: percentage points for a share (the column says so)."""
    if scale == SurveyItem.Scale.SHARE:
        return number(estimate.margin * 100, 0)
    return number(estimate.margin, 2)


def fmt_points(value: float, scale: str) -> str:
    """A gap: percentage points with one decimal for shares (so an interval just above
    0 does not read as 0), index points otherwise."""
    return number(value * 100, 1) if scale == SurveyItem.Scale.SHARE else number(value, 2)


def _cells(
    groups: dict[str, Group],
    labels: dict[str, str],
    minimum: int,
    scale: str,
    remainder: int = 0,
    hidden: set[str] | None = None,
) -> list[Cell]:
    """The table's cells; `hidden` from the linked tables of respondent data, or else
    (imported aggregates) the partition rule within this table alone."""
    if hidden is None:
        counts = {k: g.n for k, g in groups.items()}
        hidden = suppress_partition(counts, minimum, remainder=remainder)
    return [_cell(labels.get(k, k), g, minimum, scale, hide=k in hidden) for k, g in groups.items()]


def _cell(label: str, group: Group, minimum: int, scale: str, *, hide: bool = False) -> Cell:
    if group.n == 0:
        return Cell(label, None, scale=scale)
    if hide or is_small(group.n, minimum):
        return Cell(label, None, Suppressed(minimum), scale=scale)
    return Cell(label, group.estimate(), scale=scale)


def _gap(label: str, first: Cell, second: Cell, groups: tuple[Group, Group], scale: str) -> GapRow:
    if first.suppressed or second.suppressed:
        return GapRow(label, None, "visas inte: en grupp har för få svar", scale)
    if first.estimate is None or second.estimate is None:
        return GapRow(label, None, "inga svar i en grupp", scale)
    found = gap(*groups)
    return GapRow(label, found, "" if found else "för få svar", scale)


def item_results(
    survey: Survey, item: SurveyItem, *, area: Area | None, minimum: int | None = None
) -> Results:
    """One item of one round, for the whole municipality or one area."""
    minimum = min_respondents() if minimum is None else minimum
    area_id = area.pk if area else None
    data = data_for(item, survey, area_id, minimum=minimum)
    scale = item.scale
    by_area = None if area else _by_area(data, survey, minimum, scale)
    by_gender = _by_gender(data, minimum, scale, area_id)
    by_band = _by_band(data, minimum, scale, area_id)
    year_rows = _years(survey, item, area, minimum)
    by_year = Breakdown("År", [row[1] for row in year_rows])
    return Results(survey, item, area, minimum, by_area, by_gender, by_band, by_year, year_rows)


def _total(data: RespondentData | AggregateData) -> Group:
    return data.group() if isinstance(data, RespondentData) else data.total()


def _hidden(data: RespondentData | AggregateData, keys: dict[str, Hashable]) -> set[str] | None:
    """Of `keys` (cell -> key in the linked tables), those hidden; None for aggregates."""
    if not isinstance(data, RespondentData):
        return None
    return {cell for cell, key in keys.items() if key in data.hidden}


def _total_cell(
    label: str, data: RespondentData | AggregateData, area_id: int | None, minimum: int, scale: str
) -> Cell:
    hide = isinstance(data, RespondentData) and ("t", area_id) in data.hidden
    return _cell(label, _total(data), minimum, scale, hide=hide)


def _by_area(
    data: RespondentData | AggregateData, survey: Survey, minimum: int, scale: str
) -> Breakdown:
    groups = data.by_area()
    names = dict(
        Area.objects.filter(pk__in=groups, municipality=survey.municipality_id).values_list(
            "pk", "name"
        )
    )
    ordered = dict(sorted(groups.items(), key=lambda kv: names.get(kv[0], "")))
    total = _total(data)
    remainder = max(0, total.n - sum(g.n for g in groups.values())) if total.n else 0
    keyed = {str(k): g for k, g in ordered.items()}
    labels = {str(k): names.get(k, "?") for k in ordered}
    hidden = _hidden(data, {str(k): ("t", k) for k in ordered})
    cells = _cells(keyed, labels, minimum, scale, remainder=remainder, hidden=hidden)
    extra = []
    if isinstance(data, AggregateData):
        extra = [_cell(r, g, minimum, scale) for r, g in sorted(data.regions().items())]
    whole = _total_cell("Hela kommunen", data, None, minimum, scale)
    return Breakdown("Område", cells, whole, extra=extra)


def _by_gender(
    data: RespondentData | AggregateData, minimum: int, scale: str, area_id: int | None
) -> Breakdown:
    groups, other = data.by_gender()
    hidden = _hidden(data, {g: ("g", area_id, g) for g in groups})
    labels = {"K": "Kvinnor", "M": "Män"}
    cells = _cells(groups, labels, minimum, scale, remainder=other, hidden=hidden)
    total = _total_cell("Alla", data, area_id, minimum, scale)
    gaps = [_gap("Kvinnor − män", cells[0], cells[1], (groups["K"], groups["M"]), scale)]
    return Breakdown("Kön", cells, total, gaps)


def _by_band(
    data: RespondentData | AggregateData, minimum: int, scale: str, area_id: int | None
) -> Breakdown:
    groups = dict(sorted(data.by_band().items(), key=lambda kv: band_start(kv[0])))
    labels = {b: f"{b} år" for b in groups}
    total = _total(data)
    remainder = max(0, total.n - sum(g.n for g in groups.values())) if groups else 0
    hidden = _hidden(data, {b: ("b", area_id, b) for b in groups})
    cells = _cells(groups, labels, minimum, scale, remainder=remainder, hidden=hidden)
    gaps = []
    if len(cells) >= 2:
        bands = list(groups)
        label = f"Äldst ({bands[-1]}) − yngst ({bands[0]})"
        pair = (groups[bands[-1]], groups[bands[0]])
        gaps.append(_gap(label, cells[-1], cells[0], pair, scale))
    return Breakdown("Åldersgrupp", cells, _total_cell("Alla", data, area_id, minimum, scale), gaps)


def series(survey: Survey) -> list[Survey]:
    """Every round of the same survey (kind and title) in the municipality, oldest first."""
    return list(
        Survey.objects.filter(
            municipality_id=survey.municipality_id, kind=survey.kind, title=survey.title
        ).order_by("year")
    )


def _years(
    survey: Survey, item: SurveyItem, area: Area | None, minimum: int
) -> list[tuple[int, Cell, Cell, Cell, GapRow]]:
    """All, women, men and their gap for the item (by code) in every round."""
    rows = []
    items = {
        i.survey_id: i for i in SurveyItem.objects.filter(survey__in=series(survey), code=item.code)
    }
    for round_ in series(survey):
        found = items.get(round_.pk)
        if found is None:
            continue
        data = data_for(found, round_, area.pk if area else None, minimum=minimum)
        breakdown = _by_gender(data, minimum, found.scale, area.pk if area else None)
        label = str(round_.year)
        total = breakdown.total or Cell(label, None)
        rows.append(
            (
                round_.year,
                Cell(label, total.estimate, total.suppressed, found.scale),
                breakdown.cells[0],
                breakdown.cells[1],
                breakdown.gaps[0],
            )
        )
    return rows
