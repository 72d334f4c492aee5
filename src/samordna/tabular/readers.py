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
        if not any(cell.strip() for cell in record):
            continue
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
        width = len(columns)
        rows = [
            SourceRow(number, tuple(cells[:width]) + (None,) * (width - len(cells)))
            for number, cells in enumerate(values, start=2)
            if any(c is not None and str(c).strip() for c in cells)
        ]
    finally:
        workbook.close()
    return Table("xlsx", columns, rows)


def read_json(data: bytes) -> Table:
    """An array of objects; the columns are the keys in the order they first appear."""
    try:
        items = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused([Problem.general("Filen är inte giltig JSON i UTF-8.")]) from exc
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ImportRefused(
            [Problem.general("JSON-filen ska vara en lista av objekt: [{…}, {…}].")]
        )
    columns = _columns(list(dict.fromkeys(str(k) for item in items for k in item)))
    rows = [
        SourceRow(number, tuple(item.get(c) for c in columns))
        for number, item in enumerate(items, start=1)
    ]
    return Table("json", columns, rows)


def _columns(header: list[str]) -> tuple[str, ...]:
    columns = tuple(h.strip() for h in header)
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            raise ImportRefused(
                [Problem.general("Kolumnen finns två gånger i rubrikraden.", column=name)]
            )
        seen.add(name)
    return columns
