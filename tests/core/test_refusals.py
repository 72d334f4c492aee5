"""Refusals on record: denied requests, failed sign-ins, lockouts and refused tokens each
write one `refused.<kind>` event, a burst is summarised, and the audit page filters them."""

from __future__ import annotations

import json

from django.forms.models import model_to_dict
from django.urls import resolve

from samordna.core import refusals
from samordna.core.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/konto/logga-in/"


def _refusals(kind: str = "") -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action__startswith=f"refused.{kind}")
        .select_related("burst")
        .order_by("pk")
    )


def _stored_text(event: AuditEvent) -> str:
    return json.dumps(model_to_dict(event), default=str)


def test_a_failed_sign_in_stores_the_account_id_and_no_name_or_password(client, world):
    user = world.user("analyst")

    client.post(LOGIN, {"username": user.username, "password": "fel-lösenord-9"})

    [event] = _refusals()
    assert event.action == "refused.sign_in"
    assert event.actor_id == user.pk
    assert event.municipality_id == world.a.pk
    assert event.changes == {"route": "core:login", "method": "POST"}
    assert user.username not in _stored_text(event)
    assert "fel-lösenord-9" not in _stored_text(event)


def test_a_sign_in_with_an_unknown_name_stores_no_name(client, world):
    client.post(LOGIN, {"username": "anna.andersson.1980", "password": "x"})

    [event] = _refusals()
    assert event.action == "refused.sign_in"
    assert event.actor_id is None
    assert event.municipality_id is None  # shown on no municipality's page
    assert "anna" not in _stored_text(event)


def test_a_lockout_is_on_record(client, world, settings):
    user = world.user("analyst")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": user.username, "password": "fel"})

    [lockout] = _refusals("lockout")
    [sign_in] = _refusals("sign_in")
    assert lockout.actor_id == user.pk
    assert user.username not in _stored_text(lockout)
    assert refusals.count(sign_in) == settings.AXES_FAILURE_LIMIT


def test_a_burst_of_refused_requests_writes_one_event_with_its_count(client, world):
    analyst = world.user("analyst")
    client.force_login(analyst)

    for n in range(50):
        response = client.get("/granskningslogg/", {"hemlig": f"fråga-{n}"})
        assert response.status_code == 403

    [event] = _refusals()
    assert event.action == "refused.permission"
    assert event.actor_id == analyst.pk
    assert event.municipality_id == world.a.pk
    assert event.changes == {"route": "core:audit_list", "method": "GET"}
    assert refusals.count(event) == 50
    assert "hemlig" not in _stored_text(event)


def test_another_route_or_another_actor_is_a_burst_of_its_own(client, world):
    client.force_login(world.user("analyst"))
    client.get("/granskningslogg/")
    client.post("/granskningslogg/")
    client.force_login(world.user("reporter"))
    client.get("/granskningslogg/")

    assert [refusals.count(e) for e in _refusals("permission")] == [1, 1, 1]


def test_a_refusal_in_the_api_writes_one_event(client, world):
    client.force_login(world.user("reporter"))

    response = client.post(
        "/api/v1/goals/",
        data={"municipality": "alfa", "title": "Nytt mål", "areas": []},
        content_type="application/json",
    )

    assert response.status_code == 403
    [event] = _refusals()
    assert event.action == "refused.permission"
    assert event.channel == "api"
    assert event.changes["method"] == "POST"
    assert event.changes["route"] == "goal-list"
    assert "Nytt mål" not in _stored_text(event)


def test_a_refused_token_is_on_record(client, world):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token nonsense-0123456789")

    assert response.status_code == 401
    [event] = _refusals()
    assert event.action == "refused.token"
    assert event.actor_id is None
    assert "nonsense" not in _stored_text(event)


def test_the_target_is_read_from_the_url_only():
    match = resolve("/api/v1/organisations/41/")

    assert refusals._target(match) == ("core.organisation", "41")


def test_the_audit_page_filters_refusals_within_its_municipality(client, world):
    client.force_login(world.user("analyst"))
    client.get("/granskningslogg/")
    client.force_login(world.user("analyst", "other_municipality"))
    client.get("/granskningslogg/")
    client.logout()
    client.post(LOGIN, {"username": "okänd", "password": PASSWORD})
    client.force_login(world.user("admin"))

    page = client.get("/granskningslogg/", {"kind": "refused"}).content.decode()

    assert "Nekade försök" in page
    assert page.count("refused.") == 1  # A's own; not B's, not the municipality-less one
    assert "analyst-own_org" in page
    assert "antal" in page
    changes = client.get("/granskningslogg/", {"kind": "changes"}).content.decode()
    assert "refused." not in changes


def test_refusals_behind_the_tsi_wall_stay_off_the_est_audit_page(rf):
    # Like the cases module's own events: no municipality, so no EST log lists them.
    assert refusals._route(rf.get("/tsi/"))[3] is True
    assert refusals._route(rf.get("/api/v1/cases/"))[3] is True
    assert refusals._route(rf.get("/granskningslogg/"))[3] is False
