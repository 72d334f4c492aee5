"""The law's checklist and the county's compliance overview come from one function:
changing a plan's decision date moves both, and the exports carry the page's numbers."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from samordna.core.models import AuditEvent
from samordna.county.checklist import requirements, status_of
from samordna.county.models import CoordinationFunction
from samordna.plans.models import ActionPlan
from tests.plans.endpoints import PLAN_TITLE, make_plan


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def test_a_new_decision_date_moves_the_checklist_and_the_county_overview(client, world):
    # given A's decided plan
    plan = make_plan(world, decided=True)
    first = plan.decided_on.isoformat()
    client.force_login(world.user("management"))
    assert first in client.get("/lagen/").content.decode()
    client.force_login(world.user("county", "county_of_a"))
    assert first in client.get("/lan/efterlevnad/").content.decode()
    # when the decision date changes
    ActionPlan.objects.filter(pk=plan.pk).update(decided_on=date(2025, 11, 3))
    # then both show the new date, and neither the old one
    client.force_login(world.user("management"))
    checklist = client.get("/lagen/").content.decode()
    client.force_login(world.user("county", "county_of_a"))
    overview = client.get("/lan/efterlevnad/").content.decode()
    for page in (checklist, overview):
        assert "2025-11-03" in page
        assert first not in page


def test_without_a_plan_the_requirements_say_what_is_missing(world):
    status = status_of(world.a)
    found = {r.key: r for r in requirements(status)}
    assert not found["plan"].met
    assert found["plan"].missing == ["Ingen beslutad åtgärdsplan."]
    assert not found["coordination"].met
    assert not found["situation"].met


def test_a_decided_plan_meets_the_plan_requirement_with_its_link(world):
    plan = make_plan(world, decided=True, rows=2)
    found = {r.key: r for r in requirements(status_of(world.a))}
    assert found["plan"].met
    assert found["plan"].evidence[0].url == f"/plan/{plan.pk}/"
    assert found["plan"].evidence[0].on == plan.decided_on
    # no follow-up yet, and the rows point at no cause: Brå's chain is 0 of 2
    assert status_of(world.a).measures.total == 2
    assert status_of(world.a).measures.complete == 0
    assert not found["follow_up"].met


def test_the_coordination_function_is_set_audited_and_refused_with_a_name(client, world):
    client.force_login(world.user("coordinator"))
    refused = client.post(
        "/lagen/samordningsfunktion/",
        {"description": "Samordnare 19800101-1234", "appointed_on": ""},
    )
    assert refused.status_code == 200
    assert not CoordinationFunction.objects.exists()
    response = client.post(
        "/lagen/samordningsfunktion/",
        {
            "description": "Brottsförebyggande samordnare, kommunledningen",
            "appointed_on": "2025-02-01",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="county.coordination_set").count() == 1
    found = {r.key: r for r in requirements(status_of(world.a))}
    assert found["coordination"].met
    # an analyst reads it and may not change it
    client.force_login(world.user("analyst"))
    assert "kommunledningen" in client.get("/lagen/samordningsfunktion/").content.decode()
    assert client.post("/lagen/samordningsfunktion/", {"description": "x"}).status_code == 403


def test_the_exports_hold_the_numbers_of_the_page(client, world):
    make_plan(world, decided=True, rows=2)
    client.force_login(world.user("county", "county_of_a"))
    page = client.get("/lan/efterlevnad/").content.decode()
    sheet = load_workbook(io.BytesIO(client.get("/lan/efterlevnad/export.xlsx").content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Kommun"
    assert [r[0] for r in rows[1:]] == ["Alfastad"]
    for cell in rows[1]:
        assert str(cell) in page
    pdf = _pdf_text(client.get("/lan/efterlevnad/export.pdf").content)
    for cell in rows[1]:
        assert str(cell).split(" ")[0] in pdf


def test_another_municipalitys_checklist_never_shows_the_plan_of_a(client, world):
    make_plan(world, decided=True)
    client.force_login(world.user("admin", "other_municipality"))
    page = client.get("/lagen/").content.decode()
    assert "Betaby" in page
    assert PLAN_TITLE not in page
    assert "Alfastad" not in page
    client.force_login(world.user("county", "other_county"))
    assert "Alfastad" not in client.get("/lan/efterlevnad/").content.decode()
