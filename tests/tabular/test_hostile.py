"""Hostile files get a Swedish refusal and are never read into memory or time
without bound (issue 15, item 1): a zip bomb, a sheet declaring 20 M rows, JSON nested
100,000 deep, NUL bytes and control characters."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from samordna.tabular import readers
from samordna.tabular.files import FileUnreadable, read_json_file
from samordna.tabular.problems import ImportRefused


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        readers.read_table(name, data)
    return " ".join(p.reason for p in refused.value.problems)


def _xlsx(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    sheet = Workbook()
    sheet.active.append(["kategori"])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx(sheet))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        # 8 MB of nothing packs to a few kB: a ratio no spreadsheet has.
        bomb.writestr("xl/sharedStrings2.xml", b"\0" * (8 * 1024 * 1024))
    reason = _refusal("bomb.xlsx", out.getvalue())
    assert "packas upp" in reason
    assert "CSV" in reason


def test_a_sheet_declaring_a_million_empty_rows_stops_at_the_bound(monkeypatch):
    monkeypatch.setattr(readers, "ROWS_MAX", 2_000)  # the same walk, shorter
    workbook = Workbook()
    workbook.active.append(["kategori"])
    # Excel's last row: the reader walks every empty row up to it.
    workbook.active.cell(row=1_048_576, column=1, value="klotter")
    assert "fler än 2 000 rader" in _refusal("lang.xlsx", _xlsx(workbook))


def test_json_nested_deeper_than_the_parser_goes_is_refused(tmp_path):
    deep = b"[" * 100_000 + b"]" * 100_000
    assert "för djupt nästlad" in _refusal("djup.json", deep)
    path = tmp_path / "omraden.json"
    path.write_bytes(deep)
    with pytest.raises(FileUnreadable, match="för djupt nästlad"):
        read_json_file(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rader.csv", "kategori;fritext\nklotter;före\x00efter\n".encode()),
        ("rader.csv", b"kategori;fritext\nklotter;dold\x1btext\n"),
        ("rader.json", '[{"kategori": "klotter", "fritext": "före\\u0000efter"}]'.encode()),
    ],
)
def test_nul_and_control_characters_in_text_are_refused(name, data):
    assert "styrtecken" in _refusal(name, data)


def test_tabs_and_line_breaks_in_a_cell_are_text():
    table = readers.read_table(
        "rader.csv", 'kategori;fritext\nklotter;"rad ett\nrad\ttvå"\n'.encode()
    )
    assert table.rows[0].cells[1] == "rad ett\nrad\ttvå"


def test_too_long_a_cell_and_too_many_columns_are_refused():
    long_cell = "kategori;fritext\nklotter;" + "x" * (readers.CELL_MAX + 1) + "\n"
    assert "längre än" in _refusal("rader.csv", long_cell.encode())
    wide = ";".join(f"k{n}" for n in range(readers.COLUMNS_MAX + 1)) + "\n" + "x\n"
    assert "kolumner" in _refusal("rader.csv", wide.encode())
