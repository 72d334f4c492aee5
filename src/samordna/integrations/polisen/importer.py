"""Importing police events: every record is checked first, then all are written in
one transaction, or none.

An event is known by its police id: importing the same events again adds nothing,
and writes nothing at all when nothing differs. An event that did change (the
police edit summaries), or that now belongs to a municipality registered since the
last import, is updated in place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from samordna.core.audit import record
from samordna.core.models import Municipality, User
from samordna.integrations.models import ExternalEvent
from samordna.integrations.polisen.bulk import insert_events
from samordna.integrations.polisen.records import PolisenEvent, parse_records
from samordna.integrations.sweden import MUNICIPALITIES

SOURCE = ExternalEvent.Source.POLISEN
# The fields an import writes and compares; `imported_at` keeps the first import's time.
FIELDS = (
    "occurred_at",
    "week_key",
    "tertial_key",
    "type",
    "name",
    "summary",
    "url",
    "location_name",
    "county",
    "municipality_id",
    "municipality_name",
    "is_summary",
    "area_centre_lat",
    "area_centre_lon",
)
# Below SQLite's 999 variables per statement, with room for the source.
_MUNICIPALITY = FIELDS.index("municipality_id")
_LOOKUP_CHUNK = 900
_UPDATE_BATCH = 500
_SHOWN_PROBLEMS = 50


class PolisenImportError(ValueError):
    """The import cannot go ahead. `problems` holds every reason, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do), counted over unique events."""

    total: int
    created: int
    updated: int
    unchanged: int
    in_registered: int
    summaries: int
    county_only: int
    unknown_place: int
    duplicates: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        done = f"{_n(self.created)} nya"
        if self.updated:
            done += f", {_n(self.updated)} uppdaterade"
        text = (
            f"{_n(self.total)} händelser: {done}, {_n(self.unchanged)} fanns redan; "
            f"{_n(self.in_registered)} i registrerade kommuner, "
            f"{_n(self.summaries)} sammanfattningar, {_n(self.county_only)} bara län"
        )
        if self.unknown_place:
            text += f", {_n(self.unknown_place)} med okänd plats"
        if self.duplicates:
            text += f" ({_n(self.duplicates)} dubbletter i indata räknades en gång)"
        return f"{text} (provkörning, inget sparades)" if self.dry_run else text


def _n(number: int) -> str:
    """Swedish digit grouping: 83 808."""
    return f"{number:,}".replace(",", " ")


def polisen_events_import(
    *,
    actor: User | None,
    records: Sequence[Any],
    municipality: Municipality | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Store the police's events (the API's own array shape); on any problem raise and
    write nothing. `municipality` limits the import to the events belonging to it."""
    events, problems = parse_records(records)
    if problems:
        raise PolisenImportError(_shown(problems, len(records)))
    unique = {event.external_id: event for event in events}
    registered = _registered_municipalities()
    rows = {key: _values(event, registered) for key, event in unique.items()}
    if municipality is not None:
        rows = {key: row for key, row in rows.items() if row[_MUNICIPALITY] == municipality.pk}
    with transaction.atomic():
        existing = _existing(list(rows))
        new = [key for key in rows if key not in existing]
        changed = [key for key in rows if key in existing and existing[key][1:] != rows[key]]
        result = _result(unique, rows, new, changed, dry_run, duplicates=len(events) - len(unique))
        if not dry_run and (new or changed):
            _write(rows, new, {key: existing[key][0] for key in changed})
            _audit(actor, rows, new, changed, result)
    return result


def _shown(problems: list[str], total: int) -> list[str]:
    head = [f"{_n(len(problems))} av {_n(total)} poster går inte att läsa:"]
    rest = len(problems) - _SHOWN_PROBLEMS
    tail = [f"… och {_n(rest)} fel till."] if rest > 0 else []
    return head + problems[:_SHOWN_PROBLEMS] + tail


