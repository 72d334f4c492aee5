"""The surveys API (samordna.api.surveys), called without the router: the same
scoping as the pages, and suppressed cells without any number."""

from __future__ import annotations

import json

from rest_framework.test import APIRequestFactory, force_authenticate

from samordna.api.surveys import SurveyViewSet
from tests.surveys.factories import SECRET_TITLE, make_own_round

factory = APIRequestFactory()


def _get(user, action, path="/", **kwargs):
    view = SurveyViewSet.as_view({"get": action})
    request = factory.get(path)
    force_authenticate(request, user=user)
    return view(request, **kwargs)


def test_list_shows_only_the_users_municipality(world):
    make_own_round(world)

    own = _get(world.user("partner"), "list")
    other = _get(world.user("partner", "other_municipality"), "list")
    tsi = _get(world.user("tsi_participant"), "list")

    assert [s["title"] for s in own.data["results"]] == [SECRET_TITLE]
    assert own.data["results"][0]["items"][0]["code"] == "oro"
    assert other.data["results"] == []
    assert tsi.data["results"] == []


def test_results_carry_estimates_and_gaps(world):
    survey = make_own_round(world, women=30, men=25)

    response = _get(world.user("reporter"), "results", "/?item=otrygg", pk=str(survey.pk))

    data = response.data
    assert data["item"]["code"] == "otrygg"
    women = data["by_gender"]["cells"][0]
    assert women["group"] == "Kvinnor"
    assert women["n"] == 30
    assert women["method"] == "wilson"
    assert women["low"] < women["value"] < women["high"]
    assert data["by_gender"]["gaps"][0]["method"] == "newcombe"
    assert data["by_year"][0]["year"] == 2025


def test_suppressed_cells_have_no_numbers(world):
    survey = make_own_round(world, women=30, men=6)

    response = _get(world.user("analyst"), "results", "/?item=oro", pk=str(survey.pk))

    men = response.data["by_gender"]["cells"][1]
    assert men == {"group": "Män", "suppressed": "färre än 10 svar"}
    assert "value" not in json.dumps(response.data["by_gender"]["cells"])
    assert response.data["by_gender"]["gaps"][0].get("value") is None


def test_results_of_another_municipality_are_not_found(world):
    survey = make_own_round(world)

    response = _get(world.user("coordinator", "other_municipality"), "results", pk=str(survey.pk))

    assert response.status_code == 404
    assert SECRET_TITLE not in json.dumps(response.data)


def test_an_unknown_area_is_not_found(world):
    survey = make_own_round(world)

    response = _get(
        world.user("coordinator"), "results", f"/?area={world.area_b.pk}", pk=str(survey.pk)
    )
    bad = _get(world.user("coordinator"), "results", "/?area=x", pk=str(survey.pk))

    assert response.status_code == 404
    assert bad.status_code == 404
