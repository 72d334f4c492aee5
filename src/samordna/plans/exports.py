"""The action plan as a file: PDF (WeasyPrint, A4, for the board to adopt as it is) and
XLSX (openpyxl). Both are written from the same snapshot (plans.text.plan_snapshot), so they
carry the same rows as the page."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from samordna.analysis.periods import period_label
from samordna.plans.goal_tables import shown_goal_tables
from samordna.plans.models import ActionPlan
from samordna.plans.selectors import RAG_LABELS, revisions
from samordna.plans.text import plan_snapshot
from samordna.reports.exports import neutralise

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADERS = ["Nr", "Orsak", "Åtgärd", "Operativt mål", "När", "Vem (kontakt)", "Uppföljning"]


def _label(key: str) -> str:
    try:
        return period_label(key)
    except ValueError:
        return key


def export_context(plan: ActionPlan) -> dict[str, Any]:
    snapshot = plan_snapshot(plan)
    tables, frozen = shown_goal_tables(plan)
    rows = [
        {**row, "follow_up_label": RAG_LABELS.get(row["follow_up"], "–")}
        for row in snapshot["rows"]
    ]
    return {
        "plan": plan,
        "municipality": plan.municipality.name,
        "snapshot": snapshot,
        "period": _label(plan.period_key),
        "picture_period": _label(plan.picture.period_key),
        "rows": rows,
        "goal_tables": tables,
        "goal_tables_frozen": frozen,
        "revisions": revisions(plan),
        "printed_on": timezone.localdate(),
    }


def filename(plan: ActionPlan, fmt: str) -> str:
    return f"atgardsplan-{plan.municipality.slug}-{plan.period_key}-v{plan.version}.{fmt}"


def render_html(plan: ActionPlan) -> str:
    return render_to_string("plans/pdf.html", export_context(plan))


def render_pdf(plan: ActionPlan) -> bytes:
    from weasyprint import HTML  # needs pango: imported on use

    pdf: bytes = HTML(string=render_html(plan)).write_pdf()
    return pdf


def table_rows(plan: ActionPlan) -> list[list[Any]]:
    """The plan's rows in Brå's columns, as the XLSX and the PDF show them."""
    return [
        [
            row["cause_number"] if row["cause_number"] is not None else row["order"],
            row["cause_text"],
            row["measure"],
            row["operational_goal"],
            row["when"],
            row["who"],
            str(RAG_LABELS.get(row["follow_up"], "")),
        ]
        for row in plan_snapshot(plan)["rows"]
    ]


def render_xlsx(plan: ActionPlan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Åtgärdsplan"
    sheet.append([neutralise(h) for h in HEADERS])
    for row in table_rows(plan):
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (5, 40, 40, 30, 18, 24, 22), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    parts = workbook.create_sheet("Lägesbild")
    parts.append(["Del", "Text"])
    for title, text in (
        ("1. Kartläggning av brottsligheten", plan.mapping),
        ("2. Annan relevant information", plan.other_information),
        ("3. Analys", plan.analysis),
    ):
        parts.append([title, neutralise(text)])
    parts.column_dimensions["A"].width = 34
    parts.column_dimensions["B"].width = 100
    history = workbook.create_sheet("Versioner")
    history.append(["Version", "Beslutande organ", "Beslutsdatum", "Diarienummer", "Skäl"])
    for revision in revisions(plan):
        history.append(
            [
                revision.version,
                neutralise(revision.decided_by_body),
                revision.decided_on,
                neutralise(revision.decision_reference),
                neutralise(revision.reason),
            ]
        )
    workbook.properties.creator = "Samordna"
    workbook.properties.title = f"{plan.title}, {plan.municipality.name}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
