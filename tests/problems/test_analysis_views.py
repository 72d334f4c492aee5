"""The workspace pages: reading every tool (drawings beside lists), editing one section
with a plain form, causes, sharing, and the PDF."""

from __future__ import annotations

import pypdfium2
import pytest
from django.utils import timezone

from samordna.core.demo.story import GROWING_PROBLEM
from samordna.problems.analysis import pdf as analysis_pdf
from samordna.problems.analysis.demo import CAUSES, load_demo_analysis
from samordna.problems.models import CauseAnalysis, Problem
from tests.problems.analysis_endpoints import make_analysis


@pytest.fixture
def demo(world) -> CauseAnalysis:
    Problem.objects.create(municipality=world.a, title=GROWING_PROBLEM, owner_organisation=world.a1)
    load_demo_analysis(world.a, timezone.localdate())
    return CauseAnalysis.objects.select_related("problem__municipality").get()


def _url(analysis: CauseAnalysis, rest: str = "") -> str:
    return f"/problem/{analysis.problem_id}/orsaksanalys/{rest}"


def test_the_workspace_shows_every_tool_as_text_and_drawings(client, world, demo) -> None:
    client.force_login(world.user("reporter", "other_org"))  # shared: every EST member reads
    page = client.get(_url(demo)).content.decode()
    assert page.count('role="img"') == 2  # the triangle and the fishbone
    for text in (
        "Behov av moped",
        "Trimdelar säljs fritt på nätet",
        "Nattvandring",
        "Körningen ökar när fritidsgården har stängt",
        "Bostadsbolaget",
    ):
        assert text.lower() in page.lower(), text
    assert "Orsak 5" in page
    assert "Ändra triangeln" not in page
    assert "Sluta dela" not in page


def test_an_empty_workspace_says_so_and_saves_nothing(client, world) -> None:
    problem = Problem.objects.create(municipality=world.a, title="Ny problembild")
    client.force_login(world.user("analyst"))
    page = client.get(f"/problem/{problem.pk}/orsaksanalys/").content.decode()
    assert "Triangeln är inte ifylld ännu." in page
    assert "Inga numrerade orsaker ännu." in page
    assert not CauseAnalysis.objects.exists()


