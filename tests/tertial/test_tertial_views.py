"""The tertial analysis pages: list, analysis page, its posts and downloads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samordna.meetings.models import Meeting
from samordna.problems.models import ProblemStatus
from samordna.tertial.models import TertialAnalysis, TertialSelection
from tests.problems.factories import make_problem
from tests.tertial.factories import KEY, interventions, tertial_history

URL = f"/problem/tertial/{KEY}/"


@pytest.fixture
def history(world):
    tertial_history(world)
    interventions(world)
    return world


def _as(client, world, role="analyst", relation="own_org"):
    client.force_login(world.user(role, relation))
    return client


def test_the_list_offers_to_start_this_tertial(client, world):
    page = _as(client, world).get("/problem/tertial/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Starta analysen för" in body
    assert "Ingen tertialanalys är startad ännu." in body


def test_a_reader_sees_the_sections_but_no_forms(client, history):
    page = _as(client, history, "management").get(URL)
    body = page.content.decode()
    assert page.status_code == 200
    for heading in (
        "Områden efter antal",
        "Utveckling åt fel håll",
        "Tider",
        "Polisens statistik och egna iakttagelser",
        "Insatsernas status och kostnad",
        "Problem som är öppna nu",
    ):
        assert heading in body, heading
    assert "Belysning i gångtunneln" in body
    assert "<svg" in body  # charts, each with its table
    assert "Starta analysen" not in body
    assert 'name="urval-justification"' not in body


def test_the_group_starts_writes_selects_and_finishes(client, history):
    problem = make_problem(history)
    c = _as(client, history)
    assert c.post(f"{URL}starta/").status_code == 302
    analysis = TertialAnalysis.objects.get(period_key=KEY)
    page = c.get(URL).content.decode()
    assert 'name="urval-justification"' in page
    refused = c.post(f"{URL}klar/")
    assert refused.status_code == 200
    assert "Skriv vilka källor som använts" in refused.content.decode()
    response = c.post(
        f"{URL}urval/", {"urval-problem": problem.pk, "urval-justification": "Ökat från 1 till 12."}
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PRIORITISED
    response = c.post(
        f"{URL}text/",
        {
            "text-conclusions": "Klottret ökar.",
            "text-sources_used": "Egna iakttagelser.",
            "text-sources_left_out": "Skolan: kom inte i tid.",
        },
    )
    assert response.status_code == 302
    assert c.post(f"{URL}klar/").status_code == 302
    analysis.refresh_from_db()
    assert analysis.status == TertialAnalysis.Status.DONE
    body = c.get(URL).content.decode()
    assert "Ökat från 1 till 12." in body
    assert "Skolan: kom inte i tid." in body
    assert "Öppna analysen igen" in body


def test_a_selection_without_justification_shows_the_error(client, history):
    problem = make_problem(history)
    c = _as(client, history)
    c.post(f"{URL}starta/")
    page = c.post(f"{URL}urval/", {"urval-problem": problem.pk, "urval-justification": ""})
    assert page.status_code == 200
    assert "Motivera varför problemet ska orsaksanalyseras." in page.content.decode()
    assert not TertialSelection.objects.exists()


def test_unselect(client, history):
    problem = make_problem(history)
    c = _as(client, history)
    c.post(f"{URL}starta/")
    c.post(f"{URL}urval/", {"urval-problem": problem.pk, "urval-justification": "Växer."})
    selection = TertialSelection.objects.get()
    assert c.post(f"{URL}urval/{selection.pk}/ta-bort/").status_code == 302
    assert not TertialSelection.objects.exists()


def test_the_coordinator_starts_the_tertial_meeting_from_the_page(client, history):
    c = _as(client, history, "coordinator")
    c.post(f"{URL}starta/")
    assert "Starta tertialmötet" in c.get(URL).content.decode()
    response = c.post(f"{URL}mote/")
    meeting = Meeting.objects.get(kind=Meeting.Kind.TERTIAL)
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert TertialAnalysis.objects.get().meeting_id == meeting.pk


def test_an_analyst_may_not_start_the_meeting(client, history):
    c = _as(client, history)
    c.post(f"{URL}starta/")
    assert c.post(f"{URL}mote/").status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("key", ["2026-W02", "2026-T9", "nonsens"])
def test_a_key_that_is_no_tertial_or_year_is_404(client, world, key):
    assert _as(client, world).get(f"/problem/tertial/{key}/").status_code == 404


def test_a_year_has_its_page(client, history):
    page = _as(client, history).get("/problem/tertial/2025/")
    assert page.status_code == 200
    assert "Tertialanalys 2025" in page.content.decode()


def test_downloads(client, history):
    c = _as(client, history, "partner")
    pdf = c.get(f"{URL}tertialanalys.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert "tertialanalys-alfa-2025-T3.pdf" in pdf["Content-Disposition"]
    xlsx = c.get(f"{URL}tertialanalys.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
