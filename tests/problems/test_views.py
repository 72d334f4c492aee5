"""The problem pages: list with filters, create, detail with steps, edit, linking, phases."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.integrations.models import ExternalEvent
from samordna.problems.links import problem_link_observations
from samordna.problems.models import AreaPhase, Phase, Problem, ProblemStatus
from samordna.problems.phases import load_default_phases
from tests.problems.factories import SECRET_PROBLEM, make_problem
from tests.reports.factories import category, file_observation


def _sign_in(client, world, role="coordinator", relation="own_org"):
    client.force_login(world.user(role, relation))


def test_the_list_filters_by_tag_status_and_area(client, world):
    make_problem(world, tags=["situational"])
    make_problem(world, title="Annat problem", areas=[], tags=["welfare"])
    _sign_in(client, world, "reporter")
    body = client.get("/problem/").content.decode()
    assert SECRET_PROBLEM in body
    assert "Annat problem" in body
    body = client.get("/problem/?tag=welfare").content.decode()
    assert SECRET_PROBLEM not in body
    assert "Annat problem" in body
    body = client.get(f"/problem/?area={world.area_a.pk}").content.decode()
    assert SECRET_PROBLEM in body
    assert "Annat problem" not in body
    body = client.get("/problem/?status=closed").content.decode()
    assert "Inga problem matchar filtret." in body


def test_the_empty_list_says_so(client, world):
    _sign_in(client, world)
    response = client.get("/problem/")
    assert "Inga problem ännu." in response.content.decode()
    assert 'href="/problem/ny/"' in response.content.decode()


def test_a_coordinator_creates_a_problem_with_tags_and_rule(client, world):
    observation = file_observation(world)
    _sign_in(client, world)
    response = client.post(
        "/problem/ny/",
        {
            "title": "Klotter vid torget",
            "priority": "1",
            "owner_organisation": world.a1.pk,
            "areas": [world.area_a.pk],
            "categories": [category().pk],
            "tags": ["situational"],
            "rule_enabled": "on",
            "rule_from": (timezone.localdate() - timedelta(days=7)).isoformat(),
        },
    )
    problem = Problem.objects.get(title="Klotter vid torget")
    assert response.status_code == 302
    assert response["Location"] == f"/problem/{problem.pk}/"
    assert problem.tags == ["situational"]
    assert problem.raised_by == world.a1
    assert list(problem.observations.all()) == [observation]


def test_an_invalid_form_shows_the_errors_and_saves_nothing(client, world):
    _sign_in(client, world)
    response = client.post("/problem/ny/", {"title": "Ring 070-123 45 67", "priority": "2"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Problem.objects.exists()


def test_the_detail_shows_steps_series_and_allowed_buttons(client, world):
    problem = make_problem(world)
    problem_link_observations(actor=None, problem=problem, observations=[file_observation(world)])
    _sign_in(client, world)
    body = client.get(f"/problem/{problem.pk}/").content.decode()
    assert "Nästa steg" in body
    assert 'value="watched"' in body
    assert 'value="analysed"' not in body
    assert "1 iakttagelse är kopplad" in body
    assert "Polisens händelser har ingen plats" in body
    # A partner of another organisation reads it, without the buttons.
    _sign_in(client, world, "partner", "other_org")
    body = client.get(f"/problem/{problem.pk}/").content.decode()
    assert SECRET_PROBLEM in body
    assert "Nästa steg" not in body


def test_a_step_through_the_page_and_a_refused_one(client, world):
    problem = make_problem(world)
    _sign_in(client, world, "partner")  # the owner organisation's partner
    response = client.post(
        f"/problem/{problem.pk}/steg/", {"status": "watched", "reason": "Vi bevakar torget"}
    )
    assert response.status_code == 302
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.WATCHED
    response = client.post(f"/problem/{problem.pk}/steg/", {"status": "closed", "reason": "x"})
    assert response.status_code == 200  # closing needs an outcome
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.WATCHED
    _sign_in(client, world, "partner", "other_org")
    response = client.post(
        f"/problem/{problem.pk}/steg/", {"status": "prioritised", "reason": "Nej"}
    )
    assert response.status_code == 403


def test_edit_page_saves(client, world):
    problem = make_problem(world)
    _sign_in(client, world, "analyst")
    assert client.get(f"/problem/{problem.pk}/andra/").status_code == 200
    response = client.post(
        f"/problem/{problem.pk}/andra/",
        {"title": "Ny rubrik", "priority": "3", "owner_organisation": world.a1.pk},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.title, problem.priority) == ("Ny rubrik", 3)


def test_linking_from_the_list(client, world):
    problem = make_problem(world)
    observation = file_observation(world)
    _sign_in(client, world)
    body = client.get(f"/problem/{problem.pk}/iakttagelser/").content.decode()
    assert f'id="obs-{observation.pk}"' in body
    assert "link-points" in body
    response = client.post(
        f"/problem/{problem.pk}/iakttagelser/",
        {"observation": [observation.pk], "action": "link", "query": "linked=on"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?linked=on")
    assert list(problem.observations.all()) == [observation]
    client.post(
        f"/problem/{problem.pk}/iakttagelser/",
        {"observation": [observation.pk], "action": "unlink"},
    )
    assert not problem.observations.exists()


def test_linking_police_events(client, world):
    problem = make_problem(world)
    event = ExternalEvent.objects.create(
        source="polisen",
        external_id="1",
        occurred_at=timezone.now(),
        week_key="2026-W01",
        tertial_key="2026-T1",
        type="Skadegörelse",
        name="Skadegörelse, Alfastad",
        url="https://polisen.se/x",
        location_name="Alfastad",
        municipality=world.a,
        area_centre_lat=59.27,
        area_centre_lon=15.21,
    )
    _sign_in(client, world)
    body = client.get(f"/problem/{problem.pk}/polishandelser/").content.decode()
    assert "Skadegörelse, Alfastad" in body
    client.post(f"/problem/{problem.pk}/polishandelser/", {"event": [event.pk], "action": "link"})
    assert list(problem.police_events.all()) == [event]


def test_phases_page_and_an_area_phase(client, world):
    load_default_phases(actor=None, municipality=world.a)
    _sign_in(client, world)
    body = client.get("/problem/faser/").content.decode()
    assert "Stabilt" in body
    assert world.area_a.name in body
    assert "Lägg till en fas" in body
    client.post("/problem/faser/", {"new-name": "Egen fas", "new-description": ""})
    assert Phase.objects.filter(municipality=world.a, name="Egen fas").exists()
    phase = Phase.objects.get(municipality=world.a, name="Oro")
    response = client.post(
        f"/problem/faser/omrade/{world.area_a.pk}/",
        {"phase": phase.pk, "since": timezone.localdate().isoformat(), "note": "Fler bränder"},
    )
    assert response.status_code == 302
    assert AreaPhase.objects.get(area=world.area_a).phase == phase
    body = client.get(f"/problem/faser/omrade/{world.area_a.pk}/").content.decode()
    assert "Fler bränder" in body
    assert "Oro" in body
    # An analyst sets phases but does not edit the model.
    _sign_in(client, world, "analyst")
    assert "Lägg till en fas" not in client.get("/problem/faser/").content.decode()
    assert client.post("/problem/faser/", {"new-name": "Nej"}).status_code == 403
