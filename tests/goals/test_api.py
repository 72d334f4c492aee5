"""The goals API: read with computed series; create and change through the services."""

from __future__ import annotations

import pytest

from samordna.core.audit import AuditEvent
from samordna.goals.models import Goal, Indicator
from tests.goals.factories import SECRET_GOAL, kolada, make_goal, make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, world):
    client.force_login(world.user("analyst"))
    return client


def test_goals_with_indicators_and_series(api, world):
    kpi = kolada(world, {2023: 5.0, 2024: 4.0})
    goal = make_goal(world)
    goal.areas.set([world.area_a])
    make_indicator(
        goal,
        source=Indicator.Source.KOLADA,
        kolada_kpi=kpi,
        baseline_period="2023",
        target_period="2027",
        target_value=1.0,
    )
    make_goal(world, title="B:s mål", municipality=world.b, owner_organisation=world.b1)
    body = api.get("/api/v1/goals/").json()
    (found,) = body.get("results", body)
    assert found["title"] == SECRET_GOAL
    assert found["owner_organisation"] == world.a1.slug
    (indicator,) = found["indicators"]
    assert indicator["kolada_kpi"] == kpi.pk
    assert indicator["series"][:2] == [
        {"period": "2023", "value": 5.0, "suppressed": False},
        {"period": "2024", "value": 4.0, "suppressed": False},
    ]
    assert (indicator["latest_period"], indicator["on_track"], indicator["status"]) == (
        "2024",
        True,
        "I fas",
    )
    assert indicator["baseline_value"] == 5.0


def test_create_goal_and_indicator_then_patch(api, world):
    response = api.post(
        "/api/v1/goals/",
        {
            "title": "Färre bränder",
            "areas": [f"omrade-{world.area_a.pk}"],
            "owner_organisation": "alfa-bostader",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    goal = Goal.objects.get(pk=response.json()["id"])
    assert list(goal.areas.all()) == [world.area_a]
    response = api.post(
        "/api/v1/goal-indicators/",
        {
            "goal": goal.pk,
            "name": "Skadegörelse enligt egna iakttagelser",
            "source": "observations",
            "categories": ["skadegorelse-klotter"],
            "granularity": "tertial",
            "baseline_period": "2025-T1",
            "target_period": "2026-T3",
            "target_value": 4,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["categories"] == ["skadegorelse-klotter"]
    pk = response.json()["id"]
    patched = api.patch(
        f"/api/v1/goal-indicators/{pk}/", {"target_value": 2.5}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert patched.json()["target_value"] == 2.5
    assert patched.json()["granularity"] == "tertial"  # kept
    goal_patch = api.patch(
        f"/api/v1/goals/{goal.pk}/", {"is_active": False}, content_type="application/json"
    )
    assert goal_patch.json()["is_active"] is False
    assert AuditEvent.objects.filter(action__startswith="goal.").count() == 2


def test_errors_by_field_in_swedish_and_nothing_saved(api, world):
    goal = make_goal(world)
    response = api.post(
        "/api/v1/goal-indicators/",
        {
            "goal": goal.pk,
            "name": "Trasig",
            "source": "kolada",
            "kolada_kpi": "X99999",
            "baseline_period": "2024",
            "target_period": "2020",
            "target_value": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "kolada_kpi": ["Nyckeltalet finns inte: importera det från Kolada först."]
    }
    response = api.post(
        "/api/v1/goal-indicators/",
        {
            "goal": goal.pk,
            "name": "Trasig",
            "source": "police",
            "police_types": ["Skadegörelse"],
            "baseline_period": "2024",
            "target_period": "2020",
            "target_value": 1,
        },
        content_type="application/json",
    )
    assert response.json() == {"target_period": ["Målperioden måste komma efter utgångsläget."]}
    assert not Indicator.objects.exists()
