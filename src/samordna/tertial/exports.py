"""The tertial analysis as PDF (WeasyPrint, A4) and XLSX, both written from its sections
(tertial.sections), with the charts of tertial.charts beside their tables."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samordna.tertial.charts import tertial_charts
from samordna.tertial.models import TertialAnalysis
from samordna.tertial.sections import sections, with_charts
from samordna.tertial.tables import plain, trend_table

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(c: Mapping[str, Any], fmt: str) -> str:
    return f"tertialanalys-{c['municipality']['slug']}-{c['period']['key']}.{fmt}"


def render(c: Mapping[str, Any], analysis: TertialAnalysis | None, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(c, analysis)
    if fmt == "xlsx":
        return render_xlsx(c, analysis)
    raise ValueError(f"unknown format {fmt!r}")


def render_html(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> str:
    return render_to_string(
        "tertial/pdf.html",
        {
            "c": c,
            "analysis": analysis,
            "sections": with_charts(sections(c, analysis), tertial_charts(c)),
            "trend": trend_table(c),
        },
    )


def render_pdf(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> bytes:
    from weasyprint import HTML  # needs pango: imported only when a PDF is made

    pdf: bytes = HTML(string=render_html(c, analysis)).write_pdf()
    return pdf


def xlsx_tables(
    c: Mapping[str, Any], analysis: TertialAnalysis | None
) -> list[tuple[str, list[tuple[str, list[str], list[list[Any]]]]]]:
    """(sheet name, [(table title, header, rows)]) per section, as the XLSX holds them."""
    sheets = []
    for section in sections(c, analysis):
        tables = [(t.caption, t.header, t.rows) for t in section.tables]
        if section.id == "sammanfattning":
            trend = trend_table(c)
            tables.append((trend.caption, trend.header, trend.rows))
        if section.texts:
            tables.append(
                (section.title, [_("Rubrik"), _("Text")], [[h, t] for h, t in section.texts])
            )
        sheets.append((section.sheet[:31], tables))
    return sheets


def render_xlsx(c: Mapping[str, Any], analysis: TertialAnalysis | None) -> bytes:
    from openpyxl import Workbook

    from samordna.situation.exports.xlsx import _stable, _widths, _write_row

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, tables in xlsx_tables(c, analysis):
        sheet = workbook.create_sheet(name)
        row_number, written = 1, []
        for title, header, rows in tables:
            _write_row(sheet, row_number, [title], bold=True)
            _write_row(sheet, row_number + 1, header, bold=True)
            row_number += 2
            for row in rows:
                _write_row(sheet, row_number, [plain(v) for v in row])
                row_number += 1
            written += [header, *rows]
            row_number += 1
        _widths(sheet, written)
    workbook.properties.creator = "Samordna"
    workbook.properties.title = f"{c['municipality']['name']}, {c['period']['label']}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    generated = c["picture"].get("generated_at")
    stamp = datetime.fromisoformat(generated).astimezone(UTC) if generated else datetime.now(UTC)
    return _stable(buffer.getvalue(), stamp)
