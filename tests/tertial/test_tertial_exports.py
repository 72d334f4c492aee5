"""The tertial analysis's PDF and XLSX: the PDF holds every section, the XLSX a sheet per
section with the compilation's numbers."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from openpyxl import load_workbook

from samordna.tertial import services
from samordna.tertial.compile import compile_tertial
from samordna.tertial.exports import render_html, render_pdf, render_xlsx
from samordna.tertial.sections import sections
from tests.problems.factories import make_problem
from tests.tertial.factories import KEY, interventions, tertial_history


@pytest.fixture
def done(world):
    tertial_history(world)
    interventions(world)
    analyst = world.user("analyst")
    analysis = services.tertial_start(actor=analyst, municipality=world.a, key=KEY)
    services.tertial_select(
        actor=analyst,
        analysis=analysis,
        problem=make_problem(world),
        justification="Klottret har ökat från 1 till 12.",
    )
    services.tertial_write(
        actor=analyst,
        analysis=analysis,
        conclusions="Klottret vid torget ökar mest.",
        sources_used="Egna iakttagelser och polisens händelser.",
        sources_left_out="Skolans rapporter kom inte i tid.",
    )
    services.tertial_done(actor=analyst, analysis=analysis)
    return analysis


def _sheet_rows(workbook, name):
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


def test_the_pdf_holds_every_section(world, done):
    c = compile_tertial(world.a, KEY)
    pdf = render_pdf(c, done)
    assert pdf.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(pdf)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    text = " ".join(text.split())  # lines broken anywhere: compare words
    for section in sections(c, done):
        assert section.title in text, section.title
    assert "Klottret har ökat från 1 till 12." in text
    assert "Skolans rapporter kom inte i tid." in text
    assert "Belysning i gångtunneln" in text


def test_the_pdf_html_is_a4_and_swedish(world, done):
    html = render_html(compile_tertial(world.a, KEY), done)
    assert '<html lang="sv">' in html
    assert "size: A4" in html


def test_the_xlsx_has_a_sheet_per_section_with_the_compilations_numbers(world, done):
    c = compile_tertial(world.a, KEY)
    workbook = load_workbook(io.BytesIO(render_xlsx(c, done)))
    assert workbook.sheetnames == [s.sheet for s in sections(c, done)]
    areas = _sheet_rows(workbook, "Områden efter antal")
    body = areas[2 : 2 + len(c["areas_by_count"])]
    assert [[r[0], r[1], r[2], r[3]] for r in body] == [
        [a["rank"], a["name"], a["count"], a["previous"]] for a in c["areas_by_count"]
    ]
    money = _sheet_rows(workbook, "Insatser")
    flat = [row for row in money if row and row[0] == "Summa"]
    totals = c["interventions"]["totals"]
    assert [row[1:4] for row in flat] == [
        [totals["count"], totals["cost_sek"], totals["hours"]]
    ] * 2
    wrong = _sheet_rows(workbook, "Utveckling åt fel håll")
    assert len([r for r in wrong[2:] if r and r[0] is not None]) == len(c["wrong_direction"])
    sources = _sheet_rows(workbook, "Källor och slutsatser")
    assert ["Källor som inte använts, och varför", "Skolans rapporter kom inte i tid."] in sources


def test_the_xlsx_is_the_same_bytes_for_the_same_compilation(world, done):
    c = compile_tertial(world.a, KEY)
    assert render_xlsx(c, done) == render_xlsx(c, done)


def test_without_an_analysis_there_is_no_selection_or_sources_section(world):
    tertial_history(world)
    c = compile_tertial(world.a, KEY)
    ids = [s.id for s in sections(c, None)]
    assert "urval" not in ids
    assert "kallor" not in ids
    assert render_xlsx(c, None)


def test_goal_rows_are_rendered_generically(world):
    tertial_history(world)
    c = compile_tertial(world.a, KEY)
    c["goals"] = {
        "indicators": [{"goal": "Tryggare torg", "latest_value": 41.5, "new_field": "x"}],
        "surveys": [{"survey": "Trygghetsenkäten", "year": 2026, "respondents": 1234}],
    }
    section = next(s for s in sections(c, None) if s.id == "mal")
    indicators, surveys = section.tables
    assert indicators.header == ["Mål", "Senaste värde", "new_field"]
    assert indicators.rows == [["Tryggare torg", 41.5, "x"]]
    assert surveys.header == ["Mätning", "År", "Svarande"]
    # A year is a name, not an amount: no thousands space (1 234 respondents have one).
    assert [cell["text"] for cell in surveys.display()[0]] == [
        "Trygghetsenkäten",
        "2026",
        "1\u00a0234",
    ]
    c.pop("goals")
    assert "mal" not in [s.id for s in sections(c, None)]
