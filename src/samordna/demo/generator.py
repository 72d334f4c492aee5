"""Synthetic observations for the demo municipality: numpy and shapely, no Django.

Each day is drawn from its own random stream, seeded by (seed, day), so a day looks
the same whichever range it is generated in: a later run can add only the new days.
The one thing that depends on `today` is the growing problem (it grows towards
`today`); `now()` is never read here.

Counts are Poisson per area and category, shaped by hour, weekday and month
(`profiles.py`). Points fall uniformly inside the area polygons, except a share of
some categories that cluster within ~200 m of a hot spot. Memory stays flat: the
caller takes one day at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from samordna.core.demo import cast
from samordna.core.geo import SWEREF99TM, WGS84, reproject
from samordna.demo import profiles

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The stored choice values of reports.models.Observation, in the profiles' order.
CERTAINTY = ("observed", "suspected", "heard")
PLACE_TYPE = ("public", "semi_public", "indoor")
POLICE = ("yes", "no", "unknown")
OBSERVATIONS_PER_REPORT = 3
HOT_SPOT_SIGMA_M = 70.0
HOT_SPOT_RADIUS_M = 200.0


def read_areas(path: Path = cast.AREAS_FILE) -> list[tuple[str, dict[str, Any]]]:
    """(name, GeoJSON geometry in WGS84) for each feature of a FeatureCollection."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"]["name"], f["geometry"]) for f in collection["features"]]


def time_band(hour: int) -> str:
    """The Observation.TimeBand a local hour falls in."""
    if 6 <= hour < 10:
        return "morning"
    if 10 <= hour < 17:
        return "day"
    if 17 <= hour < 22:
        return "evening"
    return "night"


@dataclass(frozen=True)
class SyntheticObservation:
    """One generated observation, in the terms of reports.models.Observation."""

    occurred_at: datetime
    longitude: float
    latitude: float
    area: str
    category: str
    unsafety: int
    certainty: str
    people_count: int | None
    time_band: str
    place_type: str
    reported_to_police: str
    free_text: str
    place: str | None
    reporter: str
    report: int


