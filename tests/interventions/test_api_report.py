"""Status reports through the API (POST /api/v1/interventions/{id}/report/), by the same
service as the detail page's report form (interventions.services.intervention_report);
with its permission matrix (the same actors and checks as tests/test_permission_matrix.py).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from samordna.core.models import AuditEvent
from samordna.interventions.models import Intervention, InterventionUpdate
from tests.interventions.endpoints import _may_report
from tests.interventions.factories import SECRET_TITLE, make_intervention
from tests.permissions import ACTORS, Actor, Endpoint, check


@pytest.fixture
def api():
    return APIClient()


def _url(intervention: Intervention) -> str:
    return f"/api/v1/interventions/{intervention.pk}/report/"


def _as(api, world, role="partner", relation="own_org"):
    api.force_authenticate(world.user(role, relation))
    return api


def test_the_owner_organisations_partner_reports(api, world):
    intervention = make_intervention(world)
    response = _as(api, world).post(
        _url(intervention),
        {"status": "in_progress", "rag": "amber", "note": "Belysningen kommer i nästa vecka."},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["status"], body["rag"]) == (intervention.pk, "in_progress", "amber")
    intervention.refresh_from_db()
    assert (intervention.status, intervention.rag) == ("in_progress", "amber")
    update = InterventionUpdate.objects.get(intervention=intervention)
    assert update.note == "Belysningen kommer i nästa vecka."
    assert update.by == world.user("partner")
    assert update.meeting is None
    event = AuditEvent.objects.get(action="intervention.report", target_id=str(intervention.pk))
    assert event.actor == world.user("partner")


def test_a_coordinator_reports_without_a_note(api, world):
    intervention = make_intervention(world, owner=world.a2)
    response = _as(api, world, "coordinator").post(
        _url(intervention), {"status": "done", "rag": "green"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert InterventionUpdate.objects.get(intervention=intervention).note == ""


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"status": "finished", "rag": "green"}, {"status"}),
        ({"status": "done", "rag": "blue"}, {"rag"}),
        ({"rag": "green"}, {"status"}),
        ({"status": "done"}, {"rag"}),
        ({"status": "done", "rag": "green", "note": "Ring 070-123 45 67"}, {"note"}),
    ],
)
def test_errors_by_field_save_nothing(api, world, body, fields):
    intervention = make_intervention(world)
    response = _as(api, world).post(_url(intervention), body, format="json")
    assert response.status_code == 400, response.content
    assert fields <= set(response.json())
    assert all(isinstance(m, str) for messages in response.json().values() for m in messages)
    assert not InterventionUpdate.objects.exists()
    assert not AuditEvent.objects.filter(action="intervention.report").exists()
    intervention.refresh_from_db()
    assert (intervention.status, intervention.rag) == ("decided", "green")


def test_another_organisations_partner_does_not_find_it(api, world):
    intervention = make_intervention(world)
    response = _as(api, world, "partner", "other_org").post(
        _url(intervention), {"status": "done", "rag": "green"}, format="json"
    )
    assert response.status_code == 404
    assert not InterventionUpdate.objects.exists()


def test_a_malformed_id_is_a_json_404(api, world):
    response = _as(api, world, "coordinator").post(
        "/api/v1/interventions/0.5/report/", {"status": "done", "rag": "green"}, format="json"
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


REPORT = Endpoint(
    name="api-intervention-report",
    path=lambda w: _url(Intervention.objects.get(municipality=w.a, title=SECRET_TITLE)),
    method="post",
    data=lambda w: {"status": "in_progress", "rag": "amber", "note": "På gång."},
    allowed=_may_report,
    api=True,
    secrets=lambda w: [SECRET_TITLE],
    # Whoever may not report does not find it to report on (restrict "report").
    denied_status=lambda actor: 404,
)


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_report_matrix(client, world, actor: Actor) -> None:
    make_intervention(world, days=-1)
    check(client, REPORT, actor, world)
