"""Reading an import file (CSV, XLSX or JSON) into columns and numbered rows.

Rows are numbered as the person sees them: in CSV and XLSX the header is row 1, so
the first data row is row 2 (what Excel shows); in JSON row n is the n-th object.
Cells keep the type the format gives (text from CSV; dates and numbers from XLSX and
JSON); turning them into fields is the importing app's job (with `tabular.cells`).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

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


def read_table(name: str, data: bytes) -> Table:
    """Read `data` as the format its name (or, failing that, its content) says."""
    kind = file_format(name, data)
    table = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}[kind](data)
    if not table.rows:
        raise ImportRefused([Problem.general("Filen innehåller inga rader att importera.")])
    return table


def file_format(name: str, data: bytes) -> str:
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if data[:2] == b"PK":
        return "xlsx"
    return "json" if data.lstrip()[:1] == b"[" else "csv"


def read_csv(data: bytes) -> Table:
    """UTF-8 with or without BOM; `;` (Swedish Excel), `,` or tab, judged by the header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            [Problem.general("Filen är inte UTF-8. Spara den som ”CSV UTF-8” och försök igen.")]
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(records, None)
    if not header:
        raise ImportRefused([Problem.general("Filen saknar rubrikrad.")])
    columns = _columns(header)
    rows: list[SourceRow] = []
    problems: list[Problem] = []
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
        cells = tuple(record) + ("",) * (len(columns) - len(record))
        rows.append(SourceRow(number, cells))
    if problems:
        raise ImportRefused(problems)
    return Table("csv", columns, rows)


def read_xlsx(data: bytes) -> Table:
    """The first sheet; the first row is the header. Read-only mode keeps memory flat."""
    from openpyxl import load_workbook  # only imports that read Excel pay for it

    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefused(
            [Problem.general("Filen går inte att läsa som en Excel-fil (.xlsx).")]
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            raise ImportRefused([Problem.general("Arket saknar rubrikrad.")])
        columns = _columns(["" if h is None else str(h) for h in header])
        rows = _sheet_rows(values, len(columns))
    finally:
        workbook.close()
    return Table("xlsx", columns, rows)


def _sheet_rows(values: Any, width: int) -> list[SourceRow]:
    rows: list[SourceRow] = []
    problems: list[Problem] = []
    for number, cells in enumerate(values, start=2):
        # Counted with the empty rows: a sheet may declare millions of them.
        if number > ROWS_MAX + 1:
            raise too_many_rows()
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        texts = (c for c in cells[:width] if isinstance(c, str))
        problems += [p for c in texts if (p := check_text(c, number)) is not None][:1]
        rows.append(SourceRow(number, tuple(cells[:width]) + (None,) * (width - len(cells))))
    if problems:
        raise ImportRefused(problems)
    return rows


def _check_zip(data: bytes) -> None:
    """An XLSX is a zip: its members' declared sizes bound what reading it unpacks
    (Python's zipfile stops at the declared size), so they are checked first."""
    unreadable = ImportRefused(
        [Problem.general("Filen går inte att läsa som en Excel-fil (.xlsx).")]
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable from exc
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


def read_json(data: bytes) -> Table:
    """An array of objects; the columns are the keys in the order they first appear."""
    try:
        items = json.loads(data)
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
    rows = [
        SourceRow(number, tuple(item.get(c) for c in columns))
        for number, item in enumerate(items, start=1)
    ]
    problems = [
        problem
        for row in rows
        for cell in row.cells
        if isinstance(cell, str) and (problem := check_text(cell, row.number)) is not None
    ]
    if problems:
        raise ImportRefused(problems[:100])
    return Table("json", columns, rows)


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
