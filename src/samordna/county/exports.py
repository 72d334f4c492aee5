"""The compliance overview as files: XLSX (openpyxl, a small sheet) and PDF (WeasyPrint),
both with the cells of `compliance.table()`, the same as the page."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone

from samordna.county.compliance import HEADERS, ComplianceRow
from samordna.reports.exports import neutralise

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(county_code: str, fmt: str) -> str:
    return f"efterlevnad-lan-{county_code}-{timezone.localdate().isoformat()}.{fmt}"


def render_xlsx(title: str, rows: list[ComplianceRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Efterlevnad"
    sheet.append([neutralise(h) for h in HEADERS])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row.cells])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFGH", (18, 14, 14, 18, 14, 36, 22, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B2"
    workbook.properties.creator = "Samordna"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(title: str, rows: list[ComplianceRow]) -> bytes:
    from weasyprint import HTML  # needs pango: imported on use

    html = render_to_string(
        "county/compliance_pdf.html",
        {"title": title, "headers": HEADERS, "rows": rows, "printed_on": timezone.localdate()},
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
