"""The API's cause analysis: /api/v1/problems/<id>/cause-analysis/ and its causes."""

from __future__ import annotations

from samordna.core.models import AuditEvent
from samordna.problems.models import CauseAnalysis, Problem
from tests.problems.analysis_endpoints import SECRET_CAUSE, make_analysis


def _api(analysis_or_problem) -> str:
    pk = getattr(analysis_or_problem, "problem_id", None) or analysis_or_problem.pk
    return f"/api/v1/problems/{pk}/cause-analysis/"


def test_read_the_analysis_with_its_causes(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("management", "other_org"))
    body = client.get(_api(analysis)).json()
    assert body["problem"] == analysis.problem_id
    assert body["is_shared"] is False
    assert body["fishbone"]["place"] == ["Mörker"]
    assert body["causes"] == [
        {
            "id": analysis.causes.get().pk,
            "number": 1,
            "text": SECRET_CAUSE,
            "level": "area",
            "is_active": True,
        }
    ]


def test_a_problem_without_analysis_is_404_until_the_first_patch(client, world) -> None:
    problem = Problem.objects.create(municipality=world.a, title="Ny")
    client.force_login(world.user("analyst"))
    assert client.get(_api(problem)).status_code == 404
    tree = [{"text": "Körning", "children": [{"text": "Trimning", "children": []}]}]
    response = client.patch(
        _api(problem), {"cause_tree": tree, "is_shared": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["cause_tree"] == tree
    assert response.json()["is_shared"] is True
    assert CauseAnalysis.objects.get().is_shared


def test_bad_shapes_and_personal_data_are_400_by_field_and_save_nothing(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("coordinator"))
    events = AuditEvent.objects.count()
    response = client.patch(
        _api(analysis),
        {"summary": "pnr 811218-9876", "hypotheses": [{"text": "x"}], "is_shared": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "personnummer" in errors["summary"][0]
    assert errors["hypotheses"] == ["Hypotes 1: saknar against, for, status."]
    analysis.refresh_from_db()
    assert analysis.summary == "Kvällstid."
    assert not analysis.is_shared
    assert AuditEvent.objects.count() == events


def test_the_owner_partner_edits_but_does_not_share(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("partner", "own_org"))
    response = client.patch(_api(analysis), {"is_shared": True}, content_type="application/json")
    assert response.status_code == 403
    response = client.patch(_api(analysis), {"summary": "Ny"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["summary"] == "Ny"


def test_causes_list_create_and_deactivate(client, world) -> None:
    analysis = make_analysis(world)
    client.force_login(world.user("analyst", "other_org"))
    url = f"{_api(analysis)}causes/"
    created = client.post(url, {"text": "Ingen belysning"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["number"] == 2
    gone = client.post(f"{url}1/deactivate/", content_type="application/json")
    assert gone.status_code == 200
    assert gone.json()["is_active"] is False
    third = client.post(
        url, {"text": "Öppna ytor", "level": "area"}, content_type="application/json"
    )
    assert third.json()["number"] == 3
    numbers = [(c["number"], c["is_active"]) for c in client.get(url).json()]
    assert numbers == [(1, False), (2, True), (3, True)]
    assert client.post(f"{url}9/deactivate/").status_code == 404
    bad = client.post(url, {"text": "x", "level": "city"}, content_type="application/json")
    assert bad.status_code == 400
    assert "level" in bad.json()


def test_partner_of_another_organisation_is_refused(client, world) -> None:
    analysis = make_analysis(world, shared=True)
    client.force_login(world.user("partner", "other_org"))
    assert client.get(_api(analysis)).status_code == 200  # shared: readable
    response = client.patch(_api(analysis), {"summary": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert client.post(f"{_api(analysis)}causes/", {"text": "x"}).status_code == 403
