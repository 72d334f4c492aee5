"""Hostile import files (issue 15): small on disk, huge or harmful when read."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bomb(header: list[str]) -> bytes:
    """A valid sheet plus a member that unpacks far beyond its packed size."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx([header]))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        bomb.writestr("xl/sharedStrings2.xml", b"\0" * (8 * 1024 * 1024))
    return out.getvalue()


def declared_rows(header: list[str], rows: int = 20_000_000) -> bytes:
    """A sheet whose one data row says it is row `rows`: a reader walks every empty
    row before it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx([header, ["x"] * len(header)]))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as changed,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="2">', f'<row r="{rows}">'.encode())
                data = re.sub(
                    rb'<dimension ref="A1:([A-Z]+)2"',
                    rb'<dimension ref="A1:\g<1>' + str(rows).encode() + b'"',
                    data,
                )
                for column in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
                    data = data.replace(f'r="{column}2"'.encode(), f'r="{column}{rows}"'.encode())
            changed.writestr(member, data)
    return out.getvalue()


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def nul_csv(header: list[str], row: list[str]) -> bytes:
    """A CSV whose first data row has a NUL byte in its first cell."""
    cells = [row[0] + "\0", *row[1:]]
    return (";".join(header) + "\n" + ";".join(cells) + "\n").encode()
