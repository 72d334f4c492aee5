"""The API's tertial analyses: start, list, one with selections, compiled, select."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from samordna.problems.models import ProblemStatus
from samordna.tertial import services
from samordna.tertial.compile import compile_tertial
from samordna.tertial.models import TertialSelection
from tests.problems.factories import make_problem
from tests.tertial.factories import KEY, interventions, tertial_history

BASE = "/api/v1/tertial-analyses/"


@pytest.fixture
def api():
    return APIClient()


def _as(api, world, role="analyst", relation="own_org"):
    api.force_authenticate(world.user(role, relation))
    return api


def test_start_list_retrieve_and_compiled(api, world):
    tertial_history(world)
    interventions(world)
    c = _as(api, world)
    created = c.post(BASE, {"municipality": "alfa", "period_key": KEY}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    listed = c.get(BASE).json()
    assert [row["period_key"] for row in listed["results"]] == [KEY]
    compiled = c.get(f"{BASE}{pk}/compiled/")
    assert compiled.status_code == 200
    assert compiled.json() == compile_tertial(world.a, KEY) | {
        "picture": compiled.json()["picture"]  # generated_at is "now"
    }
    assert compiled.json()["interventions"]["totals"]["cost_sek"] == 15000


def test_select_through_the_api(api, world):
    problem = make_problem(world)
    analysis = services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=KEY)
    c = _as(api, world, "coordinator")
    response = c.post(
        f"{BASE}{analysis.pk}/selections/",
        {"problem": problem.pk, "justification": "Ökat från 1 till 12."},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["problem_title"] == problem.title
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PRIORITISED
    detail = c.get(f"{BASE}{analysis.pk}/").json()
    assert [s["justification"] for s in detail["selections"]] == ["Ökat från 1 till 12."]


def test_select_errors_are_field_paths(api, world):
    problem = make_problem(world)
    analysis = services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=KEY)
    c = _as(api, world)
    missing = c.post(
        f"{BASE}{analysis.pk}/selections/",
        {"problem": problem.pk, "justification": " "},
        format="json",
    )
    assert missing.status_code == 400
    assert "justification" in missing.json()
    unknown = c.post(
        f"{BASE}{analysis.pk}/selections/",
        {"problem": 999999, "justification": "Ja"},
        format="json",
    )
    assert unknown.status_code == 400
    assert "problem" in unknown.json()
    assert not TertialSelection.objects.exists()


def test_a_partner_reads_but_may_not_select(api, world):
    problem = make_problem(world)
    analysis = services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=KEY)
    c = _as(api, world, "partner")
    assert c.get(f"{BASE}{analysis.pk}/").status_code == 200
    refused = c.post(
        f"{BASE}{analysis.pk}/selections/",
        {"problem": problem.pk, "justification": "Jag vill."},
        format="json",
    )
    assert refused.status_code == 403
    assert not TertialSelection.objects.exists()


def test_another_municipality_sees_nothing(api, world):
    analysis = services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=KEY)
    c = _as(api, world, "analyst", "other_municipality")
    assert c.get(f"{BASE}{analysis.pk}/").status_code == 404
    assert c.get(f"{BASE}{analysis.pk}/compiled/").status_code == 404
    assert c.get(BASE).json()["results"] == []
    start = c.post(BASE, {"municipality": "alfa", "period_key": KEY}, format="json")
    assert start.status_code == 400


def test_texts_and_done_through_the_api(api, world):
    analysis = services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=KEY)
    c = _as(api, world)
    url = f"{BASE}{analysis.pk}/"
    refused = c.post(f"{url}done/")
    assert refused.status_code == 400
    assert set(refused.json()) == {"conclusions", "sources_used", "sources_left_out"}
    patched = c.patch(
        url, {"conclusions": "Klottret ökar.", "sources_used": "Egna."}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["conclusions"] == "Klottret ökar."
    c.patch(url, {"sources_left_out": "Skolan: kom inte i tid."}, format="json")
    analysis.refresh_from_db()
    assert analysis.sources_used == "Egna."  # left as it was
    done = c.post(f"{url}done/")
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    locked = c.patch(url, {"conclusions": "Ändrat"}, format="json")
    assert locked.status_code == 400
    assert c.put(url, {"conclusions": "x"}, format="json").status_code == 405


def test_a_partner_may_not_write_texts(api, world):
    analysis = services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=KEY)
    c = _as(api, world, "partner")
    refused = c.patch(f"{BASE}{analysis.pk}/", {"conclusions": "Mitt"}, format="json")
    assert refused.status_code == 403
    analysis.refresh_from_db()
    assert analysis.conclusions == ""
