"""Indicators and survey results as plain rows for documents (the tertial and year
situation pictures, the action plan's "other relevant information").

A contract other apps code against: the names and fields below stay as they are. Both
functions read for the municipality as a whole (no user): the caller decides who sees
the document. Every field is JSON-serialisable (str, int, float, None, bool).

`period_key` is any key `analysis.periods` knows ("2026", "2026-T3", "2026-W47"). The
values are those available at the period's end (never after now): for an indicator the
latest value up to then; for a survey the latest round up to the period's year.
Survey cells with fewer respondents than the survey threshold carry no number at all
(`suppressed=True`, value/interval/respondents None).
"""

from __future__ import annotations

from dataclasses import dataclass

from samordna.core.models import Municipality
from samordna.goals.models import Indicator
from samordna.goals.series import compute, reference_end
from samordna.surveys.models import Survey, SurveyItem
from samordna.surveys.selectors import Cell, item_results

# The order of the survey groups in rows; age bands follow as the surveys app has them.
ALL, WOMEN, MEN = "alla", "kvinnor", "män"
WHOLE_MUNICIPALITY = "Hela kommunen"


@dataclass(frozen=True)
class IndicatorRow:
    goal: str
    indicator: str
    source: str  # Swedish label of the source
    unit: str
    baseline_period: str
    baseline_value: float | None
    target_period: str
    target_value: float
    latest_period: str | None
    latest_value: float | None
    on_track: bool | None
    status: str  # Swedish: "I fas", "Inte i fas", "Målet nått", "Okänt: …"


@dataclass(frozen=True)
class SurveyRow:
    survey: str  # the survey's title
    item: str  # the question
    year: int
    area: str  # an area's name, or "Hela kommunen"
    group: str  # "alla", "kvinnor", "män" or an age band ("16–29")
    value: float | None  # shares in percent (0–100), indexes on their scale
    unit: str  # "%" or "index 0–6"
    ci_low: float | None  # 95 % interval
    ci_high: float | None
    respondents: int | None
    suppressed: bool


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def indicator_rows(municipality: Municipality, period_key: str) -> list[IndicatorRow]:
    """Every indicator of the municipality's active goals, as of the period's end."""
    end = reference_end(period_key)
    indicators = (
        Indicator.objects.filter(
            municipality=municipality, goal__is_active=True, goal__municipality=municipality
        )
        .select_related("goal", "survey_item__survey", "kolada_kpi")
        .order_by("goal__title", "goal_id", "order", "id")
    )
    rows = []
    for indicator in indicators:
        found = compute(indicator, end=end)
        latest = found.latest
        rows.append(
            IndicatorRow(
                goal=indicator.goal.title,
                indicator=indicator.name,
                source=str(Indicator.Source(indicator.source).label),
                unit=indicator.unit,
                baseline_period=indicator.baseline_period,
                baseline_value=_round(found.baseline_value),
                target_period=indicator.target_period,
                target_value=float(indicator.target_value),
                latest_period=latest.period if latest else None,
                latest_value=_round(latest.value) if latest else None,
                on_track=found.on_track,
                status=found.status,
            )
        )
    return rows


def survey_rows(municipality: Municipality, period_key: str) -> list[SurveyRow]:
    """For every survey of the municipality, its latest round up to the period's year:
    each item for the whole municipality (all, women, men, age bands) and each area
    (all), suppressed as the surveys app suppresses them."""
    year = reference_end(period_key).year
    if period_key[:4].isdigit():
        year = min(year, int(period_key[:4]))
    rounds = Survey.objects.filter(municipality=municipality, year__lte=year).order_by(
        "kind", "title", "-year"
    )
    latest: dict[tuple[str, str], Survey] = {}
    for survey in rounds:
        latest.setdefault((survey.kind, survey.title), survey)
    rows: list[SurveyRow] = []
    for survey in latest.values():
        for item in SurveyItem.objects.filter(survey=survey).order_by("position", "code"):
            if item.scale == SurveyItem.Scale.OPTIONS:
                continue
            results = item_results(survey, item, area=None)
            cells: list[tuple[str, str, Cell]] = []
            if results.by_gender.total is not None:
                cells.append((WHOLE_MUNICIPALITY, ALL, results.by_gender.total))
            genders = dict(zip((WOMEN, MEN), results.by_gender.cells, strict=False))
            cells += [(WHOLE_MUNICIPALITY, g, c) for g, c in genders.items()]
            cells += [
                (WHOLE_MUNICIPALITY, c.label.removesuffix(" år"), c) for c in results.by_band.cells
            ]
            if results.by_area is not None:
                cells += [(c.label, ALL, c) for c in results.by_area.cells]
            for area, group, cell in cells:
                if cell.estimate is None and cell.suppressed is None:
                    continue  # no answers: no row
                rows.append(_survey_row(survey, item, area, group, cell))
    return rows


def _survey_row(survey: Survey, item: SurveyItem, area: str, group: str, cell: Cell) -> SurveyRow:
    share = item.scale == SurveyItem.Scale.SHARE
    unit = "%" if share else "index 0–6"
    factor = 100.0 if share else 1.0
    e = None if cell.suppressed else cell.estimate
    return SurveyRow(
        survey=survey.title,
        item=item.question,
        year=survey.year,
        area=area,
        group=group,
        value=_round(e.value * factor, 2) if e else None,
        unit=unit,
        ci_low=_round(e.low * factor, 2) if e else None,
        ci_high=_round(e.high * factor, 2) if e else None,
        respondents=e.n if e else None,
        suppressed=cell.suppressed is not None,
    )
