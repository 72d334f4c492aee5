"""Observations out as CSV (in a ZIP with its manifest) and XLSX (with an "Om exporten" sheet).

The writers are plain functions over an iterable of observations (fetch them with
`select_related(*RELATED)` and `.iterator(chunk_size=...)`): testable without HTTP.
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any, TextIO

from samordna.analysis.periods import STOCKHOLM
from samordna.reports.imports.mapping import FIELDS
from samordna.reports.models import Observation

RELATED = ("category", "organisation", "place", "area", "report")
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
    local = moment.astimezone(STOCKHOLM).replace(microsecond=0)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return local.isoformat(sep=" ")
    return local.replace(tzinfo=None)


def _export_id(o: Observation) -> str:
    # A row imported with the file's own id keeps it: importing the export again into the
    # same organisation then finds it and adds nothing. Other rows get Samordna's id.
    return o.import_key[3:] if o.import_key.startswith("id:") else f"samordna-{o.pk}"


def _name(related: Any) -> str:
    return related.name if related is not None else ""


# (header, value): the first headers are the import's own Swedish names.
COLUMNS: list[tuple[str, Callable[[Observation], Any]]] = [
    (FIELDS["id"][0], _export_id),
    (FIELDS["category"][0], lambda o: o.category.code),
    ("kategorinamn", lambda o: o.category.name),
    (FIELDS["from"][0], lambda o: _local(o.occurred_from)),
    (FIELDS["to"][0], lambda o: _local(o.occurred_to)),
    (FIELDS["time_band"][0], lambda o: o.get_time_band_display() if o.time_band else ""),
    (FIELDS["lon"][0], lambda o: o.longitude),
    (FIELDS["lat"][0], lambda o: o.latitude),
    (FIELDS["place"][0], lambda o: _name(o.place)),
    (FIELDS["area"][0], lambda o: _name(o.area)),
    (FIELDS["address"][0], lambda o: o.address),
    (FIELDS["place_type"][0], lambda o: o.get_place_type_display() if o.place_type else ""),
    (FIELDS["people_count"][0], lambda o: o.people_count),
    (FIELDS["unsafety"][0], lambda o: o.unsafety),
    (FIELDS["certainty"][0], lambda o: o.get_certainty_display()),
    (FIELDS["reported_to_police"][0], lambda o: o.get_reported_to_police_display()),
    (FIELDS["immediate_action"][0], lambda o: o.immediate_action),
    (FIELDS["free_text"][0], lambda o: o.free_text),
    ("organisation", lambda o: o.organisation.name),
    ("status", lambda o: o.get_status_display()),
    ("vecka", lambda o: o.week_key),
    ("inskickad", lambda o: _local(o.report.submitted_at)),
]
HEADERS = [header for header, _ in COLUMNS]


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def values(o: Observation) -> list[Any]:
    """One row: str (neutralised), int, float, naive local datetime or None."""
    row = [value(o) for _, value in COLUMNS]
    return [neutralise(str(v)) if isinstance(v, str) else v for v in row]


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


# --- CSV -------------------------------------------------------------------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",")  # Swedish Excel reads a decimal comma
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _csv_writer(out: TextIO) -> Any:
    # ";" because Swedish Excel splits on it (it uses "," for decimals).
    return csv.writer(out, delimiter=";", lineterminator="\r\n")


def _write_csv_rows(rows: Iterable[Observation], writer: Any) -> int:
    count = 0
    for o in rows:
        writer.writerow([_csv_cell(v) for v in values(o)])
        count += 1
    return count


def write_csv(rows: Iterable[Observation], out: TextIO) -> int:
    """The header and one line per observation; returns the number of rows written.
    Open `out` with encoding "utf-8-sig" (the BOM tells Excel it is UTF-8) and newline=""."""
    writer = _csv_writer(out)
    writer.writerow(HEADERS)
    return _write_csv_rows(rows, writer)


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


def _batches(rows: Iterable[Observation], size: int) -> Iterator[list[Observation]]:
    batch: list[Observation] = []
    for o in rows:
        batch.append(o)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_csv_zip(
    rows: Iterable[Observation],
    info: ExportInfo,
    on_complete: Callable[[Manifest], None] = lambda manifest: None,
    batch: int = 1000,
) -> Iterator[bytes]:
    """A ZIP of `iakttagelser.csv` and `manifest.json`, in pieces as the rows come.
    `on_complete` gets the manifest after the last row, before the ZIP is closed."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as archive:
        count = 0
        with io.TextIOWrapper(
            archive.open(CSV_NAME, "w"), encoding="utf-8-sig", newline=""
        ) as text:
            writer = _csv_writer(text)
            writer.writerow(HEADERS)
            for chunk in _batches(rows, batch):
                count += _write_csv_rows(chunk, writer)
                text.flush()
                yield pipe.take()
        manifest = info.manifest(count)
        archive.writestr(MANIFEST_NAME, manifest.to_json())
        on_complete(manifest)
    yield pipe.take()


def write_csv_zip(rows: Iterable[Observation], out: IO[bytes], info: ExportInfo) -> Manifest:
    """The same ZIP written to a file; returns its manifest."""
    done: list[Manifest] = []
    for piece in iter_csv_zip(rows, info, done.append):
        out.write(piece)
    return done[0]


# --- XLSX ------------------------------------------------------------------------------


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # Control characters cannot be stored in XLSX at all (openpyxl refuses them).
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = _XLSX_TIME
        return cell
    return value


def write_xlsx(rows: Iterable[Observation], out: IO[bytes], info: ExportInfo) -> Manifest:
    """Sheet "Iakttagelser" with the rows, sheet "Om exporten" with the manifest.
    Write-only mode: rows go to disk as they come, memory stays flat."""
    from openpyxl import Workbook  # only exports that write Excel pay for it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Iakttagelser")
    sheet.append(HEADERS)
    count = 0
    for o in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in values(o)])
        count += 1
    manifest = info.manifest(count)
    about = workbook.create_sheet(ABOUT_SHEET)
    for label, value in manifest.lines():
        # Filter values are whatever was typed in the URL: as inert and clean as the rows.
        about.append(
            [label, _xlsx_cell(about, neutralise(value) if isinstance(value, str) else value)]
        )
    workbook.save(out)
    return manifest
