"""Observations out as CSV (in a ZIP with its manifest) and XLSX (with an "Om exporten" sheet).

The writers are plain functions over an iterable of records, tuples of FIELDS_READ as
`rows_of()` reads them from one values_list() cursor (no model instance per row, related
names by join, choice labels translated once per export); an Observation in memory is
taken too (tests). Testable without HTTP.
Headers are the Swedish ones the import reads (imports.mapping.FIELDS), so an export
can be imported again; the few extra columns (organisation, status, …) are ignored there.

The manifest counts the rows actually written, so it is filled in after the last row:
that is why the CSV travels in a ZIP with `manifest.json` after it. A download that
breaks off leaves a ZIP without its directory, which refuses to open — a truncated
export cannot pass for a complete one.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from typing import IO, Any, TextIO, cast

from django.db import models

from samordna.analysis.periods import STOCKHOLM
from samordna.reports import xlsx
from samordna.reports.imports.mapping import FIELDS
from samordna.reports.models import Observation

CSV_NAME = "iakttagelser.csv"
MANIFEST_NAME = "manifest.json"
ABOUT_SHEET = "Om exporten"
# A cell starting with one of these runs as a formula in Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_TIME = "yyyy-mm-dd hh:mm:ss"


def _local(moment: datetime | None) -> datetime | str | None:
    """Stockholm wall time, naive (what Excel shows). In the hour that happens twice when
    the clocks go back, the offset is written too, so the import reads the right one."""
    if moment is None:
        return None
    local = moment.astimezone(STOCKHOLM)
    # Only 02:xx on a day in October can be the hour that happens twice in Stockholm:
    # the exact test (two offsets for the same wall time) runs for those alone.
    if local.hour == 2 and local.month == 10:
        local = local.replace(microsecond=0)
        if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
            return local.isoformat(sep=" ")
    return local.replace(microsecond=0, tzinfo=None)


# What one row is read as: values_list() over these, joins for the related names (no
# model instance, no area geometry). `municipality_id` last, for the audit's counts.
FIELDS_READ = (
    "pk", "import_key", "category__code", "category__name", "occurred_from", "occurred_to",
    "time_band", "longitude", "latitude", "place__name", "area__name", "address",
    "place_type", "people_count", "unsafety", "certainty", "reported_to_police",
    "immediate_action", "free_text", "organisation__name", "status", "week_key",
    "report__submitted_at", "municipality_id",
)  # fmt: skip
MUNICIPALITY = FIELDS_READ.index("municipality_id")
PK, OCCURRED_FROM = FIELDS_READ.index("pk"), FIELDS_READ.index("occurred_from")
ORDER = ("-occurred_from", "-id")
# The headers, in the order of the columns: the first ones are the import's Swedish names.
HEADERS = [
    FIELDS["id"][0], FIELDS["category"][0], "kategorinamn", FIELDS["from"][0],
    FIELDS["to"][0], FIELDS["time_band"][0], FIELDS["lon"][0], FIELDS["lat"][0],
    FIELDS["place"][0], FIELDS["area"][0], FIELDS["address"][0], FIELDS["place_type"][0],
    FIELDS["people_count"][0], FIELDS["unsafety"][0], FIELDS["certainty"][0],
    FIELDS["reported_to_police"][0], FIELDS["immediate_action"][0], FIELDS["free_text"][0],
    "organisation", "status", "vecka", "inskickad",
]  # fmt: skip

Record = Sequence[Any]


def rows_of(observations: models.QuerySet[Observation], chunk_size: int = 2000) -> Iterator[Record]:
    """The records of `observations` (scoped and filtered), newest first, from one cursor."""
    return observations.order_by(*ORDER).values_list(*FIELDS_READ).iterator(chunk_size=chunk_size)


def counted(rows: Iterable[Record], counts: Counter[int]) -> Iterator[Record]:
    """The records as they come, counted per municipality (for the audit events)."""
    at = MUNICIPALITY
    for r in rows:
        counts[r[at]] += 1
        yield r


def record(o: Observation) -> tuple[Any, ...]:
    """An observation in memory as the record values_list() reads (tests, single rows)."""

    def name(related: Any) -> str | None:
        return related.name if related is not None else None

    return (
        o.pk, o.import_key, o.category.code, o.category.name, o.occurred_from, o.occurred_to,
        o.time_band, o.longitude, o.latitude, name(o.place), name(o.area), o.address,
        o.place_type, o.people_count, o.unsafety, o.certainty, o.reported_to_police,
        o.immediate_action, o.free_text, o.organisation.name, o.status, o.week_key,
        o.report.submitted_at, o.municipality_id,
    )  # fmt: skip


def _labels(name: str) -> dict[Any, str]:
    """A choice field's labels, translated once (get_FOO_display() does it every row)."""
    field = cast("models.Field[Any, Any]", Observation._meta.get_field(name))
    return {value: str(label) for value, label in field.flatchoices}


