"""An indicator's series, computed from its source when asked (never stored).

Periods are the keys of `analysis.periods`: a year ("2026") or a tertial ("2026-T3"),
after `Indicator.granularity`. The sources:

- own observations: counted observations (not closed in review) in the saved filter's
  areas and categories (a category includes its subcategories), summed from the weekly
  aggregate `WeeklyCount` by its tertial keys;
- police events: the municipality's events of the chosen types (police events have no
  place finer than the municipality);
- a survey item: the item's value for all respondents (the whole municipality or
  `Indicator.survey_area`) in every round of the same survey, by item code. A round whose
  cell has fewer respondents than the survey threshold has no value (suppressed, never
  shown); shares are given in percent (0–100), indexes on their own scale;
- a Kolada key figure: Kolada's value for the municipality, gender T (total), by year.

Counting sources (observations, police events) only give periods that have ended by
the reference moment: a period still running would look like an improvement.

"On track" (`judge`, pure arithmetic): the path runs in a straight line from the
baseline (period, value) to the target (period, value). The latest period with a value
after the baseline period is compared with the path at that period (after the target
period: with the target itself). Direction "decrease": on track when the latest value is
at or below the path; "increase": at or above. Unknown — and said so — when there is no
baseline value, no value after the baseline period, or no data at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from samordna.analysis.periods import period_bounds, period_kind
from samordna.goals.models import Indicator
from samordna.integrations.models import ExternalEvent, KoladaValue
from samordna.privacy.suppression import is_small
from samordna.reports.models import Category, WeeklyCount
from samordna.surveys.models import Survey, SurveyItem
from samordna.surveys.stats import RespondentData, data_for

YEAR = re.compile(r"^\d{4}$")
TERTIAL = re.compile(r"^\d{4}-T[123]$")
COUNTING = frozenset({Indicator.Source.OBSERVATIONS, Indicator.Source.POLICE})
YEARLY_ONLY = frozenset({Indicator.Source.SURVEY, Indicator.Source.KOLADA})


# --- periods ---------------------------------------------------------------------------


def is_period(key: str, granularity: str) -> bool:
    """True when `key` is a period of the granularity ("2026" or "2026-T3")."""
    pattern = YEAR if granularity == Indicator.Granularity.YEAR else TERTIAL
    return bool(pattern.match(key or ""))


def ordinal(key: str) -> int:
    """A period's place on a line: years count 1 a year, tertials 1 a tertial."""
    if TERTIAL.match(key):
        return int(key[:4]) * 3 + int(key[-1]) - 1
    if YEAR.match(key):
        return int(key)
    raise ValueError(f"not a year or tertial key: {key!r}")


def from_ordinal(n: int, granularity: str) -> str:
    if granularity == Indicator.Granularity.TERTIAL:
        return f"{n // 3}-T{n % 3 + 1}"
    return str(n)


def periods_between(first: str, last: str, granularity: str) -> list[str]:
    """Every period from `first` to `last` inclusive (empty when last < first)."""
    return [from_ordinal(n, granularity) for n in range(ordinal(first), ordinal(last) + 1)]


def period_of(moment: datetime, granularity: str) -> str:
    local = timezone.localtime(moment)
    if granularity == Indicator.Granularity.TERTIAL:
        return f"{local.year}-T{(local.month - 1) // 4 + 1}"
    return str(local.year)


def last_ended(moment: datetime, granularity: str) -> str:
    """The last period of the granularity that has ended by `moment`."""
    return from_ordinal(ordinal(period_of(moment, granularity)) - 1, granularity)


def reference_end(period_key: str, now: datetime | None = None) -> datetime:
    """The end of a picture's period (any key analysis.periods knows), never after now."""
    now = now or timezone.now()
    return min(period_bounds(period_key)[1], now)


# --- on track --------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    on_track: bool | None
    status: str  # Swedish, for people
    expected: float | None = None  # the path's value at the latest period


def path_value(baseline: tuple[int, float], target: tuple[int, float], at: int) -> float:
    """The straight path from baseline to target at ordinal `at` (clamped to its ends)."""
    (b_at, b_value), (t_at, t_value) = baseline, target
    if at <= b_at or t_at <= b_at:
        return b_value if at <= b_at else t_value
    if at >= t_at:
        return t_value
    return b_value + (t_value - b_value) * (at - b_at) / (t_at - b_at)


