"""The XLSX export: one sheet per table of the picture, in Swedish.

Headers bold and frozen, column widths set, numbers as numbers, dates as dates (in
Swedish local time). The file is deterministic: the same document gives the same
bytes (openpyxl stamps "now" into the properties and the ZIP entries; both are
replaced by the picture's own `generated_at`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from samordna.reports.exports import neutralise
from samordna.situation.exports import xlsx_sheets

_DATE = "yyyy-mm-dd"
_TIME = "yyyy-mm-dd hh:mm"
_MAX_WIDTH = 60
# The ZIP format cannot store times before 1980; a fixed one keeps the bytes stable.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _value(value: Any) -> tuple[Any, str | None]:
    """A cell value and its number format: text neutralised (no formulas), bools as words."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", neutralise(value)), None
    if isinstance(value, datetime):
        return value, _TIME
    if isinstance(value, date):
        return value, _DATE
    return value, None


def _write_row(sheet: Any, row_number: int, values: Sequence[Any], *, bold: bool = False) -> None:
    from openpyxl.styles import Font

    for column, raw in enumerate(values, start=1):
        value, number_format = _value(raw)
        cell = sheet.cell(row=row_number, column=column, value=value)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)


def _widths(sheet: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Each column as wide as its longest text (dates and times as printed)."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in rows:
        for column, value in enumerate(row, start=1):
            text = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else str(value or "")
            widths[column] = max(widths.get(column, 0), len(text))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)


def _sheet(workbook: Any, tables: Sequence[xlsx_sheets.Table]) -> None:
    """One sheet named after the first table; the tables one under another, each with
    a bold header. A sheet of one table has its header frozen."""
    sheet = workbook.create_sheet(tables[0][0])
    row_number, written = 1, []
    for index, (title, header, rows) in enumerate(tables):
        if len(tables) > 1:
            _write_row(sheet, row_number, [title], bold=True)
            row_number += 1
        _write_row(sheet, row_number, header, bold=True)
        for row in rows:
            row_number += 1
            _write_row(sheet, row_number, row)
        written += [header, *rows]
        row_number += 2 if index < len(tables) - 1 else 1
    if len(tables) == 1:
        sheet.freeze_panes = "B2"
    _widths(sheet, written)


def _stable(data: bytes, stamp: datetime) -> bytes:
    """The same workbook with fixed ZIP times and the document's time as the file's
    created/modified time, so identical documents give identical files."""
    w3c = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _W3CDTF.sub(rb"\g<1>" + w3c + rb"\g<2>", content)
            target.writestr(
                zipfile.ZipInfo(info.filename, _ZIP_TIME), content, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def render(document: Mapping[str, Any]) -> bytes:
    from openpyxl import Workbook  # only exports that write Excel pay for it

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in xlsx_sheets.tables(document):
        _sheet(workbook, [table])
    _sheet(workbook, xlsx_sheets.meeting(document))
    # The picture's own time, in UTC as the file's properties want it (W3CDTF "Z").
    generated = datetime.fromisoformat(document["picture"]["generated_at"]).astimezone(UTC)
    workbook.properties.creator = "Samordna"
    workbook.properties.title = f"{document['municipality']['name']}, {document['period']['label']}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable(buffer.getvalue(), generated)
