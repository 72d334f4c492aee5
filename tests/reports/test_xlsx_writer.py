"""The streaming XLSX writer (reports.xlsx): what it writes reads back as written."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from samordna.reports import xlsx


def test_values_of_every_kind_read_back_as_written():
    # given rows with text that looks like markup, spaces at the ends, a control
    # character, numbers, a naive datetime and empty cells
    moment = datetime(2026, 10, 25, 2, 30, 15)  # noqa: DTZ001 - the writer takes wall time
    rows = [
        ["rubrik", "tal", "när"],
        ['<b>"Ö&Ä"</b>', 3, moment],
        ["  luft runt  ", 15.25, None],
        ["tab\x0bbed", None, ""],
    ]
    out = io.BytesIO()

    # when they are written as the first of two sheets
    with xlsx.Workbook(out, ["Iakttagelser", "Om <exporten>"], "yyyy-mm-dd hh:mm:ss") as book:
        book.sheet(3).write(rows[:2])
        book.sheet(3).write([["Antal rader", 2]])  # a new sheet closes the first
    workbook = load_workbook(io.BytesIO(out.getvalue()))

    # then openpyxl reads the same values, the time as a datetime with its format
    assert workbook.sheetnames == ["Iakttagelser", "Om <exporten>"]
    sheet = workbook["Iakttagelser"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["rubrik", "tal", "när"],
        ['<b>"Ö&Ä"</b>', 3, moment],
    ]
    assert sheet["C2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet["C2"].is_date
    assert list(workbook["Om <exporten>"].values) == [("Antal rader", 2)]


def test_rows_written_in_several_calls_continue_and_empty_cells_stay_empty():
    out = io.BytesIO()
    with xlsx.Workbook(out, ["Blad"], "yyyy-mm-dd") as book:
        sheet = book.sheet(3)
        sheet.write([["  luft runt  ", 15.25, None]])
        sheet.write([["tab\x0bbed", None, ""]])
        assert sheet.rows == 2
    values = list(load_workbook(io.BytesIO(out.getvalue()))["Blad"].values)
    # spaces at the ends kept; a control character XLSX cannot hold replaced; no cell is
    # written for None or "", so the sheet ends at its last value
    assert values == [("  luft runt  ", 15.25), ("tab\ufffdbed", None)]
