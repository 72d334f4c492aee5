"""The plan as PDF (for the board to adopt) and XLSX: the same rows as the plan."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from samordna.plans import exports, services
from tests.plans.endpoints import MEASURE, make_plan

COLUMNS = ["Orsak", "Åtgärd", "Operativt mål", "När", "Vem (kontakt)", "Uppföljning"]


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    # Table cells wrap: compare without line breaks.
    return " ".join(" ".join(pages).split())


@pytest.mark.slow
def test_the_pdf_has_the_title_page_the_three_parts_the_columns_and_the_rows(world):
    plan = make_plan(world, rows=2, decided=True)
    text = _pdf_text(exports.render_pdf(plan))
    assert world.a.name in text
    assert "Beslutad av Kommunstyrelsen" in text
    assert "KS 2026/1" in text
    for part in ("1. Kartläggning av brottsligheten", "2. Annan relevant information", "3. Analys"):
        assert part in text
    for column in COLUMNS:
        assert column in text
    for value in (MEASURE, "Åtgärd 2", "Mål 1", "Mål 2", "Hösten 2026", "Grön – enligt plan"):
        assert value in text
    assert "Beslut och revideringar" in text


def test_the_pdf_html_of_a_draft_says_it_is_not_decided(world):
    plan = make_plan(world, rows=1)
    html = exports.render_html(plan)
    assert "inte beslutad" in html
    assert "@page wide" in html  # the plan table is laid out landscape


def test_the_xlsx_rows_equal_the_plans_rows(world):
    plan = make_plan(world, rows=3)
    workbook = load_workbook(io.BytesIO(exports.render_xlsx(plan)))
    sheet = workbook["Åtgärdsplan"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == exports.HEADERS
    expected = [
        [row.order, row.cause_text, row.measure, row.operational_goal, row.when, row.who]
        for row in plan.rows.order_by("order")
    ]
    assert [v[:6] for v in values[1:]] == expected
    assert {v[6] for v in values[1:]} == {"Grön – enligt plan"}
    parts = [list(r) for r in workbook["Lägesbild"].iter_rows(values_only=True)]
    assert parts[1] == ["1. Kartläggning av brottsligheten", plan.mapping]


def test_the_xlsx_neutralises_formulas(world):
    plan = make_plan(world, rows=0)
    services.row_create(
        actor=None,
        plan=plan,
        data=services.RowInput(
            cause_text="=HYPERLINK(1)", measure="m", operational_goal="g", when="w", who="x"
        ),
    )
    workbook = load_workbook(io.BytesIO(exports.render_xlsx(plan)))
    assert workbook["Åtgärdsplan"]["B2"].value == "'=HYPERLINK(1)"
