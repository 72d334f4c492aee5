"""What the public page shows: aggregates only, every small number suppressed.

Observations: from the confirmed weekly pictures (status confirmed or distributed, the
newest such version of each week), only the frozen `areas[].count` and
`totals.count` are read, never the observations, the meeting or any text. A week
belongs to the calendar quarter of its first day (Monday, `period.start`): week 1 of
2026 starts on 29 December 2025 and so counts in 2025's fourth quarter.

Surveys: the headline figures of the newest round of each survey, from
`samordna.surveys.selectors` (already suppressed there), suppressed again here.

Citizen promises: the published ones, with each party's commitments, their status and
public status line only (public/promises.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone

from samordna.analysis.periods import STOCKHOLM, iso_week
from samordna.privacy.suppression import suppress_partition
from samordna.public.models import Publication
from samordna.public.promises import PublicPromise, promises_version, published_promises
from samordna.situation.models import SituationPicture
from samordna.surveys import selectors as survey_selectors
from samordna.surveys.models import Survey, SurveyItem

QUARTERS = 8
QUARTER_RULE = (
    "Summan av de fastställda veckolägesbildernas antal per område; en vecka räknas "
    "till det kvartal som dess måndag ligger i."
)
CONFIRMED = (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)


@dataclass(frozen=True)
class Figure:
    """One published number, or why there is none. `text` is all the page shows."""

    value: float | None
    text: str
    reason: str = ""  # "small", "complement" (hidden to protect a small one), "no_data"

    @property
    def suppressed(self) -> bool:
        return self.reason in {"small", "complement"}

    def as_json(self, name: str = "value") -> dict[str, Any]:
        data: dict[str, Any] = {name: self.value, "suppressed": self.suppressed}
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass
class Row:
    code: str
    name: str
    figures: list[Figure]


@dataclass
class CountTable:
    quarters: list[str]  # "2026-Q3"
    rows: list[Row]
    total: list[Figure]


@dataclass
class SurveyRow:
    question: str
    scale: str
    whole: Figure
    women: Figure
    men: Figure
    areas: list[Row] = field(default_factory=list)


@dataclass
class SurveyBlock:
    title: str
    year: int
    is_synthetic: bool
    minimum: int
    rows: list[SurveyRow]
    areas: list[str] = field(default_factory=list)  # the columns; every row has them all


@dataclass
class PublicPage:
    municipality: str
    slug: str
    intro: str
    min_count: int
    counts: CountTable | None
    surveys: list[SurveyBlock] | None
    promises: list[PublicPromise] = field(default_factory=list)


def published(slug: str) -> Publication | None:
    return (
        Publication.objects.select_related("municipality")
        .filter(municipality__slug=slug, is_published=True)
        .first()
    )


def quarter_key(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def recent_quarters(today: date, n: int = QUARTERS) -> list[tuple[str, date]]:
    """The last `n` calendar quarters up to today's, oldest first, with their first day."""
    year, index = today.year, (today.month - 1) // 3
    found = []
    for _ in range(n):
        found.append((f"{year}-Q{index + 1}", date(year, 3 * index + 1, 1)))
        year, index = (year - 1, 3) if index == 0 else (year, index - 1)
    return found[::-1]


def cache_version(publication: Publication) -> str:
    """Changes whenever the page would: the choices, a confirmation, a new round, a new
    quarter. Part of the cache key, so nothing has to be invalidated by hand."""
    pictures = SituationPicture.objects.filter(
        municipality_id=publication.municipality_id, kind="week", status__in=CONFIRMED
    ).aggregate(n=Count("id"), last=Max("confirmed_at"))
    surveys = Survey.objects.filter(municipality_id=publication.municipality_id).aggregate(
        n=Count("id"), last=Max("id")
    )
    last = pictures["last"].timestamp() if pictures["last"] else 0
    quarter = quarter_key(timezone.now().astimezone(STOCKHOLM).date())
    return (
        f"{publication.updated_at.timestamp()}-{pictures['n']}-{last}"
        f"-{surveys['n']}-{surveys['last']}-{quarter}"
        f"-{promises_version(publication.municipality_id)}"
    )


def public_page(publication: Publication, *, today: date | None = None) -> PublicPage:
    today = today or timezone.now().astimezone(STOCKHOLM).date()
    municipality = publication.municipality
    minimum = publication.min_count
    return PublicPage(
        municipality=municipality.name,
        slug=municipality.slug,
        intro=publication.intro,
        min_count=minimum,
        counts=_counts(publication, today) if publication.show_pictures else None,
        surveys=_surveys(publication) if publication.show_surveys else None,
        promises=published_promises(municipality.pk),
    )


# --- Observations per area and quarter -------------------------------------------------


