"""Item 4: the tertial and year pictures carry the indicators and survey results; the
week's picture does not. Shown on the page, in the PDF and the XLSX."""

from __future__ import annotations

import io

import openpyxl
import pypdfium2
import pytest

from samordna.goals.models import Indicator
from samordna.situation import exports
from samordna.situation.compile import compile_document
from tests.goals.factories import SECRET_GOAL, kolada, make_goal, make_indicator
from tests.situation.document_consistency import assert_document_consistent
from tests.situation.document_shape import assert_document_shape
from tests.surveys.factories import make_own_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals(world, settings):
    settings.SAMORDNA_SURVEY_MIN_RESPONDENTS = 10
    kpi = kolada(world, {2024: 4.0, 2025: 3.0})
    make_indicator(
        make_goal(world),
        name="Skadegörelse per 1 000 invånare",
        source=Indicator.Source.KOLADA,
        kolada_kpi=kpi,
        baseline_period="2024",
        target_period="2026",
        target_value=2.0,
    )
    make_own_round(world, women=30, men=6, year=2025)
    return world


def test_tertial_and_year_documents_have_the_sections(goals):
    for key in ("2025-T3", "2025"):
        document = compile_document(goals.a, key)
        assert_document_shape(document)
        assert_document_consistent(document)
        (row,) = document["indicators"]
        assert (row["goal"], row["latest_period"], row["latest_value"]) == (
            SECRET_GOAL,
            "2025",
            3.0,
        )
        assert (row["on_track"], row["status"]) == (True, "I fas")
        assert {r["year"] for r in document["surveys"]} == {2025}
        suppressed = [r for r in document["surveys"] if r["suppressed"]]
        assert suppressed
        assert all(r["value"] is None for r in suppressed)


def test_week_document_is_as_before(goals):
    document = compile_document(goals.a, "2025-W40")
    assert "indicators" not in document
    assert "surveys" not in document
    assert_document_shape(document)


def test_shape_checker_wants_the_sections_exactly_where_they_belong(goals):
    week = compile_document(goals.a, "2025-W40")
    week["indicators"] = []
    with pytest.raises(AssertionError, match="unexpected keys"):
        assert_document_shape(week)
    tertial = compile_document(goals.a, "2025-T3")
    del tertial["surveys"]
    with pytest.raises(AssertionError, match="missing keys"):
        assert_document_shape(tertial)
    year = compile_document(goals.a, "2025")
    leak = next(r for r in year["surveys"] if r["suppressed"])
    leak["respondents"] = 6
    with pytest.raises(AssertionError, match="suppressed cell carries a number"):
        assert_document_shape(year)


def test_pdf_and_xlsx_show_them(goals):
    document = compile_document(goals.a, "2025-T3")
    workbook = openpyxl.load_workbook(io.BytesIO(exports.render(document, "xlsx")))
    names = workbook.sheetnames
    assert names.index("Indikatorer") == names.index("Polisen") + 1
    assert names.index("Trygghetsmätningar") == names.index("Polisen") + 2
    rows = list(workbook["Indikatorer"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == (SECRET_GOAL, "Skadegörelse per 1 000 invånare", "Kolada")
    assert rows[0][9:] == (3.0, "ja", "I fas")
    survey = list(workbook["Trygghetsmätningar"].iter_rows(min_row=2, values_only=True))
    hidden = [r for r in survey if r[10] == "ja"]
    assert hidden
    assert all(r[5] is None and r[9] is None for r in hidden)

    pdf = pypdfium2.PdfDocument(exports.render(document, "pdf"))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "Indikatorer för kommunens aktiva mål" in text
    assert "Skadegörelse per 1 000 invånare" in text
    assert "Trygghetsmätningar, senaste omgången" in text
    assert "visas inte: för få svar" in text


def test_week_exports_have_no_goal_sheets(goals):
    document = compile_document(goals.a, "2025-W40")
    workbook = openpyxl.load_workbook(io.BytesIO(exports.render(document, "xlsx")))
    assert "Indikatorer" not in workbook.sheetnames
    assert "Trygghetsmätningar" not in workbook.sheetnames


def test_picture_page_shows_them_for_a_tertial_only(client, goals):
    client.force_login(goals.user("coordinator"))
    tertial = client.get("/lagesbild/2025-T3/").content.decode()
    assert "Indikatorer och trygghetsmätningar" in tertial
    assert "Skadegörelse per 1 000 invånare" in tertial
    assert "✓</span> I fas" in tertial
    week = client.get("/lagesbild/2025-W40/").content.decode()
    assert "Indikatorer och trygghetsmätningar" not in week
