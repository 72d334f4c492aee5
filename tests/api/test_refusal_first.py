"""A refusal comes before validation (issue 15): someone who may not create a thing
gets 403 for an empty body as for a full one, so a refusal says nothing of the fields.

Generated from the API router: every collection that takes POST, for the reporter
(who files reports and nothing else) and the partner."""

from __future__ import annotations

import pytest

from samordna.api.urls import router
from tests.api.test_api import token_client

# What these roles may create through the API (the rest must be refused).
MAY_CREATE = {"reporter": {"reports"}, "partner": {"reports"}}


def _creating_collections() -> list[str]:
    return sorted(
        prefix for prefix, viewset, _basename in router.registry if hasattr(viewset, "create")
    )


def test_the_walk_sees_the_writable_collections():
    assert {"reports", "goals", "tertial-analyses", "problems", "interventions"} <= set(
        _creating_collections()
    )


@pytest.mark.parametrize("role", sorted(MAY_CREATE))
@pytest.mark.parametrize("prefix", _creating_collections())
def test_a_refused_create_is_403_whatever_the_body(world, role, prefix):
    if prefix in MAY_CREATE[role] or prefix == "cases":
        pytest.skip("this role may create here (cases refuse tokens before anything)")
    client = token_client(world.user(role))
    response = client.post(f"/api/v1/{prefix}/", {}, content_type="application/json")
    assert response.status_code in (403, 405), (prefix, response.status_code, response.content)


def test_a_busy_database_is_a_json_503_with_retry_after(world, monkeypatch):
    from django.db import OperationalError

    from samordna.api import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views.MeView, "get", locked)
    response = token_client(world.user("reporter")).get("/api/v1/me/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "10"
    assert "Försök igen" in response.json()["detail"]
