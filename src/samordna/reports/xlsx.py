"""A small streaming XLSX writer: sheets of plain values (str, int, float, naive datetime,
None), written row by row into the ZIP, nothing kept in memory.

Why not openpyxl: profiled on 20,000 exported observations (bench/read_speed.py),
openpyxl's write-only mode spent about three quarters of its time building and
serialising one XML element per cell (et_xmlfile, as lxml is not installed). Writing
the same 20,111 converted rows took it 5.0 CPU seconds (about 4,000 rows per second,
before reading and converting them), this writer 0.6 s. An observation sheet needs no
more of the format than inline strings, numbers and one date style, written as text.
openpyxl still reads the files back in the tests.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import IO, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Excel's 1900 date system (from March 1900 on) counts days from a naive epoch.
_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001
_DAY = timedelta(days=1)
_BATCH = 1000
_DATETIME_STYLE = 1  # the second cellXfs entry in _STYLES


def _styles(time_format: str) -> str:
    return (
        f'<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{_escape(time_format)}"/>'
        "</numFmts>"
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        "</borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or '"' in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace('"', "&quot;")
    return text


class _Sheet:
    """One worksheet being written: rows go straight into its ZIP member."""

    def __init__(self, archive: zipfile.ZipFile, index: int, columns: int) -> None:
        self._out = archive.open(f"xl/worksheets/sheet{index}.xml", "w")
        self._letters = [get_column_letter(i + 1) for i in range(columns)]
        self._row = 0
        self._out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{_MAIN}">'
                        "<sheetData>".encode())  # fmt: skip

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        parts: list[str] = []
        letters, number = self._letters, self._row
        for row in rows:
            number += 1
            cells = []
            for letter, v in zip(letters, row, strict=False):
                if v is None or v == "":
                    continue
                kind = v.__class__
                if kind is str:
                    text = _escape(ILLEGAL_CHARACTERS_RE.sub("\ufffd", v))
                    cells.append(
                        f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{text}</t></is></c>"
                    )
                elif kind is datetime:
                    cells.append(
                        f'<c r="{letter}{number}" s="{_DATETIME_STYLE}">'
                        f"<v>{(v - _EPOCH) / _DAY!r}</v></c>"
                    )
                elif kind is bool:
                    cells.append(f'<c r="{letter}{number}" t="b"><v>{int(v)}</v></c>')
                else:  # int or float
                    cells.append(f'<c r="{letter}{number}"><v>{v!r}</v></c>')
            parts.append(f'<row r="{number}">{"".join(cells)}</row>')
            if len(parts) == _BATCH:
                self._out.write("".join(parts).encode())
                parts = []
        self._out.write("".join(parts).encode())
        self._row = number

    @property
    def rows(self) -> int:
        return self._row

    def close(self) -> None:
        self._out.write(b"</sheetData></worksheet>")
        self._out.close()


class Workbook:
    """`with Workbook(out, ["A", "B"], time_format) as book: book.sheet(columns).write(rows)`;
    one sheet open at a time, each named in the order given."""

    def __init__(self, out: IO[bytes], names: Sequence[str], time_format: str) -> None:
        self._archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
        self._names = list(names)
        self._time_format = time_format
        self._open: _Sheet | None = None
        self._count = 0

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: Any, error: Any, tb: Any) -> None:
        if kind is None:
            self._finish()
        self._archive.close()

    def sheet(self, columns: int) -> _Sheet:
        if self._open is not None:
            self._open.close()
        self._count += 1
        self._open = _Sheet(self._archive, self._count, columns)
        return self._open

    def _finish(self) -> None:
        if self._open is not None:
            self._open.close()
        sheets = range(1, len(self._names) + 1)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
            for i in sheets
        )
        office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        self._archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self._archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        listed = "".join(
            f'<sheet name="{_escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in zip(sheets, self._names, strict=True)
        )
        self._archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>{listed}</sheets></workbook>',
        )
        related = "".join(
            f'<Relationship Id="rId{i}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in sheets
        )
        styles = len(self._names) + 1
        self._archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE}">{related}<Relationship Id="rId{styles}" '
            f'Type="{_RELS}/styles" Target="styles.xml"/></Relationships>',
        )
        self._archive.writestr("xl/styles.xml", _styles(self._time_format))