def _registered_municipalities() -> dict[str, int]:
    """Official municipality name -> pk of the registered Municipality, by code or name."""
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for pk, name, code in Municipality.objects.values_list("pk", "name", "code"):
        by_code[code] = pk
        by_name[name.strip().casefold()] = pk
    found = {m.name: by_code.get(m.code) or by_name.get(m.name.casefold()) for m in MUNICIPALITIES}
    return {name: pk for name, pk in found.items() if pk is not None}


def _values(event: PolisenEvent, registered: dict[str, int]) -> tuple[Any, ...]:
    """The event's row in FIELDS order."""
    place = event.place.municipality
    return (
        event.occurred_at,
        event.week_key,
        event.tertial_key,
        event.type,
        event.name,
        event.summary,
        event.url,
        event.location_name,
        event.place.county,
        registered.get(place.name) if place else None,
        place.name if place else "",
        event.is_summary,
        event.area_centre_lat,
        event.area_centre_lon,
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(keys: list[str]) -> dict[str, tuple[Any, ...]]:
    """Stored events among `keys`: police id -> (pk, *FIELDS)."""
    # All stored ids first, in one query: a first import (or a poll of mostly new
    # events) then reads no rows at all.
    stored_ids = set(
        ExternalEvent.objects.filter(source=SOURCE).values_list("external_id", flat=True)
    )
    known = [key for key in keys if key in stored_ids]
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(known, _LOOKUP_CHUNK):
        stored = ExternalEvent.objects.filter(source=SOURCE, external_id__in=chunk)
        for external_id, *values in stored.values_list("external_id", "pk", *FIELDS):
            found[external_id] = tuple(values)
    return found


def _result(
    unique: dict[str, PolisenEvent],
    rows: dict[str, tuple[Any, ...]],
    new: list[str],
    changed: list[str],
    dry_run: bool,
    duplicates: int,
) -> ImportResult:
    places = [unique[key].place for key in rows]
    return ImportResult(
        total=len(rows),
        created=len(new),
        updated=len(changed),
        unchanged=len(rows) - len(new) - len(changed),
        in_registered=sum(1 for row in rows.values() if row[_MUNICIPALITY] is not None),
        summaries=sum(1 for key in rows if unique[key].is_summary),
        county_only=sum(1 for place in places if place.is_county_only),
        unknown_place=sum(1 for place in places if place.is_unknown),
        duplicates=duplicates,
        dry_run=dry_run,
    )


def _write(rows: dict[str, tuple[Any, ...]], new: list[str], changed: dict[str, int]) -> None:
    insert_events(
        ("external_id", *FIELDS),
        ((key, *rows[key]) for key in new),
        constants={"source": SOURCE, "imported_at": timezone.now()},
    )
    if changed:
        ExternalEvent.objects.bulk_update(
            [_event(key, rows[key], pk=pk) for key, pk in changed.items()],
            fields=[field.removesuffix("_id") for field in FIELDS],
            batch_size=_UPDATE_BATCH,
        )


def _event(key: str, row: tuple[Any, ...], **extra: Any) -> ExternalEvent:
    return ExternalEvent(
        source=SOURCE, external_id=key, **dict(zip(FIELDS, row, strict=True)), **extra
    )


def _audit(
    actor: User | None,
    rows: dict[str, tuple[Any, ...]],
    new: list[str],
    changed: list[str],
    result: ImportResult,
) -> None:
    """One event per affected municipality, so its admins see it; else one without."""
    created = Counter(rows[key][_MUNICIPALITY] for key in new)
    updated = Counter(rows[key][_MUNICIPALITY] for key in changed)
    totals = {"events": result.total, "created": result.created, "updated": result.updated}
    affected = sorted(pk for pk in {*created, *updated} if pk is not None)
    for municipality in Municipality.objects.filter(pk__in=affected):
        record(
            actor=actor,
            action="polisen.import",
            municipality=municipality,
            changes={
                "created": created[municipality.pk],
                "updated": updated[municipality.pk],
                "import": totals,
            },
        )
    if not affected:
        record(actor=actor, action="polisen.import", changes={"import": totals})