def judge(
    *,
    direction: str,
    baseline: tuple[int, float | None],
    target: tuple[int, float],
    latest: tuple[int, float] | None,
) -> Judgement:
    """Pure: is the latest value on the right side of the path? (module docstring)."""
    if latest is None:
        return Judgement(None, "Okänt: inga värden ännu")
    b_at, b_value = baseline
    if b_value is None:
        return Judgement(None, "Okänt: utgångsvärde saknas")
    at, value = latest
    if at <= b_at:
        return Judgement(None, "Okänt: inget värde efter utgångsläget ännu")
    expected = path_value((b_at, b_value), target, at)
    increase = direction == Indicator.Direction.INCREASE
    good = value >= expected if increase else value <= expected
    if at >= target[0]:
        return Judgement(good, "Målet nått" if good else "Målet inte nått", expected)
    return Judgement(good, "I fas" if good else "Inte i fas", expected)


# --- series ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    period: str
    value: float | None
    suppressed: bool = False  # a survey cell with too few respondents


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: Indicator
    points: tuple[Point, ...]
    baseline_value: float | None  # given, or read from the series at the baseline period
    latest: Point | None  # the last point with a value
    judgement: Judgement

    @property
    def on_track(self) -> bool | None:
        return self.judgement.on_track

    @property
    def status(self) -> str:
        return self.judgement.status


def source_values(indicator: Indicator, periods: list[str]) -> dict[str, float | None]:
    """{period: value} from the source; a missing key is "no data", None suppressed."""
    if not periods:
        return {}
    source = indicator.source
    if source == Indicator.Source.OBSERVATIONS:
        return observation_values(indicator, periods)
    if source == Indicator.Source.POLICE:
        return police_values(indicator, periods)
    if source == Indicator.Source.SURVEY:
        return survey_values(indicator, periods)
    if source == Indicator.Source.KOLADA:
        return kolada_values(indicator, periods)
    return {}


def _ids(value: object) -> list[int]:
    if not isinstance(value, list):
        return []
    return [int(v) for v in value if isinstance(v, int) and not isinstance(v, bool)]


def _tertials(periods: list[str], granularity: str) -> dict[str, str]:
    """{tertial key: period} covering `periods`."""
    if granularity == Indicator.Granularity.TERTIAL:
        return {p: p for p in periods}
    return {f"{p}-T{t}": p for p in periods for t in (1, 2, 3)}


