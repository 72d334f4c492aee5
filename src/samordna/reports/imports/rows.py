"""One file row -> one `ObservationInput` (references resolved from preloaded dicts) and
its natural key; every cell that cannot be read becomes a Problem at its column."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from samordna.analysis.periods import STOCKHOLM
from samordna.core.models import Area, Organisation, Place
from samordna.reports.categories import categories_for, walk
from samordna.reports.imports import values as v
from samordna.reports.imports.mapping import ColumnMapping
from samordna.reports.intake import ObservationInput
from samordna.reports.models import Category
from samordna.tabular import cells
from samordna.tabular.lookups import areas_by_name
from samordna.tabular.mapping import fold
from samordna.tabular.problems import Problem
from samordna.tabular.readers import SourceRow

KEY_MAX = 100
# Stands in for a start time that could not be read; such a row is never checked or written.
_NO_TIME = datetime.min.replace(tzinfo=UTC)
# Which columns a problem `check_observation` reports under a field most likely sits in.
CHECK_COLUMNS: dict[str, tuple[str, ...]] = {
    "occurred_from": ("from", "date", "time"),
    "occurred_to": ("to", "time", "time_band"),
    "longitude": ("lon", "lat"),
    "place": ("place", "address", "area", "lon"),
}

# Columns with few distinct values in a real file: each value is read once per import.
_REPEATED = frozenset(
    {"category", "date", "time", "time_band", "place", "area", "place_type", "people_count",
     "unsafety", "certainty", "reported_to_police"}
)  # fmt: skip


class RowProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(len(problems))
        self.problems = problems


@dataclass(frozen=True)
class Lookups:
    """Everything a row may refer to, loaded once: folded code or name -> row."""

    organisation_id: int
    categories: dict[str, Category]
    places: dict[str, Place]
    areas: dict[str, Area]

    @classmethod
    def load(cls, organisation: Organisation) -> Lookups:
        municipality_id = organisation.municipality_id
        # National first, so a municipality's own category wins on the same code or name.
        categories: dict[str, Category] = {}
        # Retired ones too, so that intake can say so; each row carries its intake state
        # (categories_for), so checking a row asks the database nothing.
        tree = categories_for(organisation.municipality, include_retired=True)
        for node in sorted(walk(tree), key=lambda n: n.is_local):
            c = node.category
            categories.update({fold(c.name): c, fold(node.name): c, fold(c.code): c})
        places = {
            fold(p.name): p
            for p in Place.objects.filter(municipality_id=municipality_id, is_active=True)
        }
        return cls(organisation.pk, categories, places, areas_by_name(municipality_id))


class RowReader:
    """Reads the mapped cells of one row; collects every problem before giving up."""

    def __init__(self, mapping: ColumnMapping, lookups: Lookups) -> None:
        self.mapping = mapping
        self.lookups = lookups
        self._row = SourceRow(0, ())
        self._problems: list[Problem] = []
        self._cache: dict[tuple[str, Any], tuple[Any, str]] = {}

    def read(self, row: SourceRow) -> tuple[ObservationInput, str]:
        self._row, self._problems = row, []
        band = self._get("time_band", cells.choice, v.TIME_BAND)
        occurred_from, occurred_to = self._times(band)
        data = ObservationInput(
            category=self._category(),
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            time_band=band,
            longitude=self._get("lon", cells.number),
            latitude=self._get("lat", cells.number),
            place=self._lookup("place", self.lookups.places, "Platsen"),
            address=self._get("address", cells.text) or "",
            area=self._lookup("area", self.lookups.areas, "Området"),
            place_type=self._get("place_type", cells.choice, v.PLACE_TYPE),
            people_count=self._get("people_count", cells.integer),
            unsafety=self._get("unsafety", cells.integer) or 0,
            certainty=self._get("certainty", cells.choice, v.CERTAINTY),
            reported_to_police=self._get("reported_to_police", cells.choice, v.POLICE) or "unknown",
            immediate_action=self._get("immediate_action", cells.text) or "",
            free_text=self._get("free_text", cells.text) or "",
        )
        key = self._key(data)
        if self._problems:
            raise RowProblems(self._problems)
        return data, key

    def cell(self, field: str) -> Any:
        return self.mapping.cell(self._row, field)

    def problem(self, fields: tuple[str, ...], reason: str) -> Problem:
        field = next((f for f in fields if f in self.mapping.fields), "")
        raw = self.cell(field) if field else None
        return Problem(self._row.number, self.mapping.column(field), _shown(raw), reason)

    def _get(self, field: str, parse: Any, *args: Any) -> Any:
        index = self.mapping.fields.get(field)
        if index is None:  # no such column: the parser's empty value, without a problem
            return parse(None, *args)
        cell = self._row.cells[index]
        # Hashable cells only; True would share a cache slot with 1.
        cacheable = field in _REPEATED and type(cell) in (str, int, float, type(None))
        if cacheable and (field, cell) in self._cache:
            value, reason = self._cache[(field, cell)]
        else:
            try:
                value, reason = parse(cell, *args), ""
            except cells.CellError as exc:
                value, reason = None, str(exc)
            if cacheable:
                self._cache[(field, cell)] = (value, reason)
        if reason:
            self._problems.append(self.problem((field,), reason))
        return value

    def _category(self) -> Category:
        value = self._get("category", cells.text)
        found = self.lookups.categories.get(fold(value or ""))
        if found is None:
            reason = "Ange kategori." if not value else "Kategorin finns inte (kod eller namn)."
            self._problems.append(self.problem(("category",), reason))
            return Category(name="?", is_active=False)
        return found

    def _lookup(self, field: str, table: dict[str, Any], label: str) -> Any:
        value = self._get(field, cells.text)
        if not value:
            return None
        found = table.get(fold(value))
        if found is None:
            self._problems.append(self.problem((field,), f"{label} finns inte i kommunen."))
        return found

    def _times(self, band: str) -> tuple[datetime, datetime | None]:
        start: datetime | None = None
        end: datetime | None = None
        if cells.text(self.cell("from")):
            start = self._get("from", cells.moment)
        elif cells.text(self.cell("date")):
            start, end = self._date_and_time(band)
        else:
            reason = "Ange datum (och gärna tid) eller från-tid."
            self._problems.append(self.problem(("date", "from"), reason))
        if cells.text(self.cell("to")):
            end = self._end(start)
        return start or _NO_TIME, end

    def _date_and_time(self, band: str) -> tuple[datetime | None, datetime | None]:
        day = self._get("date", cells.local_date)
        if day is None:
            return None, None
        if cells.text(self.cell("time")):
            clock = self._get("time", cells.local_time)
            return self._wall("time", datetime.combine(day, clock or time(0))), None
        if band in v.BAND_HOURS:
            return v.band_bounds(day, band)
        # A date alone: some time that day.
        midnight = datetime.combine(day, time(0))
        return self._wall("date", midnight), self._wall("date", midnight + timedelta(days=1))

    def _end(self, start: datetime | None) -> datetime | None:
        cell = self.cell("to")
        if isinstance(cell, time) or (
            isinstance(cell, str) and cells.TIME_ONLY.match(cell.strip())
        ):
            # Only a clock time: the same day as the start, or the next if it is earlier.
            clock = self._get("to", cells.local_time)
            if start is None or clock is None:
                return None
            local_start = start.astimezone(STOCKHOLM).replace(tzinfo=None)
            wall = datetime.combine(local_start.date(), clock)
            if wall < local_start:
                wall += timedelta(days=1)
            return self._wall("to", wall)
        result: datetime | None = self._get("to", cells.moment)
        return result

    def _wall(self, field: str, wall: datetime) -> datetime | None:
        try:
            return cells.to_utc(wall)
        except cells.CellError as exc:
            self._problems.append(self.problem((field,), str(exc)))
            return None

    def _key(self, data: ObservationInput) -> str:
        given = self._get("id", cells.text)
        if given:
            if len(given) > KEY_MAX:
                self._problems.append(
                    self.problem(("id",), f"Id:t får vara högst {KEY_MAX} tecken.")
                )
            return f"id:{given}"
        return "h:" + content_hash(data, self.lookups.organisation_id)


def content_hash(data: ObservationInput, organisation_id: int) -> str:
    """The same observation from the same organisation gives the same hash, in any format."""
    parts = (
        organisation_id,
        data.category.pk,
        data.occurred_from.isoformat(),
        data.occurred_to.isoformat() if data.occurred_to else "",
        data.time_band,
        "" if data.longitude is None else f"{data.longitude:.6f}",
        "" if data.latitude is None else f"{data.latitude:.6f}",
        data.place.pk if data.place else "",
        data.area.pk if data.area else "",
        data.address,
        data.place_type,
        "" if data.people_count is None else data.people_count,
        data.unsafety,
        data.certainty,
        data.reported_to_police,
        data.immediate_action,
        data.free_text,
    )
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _shown(cell: Any) -> str:
    try:
        return cells.text(cell)
    except cells.CellError:
        return str(cell)[:80]
