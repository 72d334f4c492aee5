"""Reading an import file (CSV, XLSX or JSON) into columns and numbered rows.

Rows are numbered as the person sees them: in CSV and XLSX the header is row 1, so
the first data row is row 2 (what Excel shows); in JSON row n is the n-th object.
Cells keep the type the format gives (text from CSV; dates and numbers from XLSX and
JSON); turning them into fields is the importing app's job (with `tabular.cells`).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from samordna.tabular.problems import ImportRefused, Problem

FORMATS = ("csv", "xlsx", "json")
_DELIMITERS = (";", ",", "\t")

# Bounds on what one file may hold, whatever its size on disk: a small XLSX or JSON can
# unpack or nest into gigabytes or hours of work (a zip bomb, a sheet declaring 20 M rows).
ROWS_MAX = 500_000  # rows, empty ones included: what the reader walks
COLUMNS_MAX = 200
CELL_MAX = 10_000  # characters in one cell
XLSX_UNPACKED_MAX = 300 * 1024 * 1024  # bytes, all members of the zip together
XLSX_RATIO_MAX = 200  # unpacked / packed, for a member over 1 MB unpacked
# Text of a cell: no NUL and no control characters but tab and line breaks (PostgreSQL
# refuses NUL in text; the others are never meant, and hide what a cell says).
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}


_NOT_XLSX = "Filen går inte att läsa som en Excel-fil (.xlsx)."


def too_many_rows() -> ImportRefused:
    return ImportRefused(
        [Problem.general(f"Filen har fler än {ROWS_MAX:,} rader. Dela upp den.".replace(",", " "))]
    )


def has_control_character(text: str) -> bool:
    """NUL or another control character (tab and line breaks are text)."""
    return not _CONTROL.isdisjoint(text)


def check_text(value: str, number: int, column: str = "") -> Problem | None:
    """A cell's text within bounds: not too long, no NUL or control character."""
    if len(value) > CELL_MAX:
        return Problem(number, column, "", f"Cellen är längre än {CELL_MAX} tecken.")
    if has_control_character(value):
        return Problem(
            number, column, "", "Cellen innehåller ett styrtecken (t.ex. NUL). Ta bort det."
        )
    return None


@dataclass(frozen=True, slots=True)
class SourceRow:
    number: int
    cells: tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """A file's header and its non-empty rows."""

    format: str
    columns: tuple[str, ...]
    rows: list[SourceRow]


@dataclass(frozen=True)
class TableStream:
    """A file's header, and its non-empty rows as they are read: nothing holds the
    whole file. Iterating raises ImportRefused (after the last row, listing every row's
    problem; at once for a bound) as reading the file whole would."""

    format: str
    columns: tuple[str, ...]
    rows: Iterator[SourceRow]


def read_table(name: str, data: bytes) -> Table:
    """Read `data` as the format its name (or, failing that, its content) says."""
    stream = stream_table(name, io.BytesIO(data), file_format(name, data[:64]))
    return Table(stream.format, stream.columns, list(stream.rows))


def open_table(name: str, path: Path) -> TableStream:
    """Stream the file at `path` (its rows are read as they are asked for)."""
    with path.open("rb") as head:
        start = head.read(64)
    return stream_table(name, path.open("rb"), file_format(name, start))


def stream_table(name: str, source: BinaryIO, kind: str) -> TableStream:
    reader = {"csv": stream_csv, "xlsx": stream_xlsx, "json": stream_json}[kind]
    try:
        columns, rows = reader(source)
    except BaseException:
        source.close()
        raise
    return TableStream(kind, columns, _not_empty(rows, source))


def _not_empty(rows: Iterator[SourceRow], source: BinaryIO) -> Iterator[SourceRow]:
    try:
        empty = True
        for row in rows:
            empty = False
            yield row
        if empty:
            raise ImportRefused([Problem.general("Filen innehåller inga rader att importera.")])
    finally:
        source.close()


def file_format(name: str, start: bytes) -> str:
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if start[:2] == b"PK":
        return "xlsx"
    return "json" if start.lstrip()[:1] == b"[" else "csv"


_NOT_UTF8 = "Filen är inte UTF-8. Spara den som ”CSV UTF-8” och försök igen."


def stream_csv(source: BinaryIO) -> tuple[tuple[str, ...], Iterator[SourceRow]]:
    """UTF-8 with or without BOM; `;` (Swedish Excel), `,` or tab, judged by the header.
    Read line by line: the file is never held whole."""
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        first_line = text.readline(CELL_MAX * COLUMNS_MAX)
    except UnicodeDecodeError as exc:
        raise ImportRefused([Problem.general(_NOT_UTF8)]) from exc
    delimiter = max(_DELIMITERS, key=first_line.count)
    records = csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
    header = next(records, None)
    if not header:
        raise ImportRefused([Problem.general("Filen saknar rubrikrad.")])
    columns = _columns(header)
    return columns, _csv_rows(records, columns)


