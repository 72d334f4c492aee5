"""Groups of a survey round as numbers the analysis can use, from either kind of data.

`RespondentData` holds an own survey's answers to one question as arrays (one entry per
respondent who answered); `AggregateData` an imported aggregate's rows. Both answer
the same question: what is group X (an area, a gender, an age band, or all)?
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

from samordna.analysis import surveys as a
from samordna.privacy.suppression import suppress_linked
from samordna.surveys.models import Survey, SurveyItem, SurveyResponse, SurveyResult

INDEX_MIN, INDEX_MAX = 0.0, 6.0
GENDERS = ("K", "M", "X")


@dataclass(frozen=True)
class Group:
    """A group's size and what the analysis needs of it."""

    n: int
    summary: a.Summary | None  # index items
    successes: float = 0.0  # share items

    def estimate(self) -> a.Estimate:
        if self.summary is not None:
            return a.mean_interval(self.summary)
        return a.share_interval(self.successes, self.n)


def gap(first: Group, second: Group) -> a.Gap | None:
    """first − second with its interval, or None when a group is too small to say."""
    if first.n < 2 or second.n < 2:
        return None
    if first.summary is not None and second.summary is not None:
        return a.mean_gap(first.summary, second.summary)
    return a.share_gap(first.estimate(), second.estimate())


class RespondentData:
    """One question of an own survey: area, gender, age band and answer per respondent.

    Respondents who answered "other" (or no) gender are never shown as a group, but
    all − women − men would give them back. So they count, in every figure, only in
    areas where at least `minimum` of them answered the question; elsewhere they are
    left out of every figure alike (the same rule in every view, so comparing views
    gives nothing back either).
    """

    def __init__(self, item: SurveyItem, area_id: int | None = None, *, minimum: int = 1) -> None:
        self.scale = item.scale
        responses = SurveyResponse.objects.filter(survey_id=item.survey_id)
        rows = list(responses.values_list("area_id", "gender", "age_band", "answers"))
        values = np.array([_number(r[3].get(item.code)) for r in rows], dtype=float)
        area = np.array([r[0] for r in rows], dtype=np.int64)
        gender = np.array([r[1] for r in rows], dtype=object)
        keep = ~np.isnan(values)
        other = keep & (gender == "X")
        for found in np.unique(area[other]):
            in_area = other & (area == found)
            if int(in_area.sum()) < minimum:
                keep &= ~in_area
        band = np.array([r[2] for r in rows], dtype=object)
        # Every area's respondents: what is hidden depends on the whole table.
        self.hidden = hidden_cells(area[keep], gender[keep], band[keep], minimum)
        if area_id is not None:
            keep &= area == area_id
        self.area, self.gender, self.values = area[keep], gender[keep], values[keep]
        self.band = band[keep]

    def group(self, mask: np.ndarray | None = None) -> Group:
        values = self.values if mask is None else self.values[mask]
        n = int(values.size)
        if n == 0:
            return Group(0, None)
        if self.scale == SurveyItem.Scale.SHARE:
            return Group(n, None, float(values.sum()))
        return Group(n, a.summarise(values))

    def by_area(self) -> dict[int, Group]:
        return {int(i): self.group(self.area == i) for i in np.unique(self.area)}

    def by_gender(self) -> tuple[dict[str, Group], int]:
        """Women and men, and how many answered "other" (in the total, never shown)."""
        groups = {g: self.group(self.gender == g) for g in ("K", "M")}
        return groups, int((self.gender == "X").sum())

    def by_band(self) -> dict[str, Group]:
        return {str(b): self.group(self.band == b) for b in sorted(set(self.band.tolist()))}


class AggregateData:
    """One item of an imported aggregate (police index or NTU share)."""

    def __init__(self, item: SurveyItem, area_id: int | None = None) -> None:
        self.scale = item.scale
        self.area_id = area_id
        self.rows = list(
            SurveyResult.objects.filter(item=item).values_list(
                "area_id", "region", "gender", "age_band", "value", "respondents"
            )
        )

    def _group(self, value: float, n: int) -> Group:
        if self.scale == SurveyItem.Scale.SHARE:
            return Group(n, None, value * n)
        summary = a.bounded_summary(value, n, scale_min=INDEX_MIN, scale_max=INDEX_MAX)
        return Group(n, summary)

    def _where(self, gender: str = "T", band: str = "") -> Iterable[tuple[int | None, str, Group]]:
        for area_id, region, g, b, value, n in self.rows:
            if g == gender and b == band:
                yield area_id, region, self._group(value, n)

    def total(self) -> Group:
        return self._find(self.area_id)

    def _find(self, area_id: int | None, gender: str = "T", band: str = "") -> Group:
        for found_area, region, group in self._where(gender, band):
            if found_area == area_id and not region:
                return group
        return Group(0, None)

    def by_area(self) -> dict[int, Group]:
        return {i: g for i, r, g in self._where() if i is not None}

    def regions(self) -> dict[str, Group]:
        return {r: g for i, r, g in self._where() if r}

    def by_gender(self) -> tuple[dict[str, Group], int]:
        groups = {g: self._find(self.area_id, gender=g) for g in ("K", "M")}
        total = self.total().n
        known = sum(g.n for g in groups.values())
        return groups, max(0, total - known) if total else 0

    def by_band(self) -> dict[str, Group]:
        bands = sorted({r[3] for r in self.rows if r[3] and r[0] == self.area_id and not r[1]})
        return {b: self._find(self.area_id, band=b) for b in bands}


def hidden_cells(
    area: np.ndarray, gender: np.ndarray, band: np.ndarray, minimum: int
) -> set[Hashable]:
    """Which cells of area x gender and area x age band (with their margins) may not be
    shown. Keys: ("t", area) totals, ("g", area, gender), ("b", area, band); area None
    is the whole municipality. Gender "other" is never shown but counts as hidden."""
    areas: list[int | None] = [int(i) for i in np.unique(area)]
    bands = sorted(set(band.tolist()))
    counts: dict[Hashable, int] = {("t", None): int(area.size)}
    partitions: list[list[Hashable]] = [[("t", i) for i in areas]]
    for i in [*areas, None]:
        in_area = np.ones(area.size, dtype=bool) if i is None else area == i
        counts[("t", i)] = int(in_area.sum())
        for g in GENDERS:
            counts[("g", i, g)] = int((in_area & (gender == g)).sum())
        for b in bands:
            counts[("b", i, b)] = int((in_area & (band == b)).sum())
        partitions.append([("g", i, g) for g in GENDERS])
        partitions.append([("b", i, b) for b in bands])
    for g in GENDERS:
        partitions.append([("g", i, g) for i in areas])
    for b in bands:
        partitions.append([("b", i, b) for i in areas])
    other = [("g", i, "X") for i in [*areas, None]]
    return suppress_linked(counts, partitions, minimum, unpublished=other)


def data_for(
    item: SurveyItem, survey: Survey, area_id: int | None, *, minimum: int
) -> RespondentData | AggregateData:
    if survey.is_respondent_level:
        return RespondentData(item, area_id, minimum=minimum)
    return AggregateData(item, area_id)


def _number(value: object) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else np.nan
    )
