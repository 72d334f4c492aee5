"""Situation pictures through the API (/api/v1/situation-pictures/): list and read them,
and prepare, propose and confirm one, by the same services as the period page
(situation.services); with the permission matrix for each endpoint (the same actors and
checks as tests/test_permission_matrix.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from samordna.core.models import AuditEvent
from samordna.situation import services
from samordna.situation.models import SituationPicture
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.situation.factories import observe

BASE = "/api/v1/situation-pictures/"
WEEK = "2026-W10"
SUMMARY = "Hemlig sammanfattning om Alfatorget"
EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
EDITORS = {"coordinator", "admin"}
LIST_FIELDS = {
    "id",
    "municipality",
    "kind",
    "period_key",
    "version",
    "status",
    "summary",
    "correction_of",
    "correction_reason",
    "created_at",
    "proposed_at",
    "confirmed_at",
    "confirmed_by",
    "distributed_at",
    "content_hash",
}


@pytest.fixture
def api():
    return APIClient()


def _as(api, world, role="coordinator", relation="own_org"):
    api.force_authenticate(world.user(role, relation))
    return api


def _draft(world, key: str = WEEK) -> SituationPicture:
    picture = services.picture_prepare(actor=None, municipality=world.a, key=key)
    picture.summary = SUMMARY
    picture.save(update_fields=["summary"])
    return picture


@pytest.mark.parametrize(
    ("key", "kind"), [("2026-W47", "week"), ("2026-T2", "tertial"), ("2026", "year")]
)
def test_prepare_makes_the_draft_once(api, world, key, kind):
    c = _as(api, world)
    first = c.post(f"{BASE}prepare/", {"period_key": key}, format="json")
    assert first.status_code == 200, first.content
    body = first.json()
    assert (body["kind"], body["period_key"], body["version"], body["status"]) == (
        kind,
        key,
        1,
        "draft",
    )
    assert body["municipality"] == world.a.slug
    again = c.post(f"{BASE}prepare/", {"period_key": key, "municipality": "alfa"}, format="json")
    assert again.json()["id"] == body["id"]
    assert SituationPicture.objects.filter(municipality=world.a, period_key=key).count() == 1
    assert AuditEvent.objects.filter(action="picture.prepare").count() == 1


@pytest.mark.parametrize("key", ["2026-W60", "2026-T4", "vecka 3", ""])
def test_prepare_a_key_that_is_no_period(api, world, key):
    response = _as(api, world).post(f"{BASE}prepare/", {"period_key": key}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"period_key"}
    assert not SituationPicture.objects.exists()


def test_prepare_in_a_municipality_where_one_does_not_coordinate(api, world):
    response = _as(api, world).post(
        f"{BASE}prepare/", {"period_key": WEEK, "municipality": world.b.slug}, format="json"
    )
    assert response.status_code == 403
    assert not SituationPicture.objects.exists()


def test_propose_then_confirm_freezes_the_document(api, world):
    observe(world, WEEK, 3)
    picture = _draft(world)
    c = _as(api, world)
    proposed = c.post(f"{BASE}{picture.pk}/propose/")
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["status"] == "proposed"
    assert c.post(f"{BASE}{picture.pk}/propose/").status_code == 400
    confirmed = c.post(f"{BASE}{picture.pk}/confirm/", {"summary": " Lugn vecka. "}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    body = confirmed.json()
    picture.refresh_from_db()
    assert body["status"] == "confirmed"
    assert body["content_hash"] == picture.content_hash != ""
    user = world.user("coordinator")
    assert body["confirmed_by"] == (user.get_full_name() or user.username)
    assert picture.summary == "Lugn vecka."
    assert len(picture.snapshot["observations"]) == 3
    assert AuditEvent.objects.filter(
        action="picture.confirm", actor=world.user("coordinator"), target_id=str(picture.pk)
    ).exists()
    # Confirmed once: a correction is the way to change it.
    again = c.post(f"{BASE}{picture.pk}/confirm/", {}, format="json")
    assert again.status_code == 400
    assert "non_field_errors" in again.json()


def test_a_tertial_picture_confirmed_without_a_meeting_keeps_its_summary(api, world):
    picture = _draft(world, "2026-T1")
    response = _as(api, world, "admin").post(f"{BASE}{picture.pk}/confirm/")
    assert response.status_code == 200, response.content
    picture.refresh_from_db()
    assert (picture.status, picture.summary) == ("confirmed", SUMMARY)
    assert picture.snapshot["picture"]["content_hash"] == picture.content_hash


def test_list_and_retrieve(api, world):
    draft = _draft(world)
    confirmed = _draft(world, "2026-T1")
    services.picture_confirm(actor=world.user("coordinator"), picture=confirmed)
    c = _as(api, world, "analyst")
    rows = c.get(BASE).json()["results"]
    assert [r["id"] for r in rows] == [draft.pk, confirmed.pk]
    assert set(rows[0]) == LIST_FIELDS
    only = c.get(BASE, {"period_key": WEEK}).json()["results"]
    assert [r["id"] for r in only] == [draft.pk]
    detail = c.get(f"{BASE}{confirmed.pk}/").json()
    assert detail["document"]["format"] == "samordna.situation/1"
    assert detail["document"]["picture"]["content_hash"] == detail["content_hash"]
    live = c.get(f"{BASE}{draft.pk}/").json()
    assert live["document"]["period"]["key"] == WEEK
    # A reporter sees the confirmed picture only.
    reporter = _as(APIClient(), world, "reporter")
    assert [r["id"] for r in reporter.get(BASE).json()["results"]] == [confirmed.pk]
    assert reporter.get(f"{BASE}{draft.pk}/").status_code == 404


def test_an_analyst_may_not_confirm(api, world):
    picture = _draft(world)
    response = _as(api, world, "analyst").post(f"{BASE}{picture.pk}/confirm/")
    assert response.status_code == 403
    picture.refresh_from_db()
    assert (picture.status, picture.snapshot) == ("draft", None)


def test_a_malformed_id_is_a_json_404(api, world):
    response = _as(api, world).post(f"{BASE}0.5/confirm/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


# --- the permission matrix --------------------------------------------------------------


def _picture(world) -> SituationPicture:
    return SituationPicture.objects.get(municipality=world.a, period_key=WEEK)


def _draft_readers_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST - {"reporter"}


def _editors_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EDITORS


def _write_refused(actor: Actor) -> int:
    # Those who read A's draft but may not change it: the service says no. Everyone
    # else (A's reporters, other municipalities, TSI roles) does not find it.
    return 403 if _draft_readers_of_a(actor) else 404


ENDPOINTS = [
    Endpoint(
        name="api-situation-picture-list",
        path=lambda w: BASE,
        allowed=lambda actor: actor.role is not None,
        api=True,
        secrets=lambda w: [SUMMARY],
    ),
    Endpoint(
        name="api-situation-picture-detail",
        path=lambda w: f"{BASE}{_picture(w).pk}/",
        allowed=_draft_readers_of_a,
        api=True,
        secrets=lambda w: [SUMMARY],
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-situation-picture-prepare",
        path=lambda w: f"{BASE}prepare/",
        method="post",
        data=lambda w: {"municipality": w.a.slug, "period_key": "2026-T2"},
        allowed=_editors_of_a,
        api=True,
        secrets=lambda w: [SUMMARY],
    ),
    Endpoint(
        name="api-situation-picture-propose",
        path=lambda w: f"{BASE}{_picture(w).pk}/propose/",
        method="post",
        allowed=_editors_of_a,
        api=True,
        secrets=lambda w: [SUMMARY],
        denied_status=_write_refused,
    ),
    Endpoint(
        name="api-situation-picture-confirm",
        path=lambda w: f"{BASE}{_picture(w).pk}/confirm/",
        method="post",
        data=lambda w: {},
        allowed=_editors_of_a,
        api=True,
        secrets=lambda w: [SUMMARY],
        denied_status=_write_refused,
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_situation_picture_matrix(client, world, endpoint: Endpoint, actor: Actor) -> None:
    _draft(world)
    check(client, endpoint, actor, world)