def with_children(category_ids: list[int]) -> list[int]:
    """The categories and all their subcategories."""
    found, frontier = set(category_ids), set(category_ids)
    while frontier:
        frontier = (
            set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return sorted(found)


def observation_values(indicator: Indicator, periods: list[str]) -> dict[str, float | None]:
    saved = indicator.filter or {}
    areas, categories = _ids(saved.get("areas")), _ids(saved.get("categories"))
    feeds = _tertials(periods, indicator.granularity)
    rows = WeeklyCount.objects.filter(
        municipality_id=indicator.municipality_id, tertial_key__in=feeds
    )
    if areas:
        rows = rows.filter(area_id__in=areas)
    if categories:
        rows = rows.filter(category_id__in=with_children(categories))
    totals: dict[str, float | None] = dict.fromkeys(periods, 0.0)
    for key, n in rows.values_list("tertial_key").annotate(n=Sum("count")).order_by():
        totals[feeds[key]] = (totals[feeds[key]] or 0.0) + n
    return totals


def police_values(indicator: Indicator, periods: list[str]) -> dict[str, float | None]:
    types = [t for t in (indicator.filter or {}).get("types", []) if isinstance(t, str)]
    feeds = _tertials(periods, indicator.granularity)
    totals: dict[str, float | None] = dict.fromkeys(periods, 0.0)
    if not types:
        return totals
    rows = (
        ExternalEvent.objects.filter(
            municipality_id=indicator.municipality_id,
            source=ExternalEvent.Source.POLISEN,
            type__in=types,
            tertial_key__in=feeds,
        )
        .values_list("tertial_key")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts: dict[str, int] = defaultdict(int)
    for key, n in rows:
        counts[feeds[key]] += n
    for period, n in counts.items():
        totals[period] = float(n)
    return totals


def survey_minimum() -> int:
    return int(getattr(settings, "SAMORDNA_SURVEY_MIN_RESPONDENTS", 10))


def survey_cell(
    item: SurveyItem, survey: Survey, area_id: int | None, minimum: int
) -> tuple[float | None, int, bool]:
    """(value, n, suppressed) of all respondents of one round, as the surveys app shows
    it: no value below the threshold, nor when the linked tables hide the cell."""
    data = data_for(item, survey, area_id, minimum=minimum)
    if isinstance(data, RespondentData):
        group = data.group()
        hidden = ("t", area_id) in data.hidden
    else:
        group = data.total()
        hidden = False
    if group.n == 0:
        return None, 0, False
    if hidden or is_small(group.n, minimum):
        return None, group.n, True
    value = group.estimate().value
    if item.scale == SurveyItem.Scale.SHARE:
        value *= 100
    return value, group.n, False


def survey_values(indicator: Indicator, periods: list[str]) -> dict[str, float | None]:
    item = indicator.survey_item
    if item is None:
        return {}
    survey = item.survey
    rounds = Survey.objects.filter(
        municipality_id=survey.municipality_id,
        kind=survey.kind,
        title=survey.title,
        year__in=[int(p[:4]) for p in periods if YEAR.match(p)],
    )
    items = SurveyItem.objects.filter(survey__in=rounds, code=item.code).select_related("survey")
    minimum = survey_minimum()
    values: dict[str, float | None] = {}
    for found in items:
        value, n, suppressed = survey_cell(found, found.survey, indicator.survey_area_id, minimum)
        if n:
            values[str(found.survey.year)] = None if suppressed else round(value or 0.0, 3)
    return values


def kolada_values(indicator: Indicator, periods: list[str]) -> dict[str, float | None]:
    if not indicator.kolada_kpi_id:
        return {}
    rows = KoladaValue.objects.filter(
        municipality_id=indicator.municipality_id,
        kpi_id=indicator.kolada_kpi_id,
        gender=KoladaValue.Gender.TOTAL,
        value__isnull=False,
        year__in=[int(p) for p in periods if YEAR.match(p)],
    ).values_list("year", "value")
    return {str(year): float(value) for year, value in rows if value is not None}


def compute(indicator: Indicator, *, end: datetime | None = None) -> IndicatorSeries:
    """The series from the baseline period up to the reference moment `end` (default:
    now): counted periods that have ended by then; survey and Kolada years up to its year.
    """
    end = end or timezone.now()
    granularity = indicator.granularity
    if indicator.source in COUNTING:
        last = last_ended(end, granularity)
    else:
        last = period_of(end - timedelta(microseconds=1), granularity)
    first = indicator.baseline_period
    if not is_period(first, granularity):
        first = last
    periods = periods_between(first, last, granularity)
    found = source_values(indicator, periods)
    points = tuple(
        Point(p, found.get(p), suppressed=p in found and found[p] is None) for p in periods
    )
    baseline_value = indicator.baseline_value
    if baseline_value is None:
        at_baseline = found.get(indicator.baseline_period)
        baseline_value = at_baseline
    with_values = [p for p in points if p.value is not None]
    latest = with_values[-1] if with_values else None
    judgement = _judge(indicator, baseline_value, latest)
    return IndicatorSeries(indicator, points, baseline_value, latest, judgement)


def _judge(indicator: Indicator, baseline: float | None, latest: Point | None) -> Judgement:
    granularity = indicator.granularity
    if not (
        is_period(indicator.baseline_period, granularity)
        and is_period(indicator.target_period, granularity)
    ):
        return Judgement(None, "Okänt: utgångsläge eller målperiod saknas")
    return judge(
        direction=indicator.direction,
        baseline=(ordinal(indicator.baseline_period), baseline),
        target=(ordinal(indicator.target_period), indicator.target_value),
        latest=_at(latest),
    )


def _at(point: Point | None) -> tuple[int, float] | None:
    if point is None or point.value is None:
        return None
    return ordinal(point.period), float(point.value)


def period_is_valid(key: str) -> bool:
    try:
        period_kind(key)
    except ValueError:
        return False
    return True
