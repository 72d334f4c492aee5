"""The goal pages: list with badges, detail with chart and table, the forms."""

from __future__ import annotations

import pytest

from samordna.goals.models import Goal, Indicator
from tests.goals.factories import SECRET_GOAL, kolada, make_goal, make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(world):
    kpi = kolada(world, {2023: 5.0, 2024: 4.0, 2025: 4.8})
    goal = make_goal(world)
    make_indicator(
        goal,
        name="Skadegörelse per 1 000 inv",
        source=Indicator.Source.KOLADA,
        kolada_kpi=kpi,
        baseline_period="2023",
        target_period="2027",
        target_value=3.0,
        unit="per 1 000",
    )
    make_indicator(goal, name="Utan värden", source=Indicator.Source.KOLADA, kolada_kpi=kpi,
                   baseline_period="2030", target_period="2031")  # fmt: skip
    return goal


def test_list_shows_latest_value_and_badge_with_text(client, world, goal):
    client.force_login(world.user("reporter"))
    page = client.get("/mal/").content.decode()
    assert SECRET_GOAL in page
    assert "4,8 per 1 000" in page
    assert '<span aria-hidden="true">✗</span> Inte i fas' in page
    assert '<span aria-hidden="true">?</span> Okänt' in page
    assert "Nytt mål" not in page  # reporters read


def test_list_is_empty_with_a_message(client, world):
    client.force_login(world.user("analyst"))
    page = client.get("/mal/").content.decode()
    assert "Kommunen har inga mål ännu." in page
    assert "Nytt mål" in page


def test_detail_has_chart_table_baseline_and_target(client, world, goal):
    client.force_login(world.user("management"))
    page = client.get(f"/mal/{goal.pk}/").content.decode()
    assert '<svg role="img"' in page
    assert "Linje mot målet" in page
    assert "<caption>Värden för Skadegörelse per 1 000 inv</caption>" in page
    assert "Utgångsläge 2023" in page
    assert "Mål 2027" in page
    assert "Inga värden ännu." in page  # the empty indicator's chart says so
    assert "Ändra målet" not in page


def test_create_goal_then_indicator(client, world):
    client.force_login(world.user("analyst"))
    response = client.post(
        "/mal/nytt/",
        {"title": "Färre bränder", "areas": [world.area_a.pk], "is_active": "on"},
    )
    goal = Goal.objects.get(title="Färre bränder")
    assert response.status_code == 302
    assert response["Location"] == f"/mal/{goal.pk}/"
    form = client.get(f"/mal/{goal.pk}/indikatorer/ny/").content.decode()
    assert "Skadegörelse" in form  # a police type known through the categories
    response = client.post(
        f"/mal/{goal.pk}/indikatorer/ny/",
        {
            "name": "Anlagda bränder",
            "source": "police",
            "police_types": ["Brand"],
            "granularity": "tertial",
            "direction": "decrease",
            "baseline_period": "2025-T1",
            "target_period": "2026-T3",
            "target_value": "2,5",
        },
    )
    assert response.status_code == 302
    indicator = goal.indicators.get()
    assert (indicator.filter, indicator.target_value) == ({"types": ["Brand"]}, 2.5)


def test_invalid_indicator_form_shows_swedish_errors_and_saves_nothing(client, world, goal):
    client.force_login(world.user("coordinator"))
    response = client.post(
        f"/mal/{goal.pk}/indikatorer/ny/",
        {
            "name": "Trasig",
            "source": "observations",
            "granularity": "year",
            "direction": "decrease",
            "baseline_period": "2025-T1",
            "target_period": "2024",
            "target_value": "tre",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det gick inte att spara" in page
    assert "Ange ett tal" in page
    assert goal.indicators.count() == 2
    response = client.post(
        f"/mal/{goal.pk}/indikatorer/ny/",
        {
            "name": "Trasig",
            "source": "observations",
            "granularity": "year",
            "direction": "decrease",
            "baseline_period": "2025-T1",
            "target_period": "2024",
            "target_value": "3",
        },
    )
    page = response.content.decode()
    assert "Välj minst en kategori." in page
    assert "Ange perioden som 2024." in page
    assert goal.indicators.count() == 2


def test_edit_goal_keeps_links(client, world, goal):
    client.force_login(world.user("admin"))
    page = client.get(f"/mal/{goal.pk}/andra/").content.decode()
    assert SECRET_GOAL in page
    response = client.post(
        f"/mal/{goal.pk}/andra/", {"title": "Nytt namn", "description": "Mer om målet"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.is_active) == ("Nytt namn", False)


def test_navigation_has_goals(client, world):
    client.force_login(world.user("partner"))
    page = client.get("/mal/").content.decode()
    assert 'href="/mal/"' in page