def test_a_section_is_saved_with_a_plain_form(client, world) -> None:
    problem = Problem.objects.create(municipality=world.a, title="Ny problembild")
    client.force_login(world.user("analyst", "other_org"))
    response = client.post(
        f"/problem/{problem.pk}/orsaksanalys/andra/trad/",
        {"tree": "Körning\n- Trimning\n-- Trimdelar\n- Mörker"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#trad")
    tree = CauseAnalysis.objects.get().cause_tree
    assert tree[0]["children"][0]["children"] == [{"text": "Trimdelar", "children": []}]
    page = client.get(f"/problem/{problem.pk}/orsaksanalys/andra/trad/").content.decode()
    assert "-- Trimdelar" in page


def test_rows_sections_add_change_and_remove(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("coordinator"))
    url = _url(analysis, "andra/kedjor/")
    client.post(url, {"row1_title": "Mopeden", "row1_links": "Behov\nAnskaffning\nTrimning"})
    client.post(
        url,
        {
            "row1_title": "Mopeden",
            "row1_links": "Behov\nTrimning",
            "row2_title": "Andra",
            "row2_links": "a\nb",
        },
    )
    analysis.refresh_from_db()
    assert analysis.event_chains == [
        {"title": "Mopeden", "links": ["Behov", "Trimning"]},
        {"title": "Andra", "links": ["a", "b"]},
    ]
    client.post(
        url, {"row1_title": "", "row1_links": "", "row2_title": "Andra", "row2_links": "a\nb"}
    )
    analysis.refresh_from_db()
    assert [c["title"] for c in analysis.event_chains] == ["Andra"]
    client.post(
        _url(analysis, "andra/hypoteser/"),
        {
            "row1_text": "Efter kl. 21",
            "row1_for": "Tiderna",
            "row1_against": "",
            "row1_status": "supported",
        },
    )
    analysis.refresh_from_db()
    assert analysis.hypotheses[0]["status"] == "supported"
    client.post(_url(analysis, "andra/faktorer/"), {"school_risk": "Frånvaro\nBrist på lärare"})
    analysis.refresh_from_db()
    assert [f["text"] for f in analysis.factors] == ["Frånvaro", "Brist på lärare"]


def test_errors_come_back_on_the_form_and_nothing_is_saved(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("coordinator"))
    response = client.post(
        _url(analysis, "andra/kedjor/"), {"row1_title": "Mopeden", "row1_links": "Bara ett led"}
    )
    assert response.status_code == 200
    assert "en kedja behöver minst två led" in response.content.decode()
    response = client.post(_url(analysis, "andra/fiskben/"), {"victim": "Ring 070-123 45 67"})
    assert "telefonnummer" in response.content.decode()
    response = client.post(_url(analysis, "andra/trad/"), {"tree": "-- för djupt"})
    assert "Rad 1: underorsak" in response.content.decode()
    analysis.refresh_from_db()
    assert analysis.event_chains == []
    assert analysis.fishbone["victim"] == ["Gående"]
    assert client.get(_url(analysis, "andra/okant/")).status_code == 404


def test_causes_are_added_and_removed_by_number_on_the_page(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("partner", "own_org"))  # the owner organisation
    client.post(_url(analysis, "orsaker/"), {"text": "Ingen belysning", "level": "area"})
    client.post(_url(analysis, "orsaker/1/"), {"active": "0"})
    rows = list(analysis.causes.values_list("number", "is_active"))
    assert rows == [(1, False), (2, True)]
    page = client.get(_url(analysis)).content.decode()
    assert "Återställ orsak 1" in page
    assert "Ta bort orsak 2" in page
    response = client.post(_url(analysis, "orsaker/"), {"text": "", "level": ""})
    assert response.status_code == 200
    assert "Skriv orsaken." in response.content.decode()


def test_the_analysis_group_shares(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("analyst", "other_org"))
    assert "Dela med alla i EST-arbetet" in client.get(_url(analysis)).content.decode()
    client.post(_url(analysis, "dela/"), {"shared": "1"})
    analysis.refresh_from_db()
    assert analysis.is_shared
    client.force_login(world.user("partner", "own_org"))
    assert client.post(_url(analysis, "dela/"), {"shared": "0"}).status_code == 403


def _pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_pdf_has_every_tool_and_the_numbered_causes(demo) -> None:
    today = timezone.localdate()
    pdf = analysis_pdf.render(demo.problem, demo, today=today)
    assert pdf.startswith(b"%PDF")
    text = " ".join(_pdf_text(pdf).split())
    for n, (cause, _level) in enumerate(CAUSES, start=1):
        assert f"Orsak {n}: {cause}" in text
    for heading in (
        "Problemanalystriangeln",
        "Fiskbensdiagrammet",
        "Händelsekedjor",
        "Orsaksträdet",
        "Risk- och skyddsfaktorer",
        "Hypoteser",
        "Källor",
    ):
        assert heading in text, heading
    assert GROWING_PROBLEM in text
    assert today.isoformat() in text
    assert "Ändra" not in text  # no edit links on paper


def test_the_pdf_download(client, world, demo) -> None:
    client.force_login(world.user("management", "other_org"))
    response = client.get(_url(demo, "pdf/"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="orsaksanalys-')


def test_text_in_the_drawings_is_escaped(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("coordinator"))
    client.post(
        _url(analysis, "andra/fiskben/"),
        {"victim": "<script>alert(1)</script>", "place": "Mörker & buller"},
    )
    page = client.get(_url(analysis)).content.decode()
    assert "<script>alert(1)</script>" not in page
    svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg"') :]
    svg = svg[: svg.index("</svg>")]
    assert "&lt;script&gt;alert(1)" in svg  # shortened in the drawing, escaped
    assert "Mörker &amp; buller" in svg


def test_a_hypothesis_row_without_status_is_open(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("coordinator"))
    client.post(_url(analysis, "andra/hypoteser/"), {"row1_text": "Efter kl. 21"})
    analysis.refresh_from_db()
    assert analysis.hypotheses == [
        {"text": "Efter kl. 21", "for": "", "against": "", "status": "open"}
    ]
