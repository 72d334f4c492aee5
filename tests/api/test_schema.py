"""The OpenAPI schema describes what the API really answers (schemathesis)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from samordna.api.services import api_token_create


def _load_schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    # Through the renderer, so lazy translations become plain strings.
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The WSGI app closes old connections as each request starts and finishes, which on
    PostgreSQL hands the test's connection back to the pool and rolls its transaction
    back; Django's test client avoids this in the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_matches_the_schema(case, world):
    # given a member of A with a token, and requests generated from the schema
    token = api_token_create(actor=None, user=world.user("analyst"), rotate=True)
    # when each is sent, then no answer is a server error or differs from the schema
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


@pytest.mark.parametrize(
    ("path", "parameters"),
    [
        ("/api/v1/me/", lambda w: {}),
        ("/api/v1/municipalities/{slug}/", lambda w: {"path": {"slug": w.a.slug}}),
        ("/api/v1/organisations/{id}/", lambda w: {"path": {"id": w.a1.pk}}),
        ("/api/v1/areas/{id}/", lambda w: {"path": {"id": w.area_a.pk}}),
        (
            "/api/v1/areas/{id}/",
            lambda w: {"path": {"id": w.area_a.pk}, "query": {"crs": "3006"}},
        ),
        ("/api/v1/areas/", lambda w: {"query": {"page_size": 1, "crs": "3006"}}),
    ],
)
def test_known_objects_match_the_schema(world, path, parameters):
    # given requests for objects that exist for the caller (random ones mostly do not)
    token = api_token_create(actor=None, user=world.user("analyst"))
    given = parameters(world)
    case = schema.find_operation_by_path("GET", path).Case(
        path_parameters=given.get("path", {}), query=given.get("query", {})
    )
    # when sent, then the answer is a 200 that matches the schema
    response = case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[response_schema_conformance, content_type_conformance],
    )
    assert response.status_code == 200