def _weeks(municipality_id: int, since: date) -> list[tuple[str, list[dict[str, Any]], int]]:
    """(period start, areas, total count) of the newest confirmed version of each week.

    Only those three keys of the frozen document are read from the database."""
    rows = (
        SituationPicture.objects.filter(
            municipality_id=municipality_id,
            kind="week",
            status__in=CONFIRMED,
            snapshot__isnull=False,
            period_key__gte=iso_week(since - timedelta(days=7)),
        )
        .order_by("period_key", "-version")
        .values_list("period_key", "snapshot__period__start", "snapshot__areas", "snapshot__totals")
    )
    newest: dict[str, tuple[str, list[dict[str, Any]], int]] = {}
    for key, start, areas, totals in rows:
        if key not in newest:
            newest[key] = (start, areas or [], int((totals or {}).get("count") or 0))
    return list(newest.values())


def _counts(publication: Publication, today: date) -> CountTable:
    quarters = recent_quarters(today)
    keys = [key for key, _ in quarters]
    by_area: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[str, str] = {}
    totals: dict[str, int] = defaultdict(int)
    for start, areas, week_total in _weeks(publication.municipality_id, quarters[0][1]):
        quarter = quarter_key(date.fromisoformat(start))
        if quarter not in keys:
            continue
        totals[quarter] += week_total
        for area in areas:
            names[area["code"]] = area["name"]
            by_area[area["code"]][quarter] += int(area.get("count") or 0)
    columns = {q: _column(by_area, q, totals, publication.min_count) for q in keys}
    ordered = sorted(names, key=lambda code: names[code])
    rows = [Row(code, names[code], [columns[q][code] for q in keys]) for code in ordered]
    total = [_total_figure(totals, q, publication.min_count) for q in keys]
    return CountTable(keys, rows, total)


def _column(
    by_area: dict[str, dict[str, int]], quarter: str, totals: dict[str, int], minimum: int
) -> dict[str, Figure]:
    """One quarter's cells. The quarter's total is shown, so the hidden cells (with the
    observations outside every area, which are not shown) must together reach the
    threshold, or a shown cell is hidden too (privacy.suppression)."""
    if quarter not in totals:
        return {code: Figure(None, "–", "no_data") for code in by_area}
    counts = {code: quarters.get(quarter, 0) for code, quarters in by_area.items()}
    outside = max(0, totals[quarter] - sum(counts.values()))
    complement = suppress_partition(counts, minimum, remainder=outside)
    figures = {}
    for code, n in counts.items():
        if n < minimum:
            figures[code] = small(minimum)
        elif code in complement:
            figures[code] = Figure(None, "visas inte", "complement")
        else:
            figures[code] = Figure(n, str(n))
    return figures


def _total_figure(totals: dict[str, int], quarter: str, minimum: int) -> Figure:
    if quarter not in totals:
        return Figure(None, "–", "no_data")
    n = totals[quarter]
    return small(minimum) if n < minimum else Figure(n, str(n))


def small(minimum: int, unit: str = "") -> Figure:
    """Every count below the threshold, 0 included: the phrase, never the number."""
    return Figure(None, f"färre än {minimum}{unit}", "small")


# --- Survey headline figures -------------------------------------------------------------

NO_ANSWERS = Figure(None, "inga svar", "no_data")


def _surveys(publication: Publication) -> list[SurveyBlock]:
    minimum = max(survey_selectors.min_respondents(), publication.min_count)
    rounds = Survey.objects.filter(municipality_id=publication.municipality_id).order_by(
        "kind", "title", "-year"
    )
    newest: dict[tuple[str, str], Survey] = {}
    for survey in rounds:
        newest.setdefault((survey.kind, survey.title), survey)
    blocks = []
    for survey in newest.values():
        rows = [_survey_row(survey, item, minimum) for item in survey.items.all()]
        areas = sorted({area.name for row in rows for area in row.areas})
        for row in rows:  # items of imported aggregates may cover different areas
            found = {area.name: area for area in row.areas}
            row.areas = [found.get(name) or Row("", name, [NO_ANSWERS]) for name in areas]
        block = SurveyBlock(survey.title, survey.year, survey.is_synthetic, minimum, rows, areas)
        blocks.append(block)
    return blocks


def _survey_row(survey: Survey, item: SurveyItem, minimum: int) -> SurveyRow:
    results = survey_selectors.item_results(survey, item, area=None, minimum=minimum)
    by_area = results.by_area
    whole = by_area.total if by_area and by_area.total else results.by_gender.total
    women, men = results.by_gender.cells[:2]
    areas = [
        Row("", cell.label, [_survey_figure(cell, minimum)])
        for cell in (by_area.cells if by_area else [])
    ]
    return SurveyRow(
        item.question,
        item.scale,
        _survey_figure(whole, minimum),
        _survey_figure(women, minimum),
        _survey_figure(men, minimum),
        areas,
    )


def _survey_figure(cell: survey_selectors.Cell | None, minimum: int) -> Figure:
    """The estimate alone (no interval, no n); suppressed again below `minimum`."""
    if cell is None or (cell.estimate is None and not cell.suppressed):
        return NO_ANSWERS
    estimate = cell.estimate
    if cell.suppressed or estimate is None or estimate.n < minimum:
        return small(minimum, " svar")
    return Figure(round(estimate.value, 3), survey_selectors.fmt(estimate.value, cell.scale))