def _csv_rows(records: Iterator[list[str]], columns: tuple[str, ...]) -> Iterator[SourceRow]:
    problems: list[Problem] = []
    try:
        for number, record in enumerate(records, start=2):
            if number > ROWS_MAX + 1:
                raise too_many_rows()
            if not any(cell.strip() for cell in record):
                continue
            problems += [p for c in record if (p := check_text(c, number)) is not None][:1]
            if len(record) > len(columns):
                reason = f"Raden har {len(record)} värden men rubrikraden {len(columns)} kolumner."
                problems.append(Problem(number, "", "", reason))
                continue
            yield SourceRow(number, tuple(record) + ("",) * (len(columns) - len(record)))
    except UnicodeDecodeError as exc:
        raise ImportRefused([Problem.general(_NOT_UTF8)]) from exc
    except csv.Error as exc:  # a field past csv's own limit (131 072 characters)
        raise ImportRefused([Problem.general(f"Cellen är längre än {CELL_MAX} tecken.")]) from exc
    if problems:
        raise ImportRefused(problems)


def stream_xlsx(source: BinaryIO) -> tuple[tuple[str, ...], Iterator[SourceRow]]:
    """The first sheet; the first row is the header. Read-only mode keeps memory flat."""
    from openpyxl import load_workbook  # only imports that read Excel pay for it

    _check_zip(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefused([Problem.general(_NOT_XLSX)]) from exc
    try:
        values = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            raise ImportRefused([Problem.general("Arket saknar rubrikrad.")])
        columns = _columns(["" if h is None else str(h) for h in header])
    except BaseException:
        workbook.close()
        raise
    return columns, _sheet_rows(workbook, values, len(columns))


def _sheet_rows(workbook: Any, values: Any, width: int) -> Iterator[SourceRow]:
    problems: list[Problem] = []
    try:
        for number, cells in enumerate(values, start=2):
            # Counted with the empty rows: a sheet may declare millions of them.
            if number > ROWS_MAX + 1:
                raise too_many_rows()
            if not any(c is not None and str(c).strip() for c in cells):
                continue
            texts = (c for c in cells[:width] if isinstance(c, str))
            problems += [p for c in texts if (p := check_text(c, number)) is not None][:1]
            yield SourceRow(number, tuple(cells[:width]) + (None,) * (width - len(cells)))
    finally:
        workbook.close()
    if problems:
        raise ImportRefused(problems)


def xlsx_unpacked_size(source: BinaryIO | Path) -> int:
    """What the XLSX's members declare they unpack to, together (bytes)."""
    return sum(m.file_size for m in _members(source))


def _members(source: BinaryIO | Path) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(source) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused([Problem.general(_NOT_XLSX)]) from exc


def _check_zip(source: BinaryIO) -> None:
    """An XLSX is a zip: its members' declared sizes bound what reading it unpacks
    (Python's zipfile stops at the declared size), so they are checked first."""
    members = _members(source)
    source.seek(0)
    unpacked = sum(m.file_size for m in members)
    bomb = any(
        m.file_size > 1024 * 1024 and m.file_size > XLSX_RATIO_MAX * max(m.compress_size, 1)
        for m in members
    )
    if unpacked > XLSX_UNPACKED_MAX or bomb:
        raise ImportRefused(
            [
                Problem.general(
                    "Excel-filen packas upp till mer än vad en import får vara "
                    f"({XLSX_UNPACKED_MAX // (1024 * 1024)} MB) eller är packad på ett sätt "
                    "som inte liknar ett vanligt kalkylark. Spara den som CSV och försök igen."
                )
            ]
        )


def stream_json(source: BinaryIO) -> tuple[tuple[str, ...], Iterator[SourceRow]]:
    """An array of objects; the columns are the keys in the order they first appear.
    JSON is parsed whole (the standard library has no streaming parser); the job bounds
    it by its size first (tabular.memory)."""
    try:
        items = json.loads(source.read())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused([Problem.general("Filen är inte giltig JSON i UTF-8.")]) from exc
    except RecursionError as exc:  # nested deeper than Python's parser goes
        raise ImportRefused([Problem.general("JSON-filen är för djupt nästlad.")]) from exc
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ImportRefused(
            [Problem.general("JSON-filen ska vara en lista av objekt: [{…}, {…}].")]
        )
    if len(items) > ROWS_MAX:
        raise too_many_rows()
    columns = _columns(list(dict.fromkeys(str(k) for item in items for k in item)))
    problems = [
        problem
        for number, item in enumerate(items, start=1)
        for cell in item.values()
        if isinstance(cell, str) and (problem := check_text(cell, number)) is not None
    ]
    if problems:
        raise ImportRefused(problems[:100])
    return columns, (
        SourceRow(number, tuple(item.get(c) for c in columns))
        for number, item in enumerate(items, start=1)
    )


def _columns(header: list[str]) -> tuple[str, ...]:
    if len(header) > COLUMNS_MAX:
        raise ImportRefused(
            [Problem.general(f"Filen har fler än {COLUMNS_MAX} kolumner i rubrikraden.")]
        )
    columns = tuple(h.strip() for h in header)
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            raise ImportRefused(
                [Problem.general("Kolumnen finns två gånger i rubrikraden.", column=name)]
            )
        seen.add(name)
    return columns
