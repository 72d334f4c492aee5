"""The reporting API: filing reports, reading observations (JSON and GeoJSON), reviewing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from samordna.analysis.periods import iso_week
from samordna.api.services import api_token_create
from samordna.core.models import AuditEvent
from samordna.reports.models import Observation, Report
from tests.api.test_schema import _keep_the_test_transaction, schema  # noqa: F401
from tests.reports.factories import POINT_A, SECRET_ADDRESS, SECRET_TEXT, file_observation


def token_client(user):
    token = api_token_create(actor=None, user=user, rotate=True)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def post(client, path, body):
    return client.post(path, data=body, content_type="application/json")


def observation_body(**overrides):
    return {
        "category": "skadegorelse-klotter",
        "occurred_from": (timezone.now() - timedelta(hours=2)).isoformat(),
        "unsafety": 2,
        "certainty": "observed",
        "longitude": POINT_A[0],
        "latitude": POINT_A[1],
        "free_text": "Nytt klotter på elskåpet.",
    } | overrides


def report_body(world, *observations, key=None, organisation=None):
    return {
        "client_uuid": str(key or uuid.uuid4()),
        "organisation": organisation or world.a1.slug,
        "observations": list(observations) or [observation_body()],
    }


def state():
    # A refusal is on record, not a change (core/refusals.py): other events are compared.
    writes = AuditEvent.objects.exclude(action__startswith="refused.")
    return (Report.objects.count(), Observation.objects.count(), writes.count())


# --- POST /reports/ ----------------------------------------------------------------------


def test_a_report_is_filed_with_its_observations(world):
    # given a reporter of A1 and two observations, one at a place by id
    client = token_client(world.user("reporter"))
    at_place = observation_body(longitude=None, latitude=None, place=world.place_a.pk)
    # when they post the report
    response = post(client, "/api/v1/reports/", report_body(world, observation_body(), at_place))
    # then it is created from the API, its areas derived, and audited
    assert response.status_code == 201, response.json()
    body = response.json()
    report = Report.objects.get(pk=body["id"])
    assert (report.source, report.organisation, report.reporter) == (
        "api",
        world.a1,
        world.user("reporter"),
    )
    assert [o["area"] for o in body["observations"]] == [world.area_a.pk, world.area_a.pk]
    assert body["observations"][0]["category"] == "skadegorelse-klotter"
    assert body["observations"][1]["place"] == world.place_a.pk
    assert body["municipality"] == "alfa"
    assert AuditEvent.objects.filter(action="report.submit", target_id=str(report.pk)).exists()


def test_the_same_client_uuid_again_answers_200_with_the_same_body(world):
    client = token_client(world.user("reporter"))
    key = uuid.uuid4()
    first = post(client, "/api/v1/reports/", report_body(world, key=key))
    before = state()

    again = post(
        client,
        "/api/v1/reports/",
        report_body(world, observation_body(), observation_body(), key=key),
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert state() == before


def test_problems_are_400_with_field_paths_and_nothing_is_written(world):
    # given a report whose first observation is fine and the others are not
    client = token_client(world.user("reporter"))
    body = report_body(
        world,
        observation_body(),
        observation_body(free_text="Ring 070-123 45 67"),
        observation_body(unsafety=5, category="finns-inte"),
    )
    before = state()
    # when it is posted
    response = post(client, "/api/v1/reports/", body)
    # then nothing is written and every problem found so far is named by its path
    assert response.status_code == 400
    problems = response.json()
    assert set(problems) == {"observations.3.unsafety"}
    assert state() == before
    # and once the types are right, the service's problems have the same shape
    body["observations"][2]["unsafety"] = 3
    problems = post(client, "/api/v1/reports/", body).json()
    assert problems["observations.3.category"] == ["Kategorin finns inte i den här kommunen."]
    body["observations"][2]["category"] = "vald"
    problems = post(client, "/api/v1/reports/", body).json()
    assert "telefonnummer" in problems["observations.2.free_text"][0]
    assert state() == before


def test_another_municipalitys_area_is_as_unknown_as_a_missing_one(world):
    client = token_client(world.user("reporter"))
    answers = [
        post(client, "/api/v1/reports/", report_body(world, observation_body(area=area))).json()
        for area in (world.area_b.pk, 999_999)
    ]

    assert answers[0] == answers[1] == {"observations.1.area": ["Finns inte i den här kommunen."]}


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"observations": []}, "observations"),
        ({"observations": [observation_body()] * 51}, "observations"),
        ({"client_uuid": "inte-ett-id"}, "client_uuid"),
        (
            {"observations": [observation_body(occurred_from="igår")]},
            "observations.1.occurred_from",
        ),
    ],
)
def test_malformed_reports_are_400(world, body, path):
    client = token_client(world.user("reporter"))
    before = state()

    response = post(client, "/api/v1/reports/", report_body(world) | body)

    assert response.status_code == 400
    assert path in response.json()
    assert state() == before


@pytest.mark.parametrize(
    ("role", "relation", "message"),
    [
        ("analyst", "own_org", "någon organisation"),
        ("reporter", "other_org", "den organisationen"),
        ("coordinator", "other_municipality", "den organisationen"),
    ],
)
def test_filing_for_an_organisation_one_does_not_report_for_is_403(world, role, relation, message):
    client = token_client(world.user(role, relation))
    before = state()

    response = post(client, "/api/v1/reports/", report_body(world))

    assert response.status_code == 403
    assert message in response.json()["detail"]
    assert state() == before


# --- reading -------------------------------------------------------------------------------


def test_a_reporter_sees_only_their_own_organisations_reports_and_observations(world):
    # given observations of A1, A2 and B1
    of_a1 = file_observation(world)
    of_a2 = file_observation(world, world.a2, free_text="Klotter hos polisen.")
    file_observation(world, world.b1, free_text="Klotter i Beta.")
    # then A1's reporter sees A1's, A2's reporter A2's, and a coordinator of A both
    seen = {}
    for role, relation in [
        ("reporter", "own_org"),
        ("reporter", "other_org"),
        ("coordinator", "own_org"),
    ]:
        client = token_client(world.user(role, relation))
        seen[(role, relation)] = {
            "observations": {
                o["id"] for o in client.get("/api/v1/observations/").json()["results"]
            },
            "reports": {r["id"] for r in client.get("/api/v1/reports/").json()["results"]},
        }
    assert seen[("reporter", "own_org")]["observations"] == {of_a1.pk}
    assert seen[("reporter", "own_org")]["reports"] == {of_a1.report_id}
    assert seen[("reporter", "other_org")]["observations"] == {of_a2.pk}
    assert seen[("coordinator", "own_org")]["observations"] == {of_a1.pk, of_a2.pk}
    other = token_client(world.user("reporter", "other_org"))
    assert other.get(f"/api/v1/observations/{of_a1.pk}/").status_code == 404
    assert other.get(f"/api/v1/reports/{of_a1.report_id}/").status_code == 404


def test_the_observation_list_filters_and_pages(world):
    recent = file_observation(world)
    older = file_observation(world, occurred_from=recent.occurred_from - timedelta(weeks=3))
    client = token_client(world.user("analyst"))

    by_week = client.get(f"/api/v1/observations/?week={iso_week(older.occurred_from)}").json()
    first_page = client.get("/api/v1/observations/?page_size=1").json()
    bad = client.get("/api/v1/observations/?week=vecka-47")

    assert [o["id"] for o in by_week["results"]] == [older.pk]
    assert (first_page["count"], [o["id"] for o in first_page["results"]]) == (2, [recent.pk])
    assert first_page["next"]
    assert bad.status_code == 400
    assert "2026-W47" in bad.json()["week"][0]


@pytest.mark.parametrize("path", ["/api/v1/observations/", "/api/v1/observations/geojson/"])
def test_observation_lists_take_the_same_number_of_queries_for_more_rows(world, path):
    client = token_client(world.user("coordinator"))
    file_observation(world)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for organisation in (world.a1, world.a2, world.a1, world.a2):
        file_observation(world, organisation, free_text="Mer klotter.")
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(path).json()["results" if "geojson" not in path else "features"]) == 5

    assert len(more) == len(few)


def test_the_report_list_takes_the_same_number_of_queries_for_more_rows(world):
    client = token_client(world.user("coordinator"))
    file_observation(world)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/reports/")
    for _ in range(4):
        file_observation(world, world.a2, free_text="Mer klotter.")

    with CaptureQueriesContext(connection) as more:
        assert client.get("/api/v1/reports/").json()["count"] == 5

    assert len(more) == len(few)


def test_geojson_has_points_only_and_never_the_free_text(world):
    # given an observation with a point and one without
    with_point = file_observation(world)
    file_observation(world, longitude=None, latitude=None, place=world.place_a)
    # when the map asks for them
    response = token_client(world.user("analyst")).get("/api/v1/observations/geojson/")
    # then there is one feature, with its point and the public properties only
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert (body["type"], body["count"]) == ("FeatureCollection", 1)
    feature = body["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": list(POINT_A)}
    assert feature["id"] == with_point.pk
    assert set(feature["properties"]) == {
        "id",
        "category",
        "category_name",
        "occurred_from",
        "area",
        "unsafety",
        "status",
    }
    text = response.content.decode()
    assert SECRET_TEXT not in text
    assert SECRET_ADDRESS not in text


# --- review --------------------------------------------------------------------------------


def test_a_coordinator_corrects_category_and_time(world):
    observation = file_observation(world)
    earlier = observation.occurred_from - timedelta(weeks=2)
    client = token_client(world.user("coordinator", "other_org"))

    response = client.patch(
        f"/api/v1/observations/{observation.pk}/",
        data={"category": "anlagd-brand", "occurred_from": earlier.isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["category"] == "anlagd-brand"
    assert response.json()["week_key"] == iso_week(earlier)
    assert Observation.objects.get(pk=observation.pk).week_key == iso_week(earlier)


@pytest.mark.parametrize(
    ("role", "relation", "status"),
    [
        ("reporter", "own_org", 403),  # sees it, may not change it
        ("analyst", "other_org", 403),
        ("partner", "own_org", 403),  # sees its organisation's own, may not change it
        ("coordinator", "other_municipality", 404),
    ],
)
def test_who_may_not_correct_gets_403_or_404_and_nothing_changes(world, role, relation, status):
    observation = file_observation(world)
    client = token_client(world.user(role, relation))
    writes = AuditEvent.objects.exclude(action__startswith="refused.")  # refusals are on record
    before = list(Observation.objects.values_list()), writes.count()

    patched = client.patch(
        f"/api/v1/observations/{observation.pk}/",
        data={"category": "vald"},
        content_type="application/json",
    )
    rejected = post(client, f"/api/v1/observations/{observation.pk}/reject/", {"reason": "Fel"})

    assert (patched.status_code, rejected.status_code) == (status, status)
    assert (list(Observation.objects.values_list()), writes.count()) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": "fordon"}, "category"),
        ({"category": "finns-inte"}, "category"),
        ({"area": 999_999}, "area"),
        ({"time_band": "brunch"}, "time_band"),
        ({"occurred_from": "2999-01-01T00:00:00+01:00"}, "occurred_from"),
    ],
)
def test_a_bad_correction_is_400_at_its_field(world, body, field):
    observation = file_observation(world)
    client = token_client(world.user("admin"))

    response = client.patch(
        f"/api/v1/observations/{observation.pk}/", data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert Observation.objects.get(pk=observation.pk).category == observation.category


def test_put_is_not_offered(world):
    observation = file_observation(world)
    response = token_client(world.user("admin")).put(
        f"/api/v1/observations/{observation.pk}/", data={}, content_type="application/json"
    )

    assert response.status_code == 405


def test_a_coordinator_rejects_with_a_reason_once(world):
    observation = file_observation(world)
    client = token_client(world.user("coordinator"))
    path = f"/api/v1/observations/{observation.pk}/reject/"

    missing = post(client, path, {})
    rejected = post(client, path, {"reason": "Händelsen var i grannkommunen."})
    again = post(client, path, {"reason": "Igen"})

    assert missing.status_code == 400
    assert "reason" in missing.json()
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["closed_reason"]) == (
        "closed",
        "Händelsen var i grannkommunen.",
    )
    assert again.status_code == 400
    assert "Avslutad" in again.json()["status"][0]


# --- generated input (schemathesis) ----------------------------------------------------------
# The shared schema test signs in as an analyst, who may not write: these send generated
# bodies as the people who may, so the services' own checks are reached too.

_WRITES = [
    ("POST", "/api/v1/reports/", "reporter"),
    ("PATCH", "/api/v1/observations/{id}/", "coordinator"),
    ("POST", "/api/v1/observations/{id}/reject/", "coordinator"),
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("method", "path", "role"), _WRITES)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_writes_are_never_server_errors(world, data, mode, method, path, role):
    # given an observation of A1 and a token of someone who may write
    observation = file_observation(world)
    token = api_token_create(actor=None, user=world.user(role), rotate=True)
    operation = schema[path][method]
    params = {"id": observation.pk} if "{id}" in path else {}
    case = data.draw(operation.as_strategy(generation_mode=mode, path_parameters=params))
    if mode == GenerationMode.POSITIVE and path == "/api/v1/reports/":
        # A random slug is only ever a 403, a random code only ever "unknown category":
        # with real ones the generated times, points and texts reach the service's checks.
        case.body["organisation"] = world.a1.slug
        for item in case.body["observations"]:
            item["category"] = "vald"
    # when sent, then the answer is never a server error and matches the schema
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


@pytest.mark.parametrize(
    ("path", "parameters"),
    [
        ("/api/v1/reports/", lambda o: {}),
        ("/api/v1/reports/{id}/", lambda o: {"path": {"id": o.report_id}}),
        ("/api/v1/observations/", lambda o: {"query": {"week": o.week_key}}),
        ("/api/v1/observations/{id}/", lambda o: {"path": {"id": o.pk}}),
        ("/api/v1/observations/geojson/", lambda o: {"query": {"municipality": "alfa"}}),
    ],
)
def test_known_reports_and_observations_match_the_schema(world, path, parameters):
    # given an observation with every optional field empty but the point, and a reader
    observation = file_observation(world, address="", free_text="")
    token = api_token_create(actor=None, user=world.user("analyst"), rotate=True)
    given = parameters(observation)
    case = schema.find_operation_by_path("GET", path).Case(
        path_parameters=given.get("path", {}), query=given.get("query", {})
    )
    # when read, then the answer is a 200 that matches the schema and holds the observation
    response = case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[response_schema_conformance, content_type_conformance],
    )
    assert response.status_code == 200
    assert f'"id":{observation.pk},' in response.text
