"""The API's tertial analyses, further: opening a done analysis again and taking a
selection back, through tertial.services; with their permission matrix (the
same actors and checks as tests/test_permission_matrix.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from samordna.core.models import AuditEvent
from samordna.problems.models import ProblemStatus
from samordna.tertial import services
from samordna.tertial.models import TertialAnalysis, TertialSelection
from tests.permissions import ACTORS, Actor, Endpoint, check, roles_of_a
from tests.tertial.endpoints import GROUP, KEY, SECRET_CONCLUSION, SECRET_JUSTIFICATION
from tests.tertial.test_tertial_permissions import make_analysis

BASE = "/api/v1/tertial-analyses/"
EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}


@pytest.fixture
def api():
    return APIClient()


def _as(api, world, role="analyst", relation="own_org"):
    api.force_authenticate(world.user(role, relation))
    return api


def _analysis(world) -> TertialAnalysis:
    return TertialAnalysis.objects.get(municipality=world.a, period_key=KEY)


def _done(world) -> TertialAnalysis:
    make_analysis(world)
    return services.tertial_done(actor=world.user("analyst"), analysis=_analysis(world))


def test_reopen_a_done_analysis(api, world):
    analysis = _done(world)
    response = _as(api, world, "coordinator").post(f"{BASE}{analysis.pk}/reopen/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"
    analysis.refresh_from_db()
    assert analysis.status == TertialAnalysis.Status.DRAFT
    assert AuditEvent.objects.filter(
        action="tertial.reopen", actor=world.user("coordinator"), target_id=str(analysis.pk)
    ).exists()


def test_reopen_an_open_analysis_is_a_field_error(api, world):
    make_analysis(world)
    analysis = _analysis(world)
    response = _as(api, world).post(f"{BASE}{analysis.pk}/reopen/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Tertialanalysen pågår redan."]}
    assert not AuditEvent.objects.filter(action="tertial.reopen").exists()


def test_a_partner_may_not_reopen(api, world):
    analysis = _done(world)
    response = _as(api, world, "partner").post(f"{BASE}{analysis.pk}/reopen/")
    assert response.status_code == 403
    analysis.refresh_from_db()
    assert analysis.status == TertialAnalysis.Status.DONE


def test_unselect_takes_the_selection_back_and_keeps_the_step(api, world):
    make_analysis(world)
    analysis = _analysis(world)
    selection = analysis.selections.get()
    response = _as(api, world).delete(f"{BASE}{analysis.pk}/selections/{selection.pk}/")
    assert response.status_code == 200, response.content
    assert response.json()["selections"] == []
    assert not TertialSelection.objects.filter(pk=selection.pk).exists()
    selection.problem.refresh_from_db()
    assert selection.problem.status == ProblemStatus.PRIORITISED
    assert AuditEvent.objects.filter(
        action="tertial.unselect", target_id=str(analysis.pk), changes__problem=selection.problem_id
    ).exists()


def test_unselect_in_a_done_analysis_is_refused(api, world):
    analysis = _done(world)
    selection = analysis.selections.get()
    response = _as(api, world).delete(f"{BASE}{analysis.pk}/selections/{selection.pk}/")
    assert response.status_code == 400
    assert TertialSelection.objects.filter(pk=selection.pk).exists()


@pytest.mark.parametrize("selection_id", ["0", "x", "0.5", "99999999999999999999", "-1"])
def test_unselect_an_unknown_or_malformed_selection_is_a_json_404(api, world, selection_id):
    make_analysis(world)
    analysis = _analysis(world)
    response = _as(api, world).delete(f"{BASE}{analysis.pk}/selections/{selection_id}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert analysis.selections.count() == 1


def test_unselect_a_selection_of_another_analysis_is_a_404(api, world):
    make_analysis(world)
    other = services.tertial_start(actor=world.user("analyst"), municipality=world.a, key="2025-T2")
    selection = _analysis(world).selections.get()
    response = _as(api, world).delete(f"{BASE}{other.pk}/selections/{selection.pk}/")
    assert response.status_code == 404
    assert TertialSelection.objects.filter(pk=selection.pk).exists()


def test_select_again_after_unselect(api, world):
    make_analysis(world)
    analysis = _analysis(world)
    selection = analysis.selections.get()
    c = _as(api, world)
    assert c.delete(f"{BASE}{analysis.pk}/selections/{selection.pk}/").status_code == 200
    again = c.post(
        f"{BASE}{analysis.pk}/selections/",
        {"problem": selection.problem_id, "justification": "Ändå viktigt."},
        format="json",
    )
    assert again.status_code == 201, again.content


# --- the permission matrix --------------------------------------------------------------


def _refused(actor: Actor) -> int:
    # A's EST members outside the group: the service says no; elsewhere it does not exist.
    return 403 if actor.is_member_of_a and actor.role in EST else 404


def _secrets(world) -> list[str]:
    return [SECRET_JUSTIFICATION, SECRET_CONCLUSION]


REOPEN = Endpoint(
    name="api-tertial-reopen",
    path=lambda w: f"{BASE}{_analysis(w).pk}/reopen/",
    method="post",
    allowed=roles_of_a(*GROUP),
    api=True,
    secrets=_secrets,
    denied_status=_refused,
)
UNSELECT = Endpoint(
    name="api-tertial-unselect",
    path=lambda w: f"{BASE}{_analysis(w).pk}/selections/{_analysis(w).selections.get().pk}/",
    method="delete",
    allowed=roles_of_a(*GROUP),
    api=True,
    secrets=_secrets,
    denied_status=_refused,
)


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_reopen_matrix(client, world, actor: Actor) -> None:
    _done(world)
    check(client, REOPEN, actor, world)


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_unselect_matrix(client, world, actor: Actor) -> None:
    make_analysis(world)
    check(client, UNSELECT, actor, world)
