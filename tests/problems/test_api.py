"""The problems API: create, read, edit, workflow step, link and unlink observations."""

from __future__ import annotations

from samordna.problems.models import Problem, ProblemStatus
from tests.problems.factories import SECRET_PROBLEM, make_problem
from tests.reports.factories import file_observation


def _sign_in(client, world, role="coordinator", relation="own_org"):
    client.force_login(world.user(role, relation))


def test_create_read_and_step_through_the_api(client, world):
    _sign_in(client, world, "analyst")
    response = client.post(
        "/api/v1/problems/",
        {
            "title": "Mopeder på cykelvägen",
            "owner_organisation": "alfa-bostader",
            "areas": [world.area_a.pk],
            "categories": ["skadegorelse-klotter"],
            "tags": ["situational"],
            "priority": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "identified"
    assert body["municipality"] == "alfa"
    assert body["categories"] == ["skadegorelse-klotter"]
    assert body["next_steps"] == ["watched", "prioritised", "closed"]
    assert [s["to_status"] for s in body["steps"]] == ["identified"]
    pk = body["id"]
    response = client.post(
        f"/api/v1/problems/{pk}/step/",
        {"status": "closed", "reason": "Löst"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "outcome" in response.json()
    response = client.post(
        f"/api/v1/problems/{pk}/step/",
        {"status": "prioritised", "reason": "Tertialanalysen"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "prioritised"
    assert Problem.objects.get(pk=pk).status == ProblemStatus.PRIORITISED


def test_unknown_references_are_400_and_save_nothing(client, world):
    _sign_in(client, world)
    response = client.post(
        "/api/v1/problems/",
        {"title": "X", "areas": [world.area_b.pk], "categories": ["finns-inte"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"areas", "categories"} <= set(response.json())
    assert not Problem.objects.exists()


def test_a_partial_update_keeps_the_rest_and_a_partner_cannot_hand_it_over(client, world):
    problem = make_problem(world)
    _sign_in(client, world, "partner")
    response = client.patch(
        f"/api/v1/problems/{problem.pk}/",
        {"tags": ["welfare"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["title"] == SECRET_PROBLEM
    assert response.json()["tags"] == ["welfare"]
    response = client.patch(
        f"/api/v1/problems/{problem.pk}/",
        {"owner_organisation": "alfa-polis"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Problem.objects.get(pk=problem.pk).owner_organisation == world.a1


def test_link_and_unlink_observations(client, world):
    problem = make_problem(world)
    observation = file_observation(world)
    _sign_in(client, world)
    url = f"/api/v1/problems/{problem.pk}/"
    response = client.post(
        url + "link-observations/", {"observations": [observation.pk]}, "application/json"
    )
    assert response.json() == {"changed": 1}
    assert client.get(url).json()["observation_count"] == 1
    response = client.post(
        url + "unlink-observations/", {"observations": [observation.pk]}, "application/json"
    )
    assert response.json() == {"changed": 1}
    response = client.post(
        url + "link-observations/", {"observations": [999999]}, "application/json"
    )
    assert response.status_code == 400


def test_the_list_filters_by_tag_and_open(client, world):
    make_problem(world, tags=["recruitment"])
    _sign_in(client, world, "reporter")
    assert client.get("/api/v1/problems/?tag=recruitment").json()["count"] == 1
    assert client.get("/api/v1/problems/?tag=welfare").json()["count"] == 0
    assert client.get("/api/v1/problems/?open=true").json()["count"] == 1
