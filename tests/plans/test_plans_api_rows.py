"""A plan row filled from an intervention through the API
(POST /api/v1/action-plans/{id}/rows-from-intervention/), by the same service as the rows
page (plans.services.row_from_intervention); with its permission matrix (the same
actors and checks as tests/test_permission_matrix.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from samordna.core.models import AuditEvent
from samordna.plans import services
from samordna.plans.models import ActionPlanRow
from samordna.problems.models import Cause, CauseAnalysis
from tests.interventions.factories import make_intervention
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.plans.endpoints import (
    EDITORS,
    INTERVENTION_TITLE,
    _intervention,
    _plan,
    _secrets,
    make_plan,
    make_plan_world,
)
from tests.problems.factories import make_problem


@pytest.fixture
def api():
    return APIClient()


def _as(api, world, role="coordinator", relation="own_org"):
    api.force_authenticate(world.user(role, relation))
    return api


def _url(plan) -> str:
    return f"/api/v1/action-plans/{plan.pk}/rows-from-intervention/"


def test_a_row_from_an_intervention_with_causes(api, world):
    plan = make_plan(world, rows=1)
    problem = make_problem(world)
    analysis = CauseAnalysis.objects.create(municipality=world.a, problem=problem)
    causes = [
        Cause.objects.create(
            municipality=world.a, analysis=analysis, number=n, text=text, level="area"
        )
        for n, text in ((1, "Mörk tunnel"), (2, "Ingen vuxen på kvällen"))
    ]
    intervention = make_intervention(world, title="Tänd i tunneln", problem=problem)
    intervention.causes.set(causes)
    response = _as(api, world).post(_url(plan), {"intervention": intervention.pk}, format="json")
    assert response.status_code == 201, response.content
    row = ActionPlanRow.objects.get(pk=response.json()["id"])
    expected = services.row_input_from_intervention(intervention)
    assert (row.order, row.cause, row.intervention) == (2, causes[0], intervention)
    assert (row.cause_text, row.measure, row.who) == (
        expected.cause_text,
        expected.measure,
        world.a1.name,
    )
    assert row.cause_text == "Mörk tunnel; 2. Ingen vuxen på kvällen"
    body = response.json()
    assert (body["cause"], body["cause_number"], body["intervention"]) == (
        causes[0].pk,
        1,
        intervention.pk,
    )
    assert AuditEvent.objects.filter(
        action="actionplan.row_create", actor=world.user("coordinator"), target_id=str(plan.pk)
    ).exists()
    listed = _as(api, world).get(f"/api/v1/action-plans/{plan.pk}/").json()["rows"]
    assert [r["intervention"] for r in listed] == [None, intervention.pk]


def test_an_intervention_of_another_municipality_is_a_field_error(api, world):
    plan = make_plan(world, rows=0)
    response = _as(api, world, "admin").post(
        _url(plan), {"intervention": _other_intervention(world).pk}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"intervention"}
    assert not plan.rows.exists()


@pytest.mark.parametrize("value", [None, "x", 0, 2**60])
def test_a_bad_intervention_id_is_a_field_error(api, world, value):
    plan = make_plan(world, rows=0)
    response = _as(api, world).post(_url(plan), {"intervention": value}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"intervention"}


def test_a_decided_plan_takes_no_rows(api, world):
    plan = make_plan(world, decided=True, rows=1)
    intervention = make_intervention(world)
    response = _as(api, world).post(_url(plan), {"intervention": intervention.pk}, format="json")
    assert response.status_code == 400, response.content
    assert plan.rows.count() == 1


def test_an_analyst_does_not_find_the_plan_to_change(api, world):
    plan = make_plan(world, rows=0)
    intervention = make_intervention(world)
    response = _as(api, world, "analyst").post(
        _url(plan), {"intervention": intervention.pk}, format="json"
    )
    assert response.status_code == 404
    assert not plan.rows.exists()


def _other_intervention(world):
    from samordna.interventions.services import InterventionInput, intervention_create

    return intervention_create(
        actor=None,
        municipality=world.b,
        data=InterventionInput(
            title="Insats i Beta",
            owner_organisation=world.b1,
            deadline=timezone.localdate() + timedelta(days=5),
        ),
    )


ROW_FROM_INTERVENTION = Endpoint(
    name="api-action-plan-row-from-intervention",
    path=lambda w: _url(_plan(w)),
    method="post",
    data=lambda w: {"intervention": _intervention(w).pk},
    allowed=lambda actor: actor.is_member_of_a and actor.role in EDITORS,
    api=True,
    ok=(201,),
    secrets=lambda w: [*_secrets(w), INTERVENTION_TITLE],
    # Who may not change the plan does not find it to change (restrict "change").
    denied_status=lambda actor: 404,
)


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_row_from_intervention_matrix(client, world, actor: Actor) -> None:
    make_plan_world(world)
    check(client, ROW_FROM_INTERVENTION, actor, world)