def converter() -> Callable[[Record | Observation], list[Any]]:
    """A function from a record (or an Observation) to its row: str (neutralised), int,
    float, naive local datetime or None. The labels are those of the language active now."""
    bands, kinds = _labels("time_band"), _labels("place_type")
    certainties, police, statuses = (
        _labels("certainty"), _labels("reported_to_police"), _labels("status")
    )  # fmt: skip
    local, start = _local, _FORMULA_START

    def convert(r: Record | Observation) -> list[Any]:
        if isinstance(r, Observation):
            r = record(r)
        (pk, key, code, category, begun, ended, band, lon, lat, place, area, address,
         kind, people, unsafety, certainty, reported, action, text, organisation, status,
         week, submitted, _) = r  # fmt: skip
        row = [
            # A row imported with the file's own id keeps it: importing the export again
            # into the same organisation then finds it and adds nothing.
            key[3:] if key.startswith("id:") else f"samordna-{pk}",
            code, category, local(begun), local(ended),
            bands.get(band, band) if band else "", lon, lat, place or "", area or "",
            address, kinds.get(kind, kind) if kind else "", people, unsafety,
            certainties.get(certainty, certainty), police.get(reported, reported), action,
            text, organisation, statuses.get(status, status), week, local(submitted),
        ]  # fmt: skip
        return ["'" + v if v.__class__ is str and v.startswith(start) else v for v in row]

    return convert


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class Manifest:
    """What an export holds: filters in words, how many rows, when and by whom."""

    file: str
    rows: int
    filters: list[tuple[str, str]]
    exported_by: str
    exported_at: str
    samordna_version: str
    time_zone: str = "Europe/Stockholm"
    columns: list[str] = field(default_factory=lambda: list(HEADERS))

    def to_json(self) -> str:
        data = asdict(self) | {"filters": [{"filter": k, "value": v} for k, v in self.filters]}
        return json.dumps(data, ensure_ascii=False, indent=2)

    def lines(self) -> list[tuple[str, str | int]]:
        """The manifest for people (the XLSX sheet "Om exporten")."""
        filters = self.filters or [("Filter", "inga (allt du har behörighet att se)")]
        return [
            ("Antal rader", self.rows),
            ("Exporterad", self.exported_at),
            ("Exporterad av", self.exported_by),
            ("Samordna-version", self.samordna_version),
            ("Tider", "svensk tid (Europe/Stockholm)"),
            ("Urval", "bara iakttagelser som den som exporterade har behörighet att se"),
            *filters,
        ]


@dataclass(frozen=True)
class ExportInfo:
    """Everything a manifest needs except the row count, known only at the end."""

    file: str
    filters: list[tuple[str, str]]
    exported_by: str
    exported_at: datetime

    def manifest(self, rows: int) -> Manifest:
        at = self.exported_at.astimezone(STOCKHOLM).replace(microsecond=0)
        return Manifest(self.file, rows, self.filters, self.exported_by, at.isoformat(), _version())