@dataclass(frozen=True)
class DayBatch:
    """One local day of observations as columns (indices into the generator's tables)."""

    day: date
    seconds: np.ndarray  # since local midnight
    longitude: np.ndarray
    latitude: np.ndarray
    area: np.ndarray
    category: np.ndarray
    unsafety: np.ndarray
    certainty: np.ndarray
    people: np.ndarray  # -1 where not given
    place_type: np.ndarray
    police: np.ndarray
    phrase: np.ndarray
    place: np.ndarray  # hot-spot index or -1
    reporter: np.ndarray
    report: np.ndarray  # rows with equal (reporter, report) form one report
    generator: Generator

    def __len__(self) -> int:
        return len(self.seconds)

    def records(self) -> Iterator[SyntheticObservation]:
        g = self.generator
        midnight = datetime.combine(self.day, time(0), tzinfo=STOCKHOLM)
        for i in range(len(self)):
            seconds = int(self.seconds[i])
            people = int(self.people[i])
            place = int(self.place[i])
            yield SyntheticObservation(
                # Wall-clock arithmetic in Stockholm, then UTC: right across DST changes.
                occurred_at=(midnight + timedelta(seconds=seconds)).astimezone(UTC),
                longitude=float(self.longitude[i]),
                latitude=float(self.latitude[i]),
                area=g.area_names[self.area[i]],
                category=g.category_codes[self.category[i]],
                unsafety=int(self.unsafety[i]) + 1,
                certainty=CERTAINTY[self.certainty[i]],
                people_count=people if people >= 0 else None,
                time_band=time_band(seconds // 3600),
                place_type=PLACE_TYPE[self.place_type[i]],
                reported_to_police=POLICE[self.police[i]],
                free_text=g.phrases[self.phrase[i]],
                place=profiles.HOT_SPOTS[place].place if place >= 0 else None,
                reporter=g.reporters[self.reporter[i]],
                report=int(self.report[i]),
            )


@cache
def _from_sweref() -> Transformer:
    return Transformer.from_crs(SWEREF99TM, WGS84, always_xy=True)


def _probabilities(rows: Sequence[Sequence[float]]) -> np.ndarray:
    table = np.asarray(rows, dtype=float)
    normalised: np.ndarray = table / table.sum(axis=1, keepdims=True)
    return normalised


def _pick(rng: np.random.Generator, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each row index, one column drawn with that row's probabilities."""
    cumulative = np.cumsum(table[rows], axis=1)
    draws = rng.random(len(rows))[:, None]
    # Rounding can leave the last cumulative sum a hair below 1: clamp to the last column.
    picked: np.ndarray = np.minimum((draws > cumulative).sum(axis=1), table.shape[1] - 1)
    return picked


class Generator:
    """Synthetic observations over the given areas, reproducible from `seed`."""

    def __init__(
        self, areas: Sequence[tuple[str, dict[str, Any]]], *, seed: int, scale: float = 1.0
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.seed = seed
        self.area_names = [name for name, _ in areas]
        self._polygons = [shape(geometry) for _, geometry in areas]
        shapely.prepare(self._polygons)
        self._sweref = [reproject(p, WGS84, SWEREF99TM) for p in self._polygons]
        self.category_codes = [p.code for p in profiles.PROFILES]
        self.reporters = [o.slug for o in cast.ORGANISATIONS]
        self.phrases = [text for p in profiles.PROFILES for text in p.phrases]
        self._build_tables(scale)
        self._build_hot_spots()

    def _build_tables(self, scale: float) -> None:
        ps = profiles.PROFILES
        mean_weight = float(np.mean(list(profiles.AREA_WEIGHTS.values())))
        weights = np.array([profiles.AREA_WEIGHTS.get(n, mean_weight) for n in self.area_names])
        tilt = np.array(
            [[profiles.AREA_TILTS.get((a, p.code), 1.0) for p in ps] for a in self.area_names]
        )
        per_week = np.array([p.per_week for p in ps])
        self._daily = scale * tilt * np.outer(weights / weights.sum(), per_week) / 7
        self._weekday = np.array([profiles.WEEKDAYS[p.weekdays] for p in ps]).T  # 7 x C
        self._season = np.array([profiles.SEASONS[p.season] for p in ps]).T  # 12 x C
        hour_kinds = sorted(profiles.HOURS)
        self._hour_kind = np.array([hour_kinds.index(p.hours) for p in ps])
        self._hours = _probabilities([profiles.HOURS[k] for k in hour_kinds])
        self._unsafety = _probabilities([p.unsafety for p in ps])
        self._certainty = _probabilities([p.certainty for p in ps])
        self._place_type = _probabilities([p.place_type for p in ps])
        self._police = _probabilities([p.police for p in ps])
        self._people_least = np.array([p.people[0] if p.people else -1 for p in ps])
        self._people_extra = np.array([p.people[1] if p.people else 0.0 for p in ps])
        self._reporter = _probabilities(
            [[1.0 if slug in p.reporters else 0.0 for slug in self.reporters] for p in ps]
        )
        counts = np.array([len(p.phrases) for p in ps])
        self._phrase_count = counts
        self._phrase_offset = np.concatenate([[0], np.cumsum(counts)[:-1]])
        # The growing problem's extra, at full strength; rates() scales it by the ramp.
        self._growth = np.zeros_like(self._daily)
        if profiles.GROWTH_AREA in self.area_names:
            self._growth[
                self.area_names.index(profiles.GROWTH_AREA),
                self.category_codes.index(profiles.GROWTH_CATEGORY),
            ] = profiles.GROWTH_FACTOR - 1

    def _build_hot_spots(self) -> None:
        places = {p.name: p for p in cast.PLACES}
        to_sweref = Transformer.from_crs(WGS84, SWEREF99TM, always_xy=True)
        self._spots: list[tuple[int, np.ndarray, float, tuple[float, float]]] = []
        for spot in profiles.HOT_SPOTS:
            place = places[spot.place]
            if place.area not in self.area_names:
                self._spots.append((-1, np.array([], dtype=int), 0.0, (0.0, 0.0)))
                continue
            codes = np.array([self.category_codes.index(c) for c in spot.categories])
            centre = to_sweref.transform(place.longitude, place.latitude)
            self._spots.append((self.area_names.index(place.area), codes, spot.share, centre))

    def rates(self, day: date, *, today: date) -> np.ndarray:
        """Expected observations per area and category on `day` (areas x categories)."""
        ramp = 1 - (today - day).days / profiles.GROWTH_DAYS
        growth = 1 + self._growth * float(np.clip(ramp, 0.0, 1.0))
        rates: np.ndarray = (
            self._daily * self._weekday[day.weekday()] * self._season[day.month - 1] * growth
        )
        return rates

    def days(self, start: date, end: date, *, today: date) -> Iterator[DayBatch]:
        """Each day in [start, end), one batch at a time."""
        for offset in range((end - start).days):
            yield self.day(start + timedelta(days=offset), today=today)

    def day(self, day: date, *, today: date) -> DayBatch:
        rng = np.random.default_rng([self.seed, day.toordinal()])
        counts = rng.poisson(self.rates(day, today=today)).ravel()
        cells = np.repeat(np.arange(counts.size), counts)
        area, category = np.divmod(cells, len(self.category_codes))
        n = len(cells)
        hour = _pick(rng, self._hours, self._hour_kind[category])
        seconds = hour * 3600 + rng.integers(0, 3600, n)
        people = self._people_least[category] + rng.poisson(self._people_extra[category])
        phrase = self._phrase_offset[category] + (
            rng.random(n) * self._phrase_count[category]
        ).astype(int)
        columns = {
            "unsafety": _pick(rng, self._unsafety, category),
            "certainty": _pick(rng, self._certainty, category),
            "place_type": _pick(rng, self._place_type, category),
            "police": _pick(rng, self._police, category),
            "reporter": _pick(rng, self._reporter, category),
            "people": np.where(self._people_least[category] < 0, -1, people),
            "phrase": phrase,
        }
        place = self._assign_hot_spots(rng, area, category)
        longitude, latitude = self._locate(rng, area, place)
        order = np.argsort(seconds, kind="stable")
        report = _report_numbers(columns["reporter"][order])
        return DayBatch(
            day=day,
            seconds=seconds[order],
            longitude=longitude[order],
            latitude=latitude[order],
            area=area[order],
            category=category[order],
            place=place[order],
            report=report,
            generator=self,
            **{name: values[order] for name, values in columns.items()},
        )

    def _assign_hot_spots(
        self, rng: np.random.Generator, area: np.ndarray, category: np.ndarray
    ) -> np.ndarray:
        place = np.full(len(area), -1)
        draws = rng.random(len(area))
        for index, (spot_area, codes, share, _) in enumerate(self._spots):
            chosen = (area == spot_area) & np.isin(category, codes) & (draws < share)
            place[chosen & (place < 0)] = index
        return place

    def _locate(
        self, rng: np.random.Generator, area: np.ndarray, place: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        longitude = np.empty(len(area))
        latitude = np.empty(len(area))
        for a in range(len(self.area_names)):
            scattered = np.flatnonzero((area == a) & (place < 0))
            lon, lat = self._sample(rng, a, len(scattered), centre=None)
            longitude[scattered], latitude[scattered] = lon, lat
        for index, (spot_area, _, _, centre) in enumerate(self._spots):
            clustered = np.flatnonzero(place == index)
            lon, lat = self._sample(rng, spot_area, len(clustered), centre=centre)
            longitude[clustered], latitude[clustered] = lon, lat
        return longitude, latitude

    def _sample(
        self, rng: np.random.Generator, area: int, n: int, *, centre: tuple[float, float] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """n points inside an area: uniform, or around `centre` (SWEREF metres)."""
        lon_parts: list[np.ndarray] = []
        lat_parts: list[np.ndarray] = []
        missing = n
        while missing > 0:
            # Propose a few more than needed; rejection keeps the ones inside.
            size = max(2 * missing, 8)
            x, y = self._propose(rng, area, size, centre)
            lon, lat = _from_sweref().transform(x, y)
            inside = shapely.contains_xy(self._polygons[area], lon, lat)
            lon_parts.append(lon[inside][:missing])
            lat_parts.append(lat[inside][:missing])
            missing -= len(lon_parts[-1])
        if not lon_parts:
            return np.empty(0), np.empty(0)
        return np.concatenate(lon_parts), np.concatenate(lat_parts)

    def _propose(
        self, rng: np.random.Generator, area: int, size: int, centre: tuple[float, float] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        if centre is None:
            minx, miny, maxx, maxy = self._sweref[area].bounds
            return rng.uniform(minx, maxx, size), rng.uniform(miny, maxy, size)
        dx, dy = rng.normal(0.0, HOT_SPOT_SIGMA_M, (2, size))
        near = np.hypot(dx, dy) <= HOT_SPOT_RADIUS_M
        return centre[0] + dx[near], centre[1] + dy[near]


def _report_numbers(reporter: np.ndarray) -> np.ndarray:
    """Numbers each reporter's rows (in time order) into reports of a few observations."""
    order = np.argsort(reporter, kind="stable")
    sorted_reporters = reporter[order]
    starts = np.flatnonzero(np.r_[True, sorted_reporters[1:] != sorted_reporters[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(reporter)]))
    numbers = np.empty(len(reporter), dtype=int)
    numbers[order] = (np.arange(len(reporter)) - run_start) // OBSERVATIONS_PER_REPORT
    return numbers