def _version() -> str:
    try:
        return version("samordna")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "okänd"


# --- CSV ---------------------------------------------------------------------------------

Rows = Iterable[Record | Observation]


def _csv_line(row: list[Any]) -> list[Any]:
    # The csv module writes None as "" and a datetime as str() (ISO with a space); a
    # float gets a decimal comma, because Swedish Excel reads one.
    return [repr(v).replace(".", ",") if v.__class__ is float else v for v in row]


def _csv_writer(out: TextIO) -> Any:
    # ";" because Swedish Excel splits on it (it uses "," for decimals).
    return csv.writer(out, delimiter=";", lineterminator="\r\n")


def write_csv(rows: Rows, out: TextIO) -> int:
    """The header and one line per record; returns the number of rows written.
    Open `out` with encoding "utf-8-sig" (the BOM tells Excel it is UTF-8) and newline=""."""
    writer, convert = _csv_writer(out), converter()
    writer.writerow(HEADERS)
    count = 0
    for chunk in _batches(rows, 1000):
        writer.writerows([_csv_line(convert(r)) for r in chunk])
        count += len(chunk)
    return count


class _Pipe(io.RawIOBase):
    """Collects what zipfile writes so it can be handed on in pieces (not seekable:
    zipfile then writes each member's sizes after its data)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def _batches(rows: Rows, size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def iter_csv_zip(
    rows: Rows,
    info: ExportInfo,
    on_complete: Callable[[Manifest], None] = lambda manifest: None,
    batch: int = 2000,
) -> Iterator[bytes]:
    """A ZIP of `iakttagelser.csv` and `manifest.json`, in pieces as the rows come.
    `on_complete` gets the manifest after the last row, before the ZIP is closed.
    The labels are translated now, in the language of the caller (not of the stream)."""
    return _csv_zip(rows, info, on_complete, batch, converter())


def _csv_zip(
    rows: Rows,
    info: ExportInfo,
    on_complete: Callable[[Manifest], None],
    batch: int,
    convert: Callable[[Record | Observation], list[Any]],
) -> Iterator[bytes]:
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as archive:
        count = 0
        with io.TextIOWrapper(
            archive.open(CSV_NAME, "w"), encoding="utf-8-sig", newline=""
        ) as text:
            writer = _csv_writer(text)
            writer.writerow(HEADERS)
            for chunk in _batches(rows, batch):
                writer.writerows([_csv_line(convert(r)) for r in chunk])
                count += len(chunk)
                text.flush()
                yield pipe.take()
        manifest = info.manifest(count)
        archive.writestr(MANIFEST_NAME, manifest.to_json())
        on_complete(manifest)
    yield pipe.take()


def write_csv_zip(rows: Rows, out: IO[bytes], info: ExportInfo) -> Manifest:
    """The same ZIP written to a file; returns its manifest."""
    done: list[Manifest] = []
    for piece in iter_csv_zip(rows, info, done.append):
        out.write(piece)
    return done[0]


# --- XLSX ------------------------------------------------------------------------------


def write_xlsx(rows: Rows, out: IO[bytes], info: ExportInfo) -> Manifest:
    """Sheet "Iakttagelser" with the rows, sheet "Om exporten" with the manifest, written
    as they come (reports.xlsx): memory stays flat."""
    convert = converter()
    with xlsx.Workbook(out, ["Iakttagelser", ABOUT_SHEET], _XLSX_TIME) as book:
        sheet = book.sheet(len(HEADERS))
        sheet.write([HEADERS])
        for chunk in _batches(rows, 1000):
            sheet.write([convert(r) for r in chunk])
        manifest = info.manifest(sheet.rows - 1)
        # Filter values are whatever was typed in the URL: as inert as the rows.
        lines = [
            (label, neutralise(value) if isinstance(value, str) else value)
            for label, value in manifest.lines()
        ]
        book.sheet(2).write(lines)
    return manifest
