"""OGC API - Features under /api/v1/ogc/ (issue 20), through Django's test client.

GDAL reading the same service over HTTP is tests/api/test_ogc_gdal.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import shapely
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from shapely.geometry import shape

from samordna.api.ogc import params
from samordna.core import services
from samordna.core.roles import Role
from samordna.reports.models import Observation
from samordna.situation.models import SituationPicture
from tests.api.ogc_factories import CRS84, EPSG3006, OGC, WEEK, frozen_week, items
from tests.api.test_reports_api import token_client
from tests.conftest import RELATIONS
from tests.interventions.factories import SECRET_TITLE, make_intervention
from tests.permissions import sign_in
from tests.reports.factories import POINT_A, SECRET_ADDRESS, SECRET_TEXT, at, file_observation

# Roles that see no observation at all (reports.policies): management and the TSI roles.
NO_OBSERVATIONS = {"management", "tsi_participant", "tsi_coordinator", "leadership"}


def read_all(client: Client, url: str) -> tuple[list[dict], list[dict]]:
    """Every feature, following rel=next; and every page's body."""
    features, pages = [], []
    while url:
        body = client.get(url).json()
        pages.append(body)
        features += body["features"]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), "")
    return features, pages


# --- landing page, conformance, collections ---------------------------------------------


def test_the_landing_page_links_conformance_data_and_the_api_description(world):
    response = token_client(world.user("analyst")).get(f"{OGC}/")

    assert response["Content-Type"] == "application/json"
    links = {link["rel"]: link for link in response.json()["links"]}
    assert set(links) == {"self", "conformance", "data", "service-desc"}
    assert links["data"]["href"] == f"http://testserver{OGC}/collections"
    assert links["conformance"]["href"] == f"http://testserver{OGC}/conformance"
    assert links["service-desc"]["href"] == "http://testserver/api/v1/schema/"
    assert links["service-desc"]["type"].startswith("application/vnd.oai.openapi+json")


def test_conformance_declares_core_geojson_oas30_and_crs(world):
    body = token_client(world.user("analyst")).get(f"{OGC}/conformance").json()

    assert {c.rsplit("/", 1)[-1] for c in body["conformsTo"]} == {"core", "geojson", "oas30", "crs"}
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in body["conformsTo"]


def test_the_collections_are_the_six_layers_in_wgs84_and_sweref(world):
    client = token_client(world.user("analyst"))

    body = client.get(f"{OGC}/collections").json()
    one = client.get(f"{OGC}/collections/areas").json()

    assert [c["id"] for c in body["collections"]] == [
        "observations",
        "areas",
        "places",
        "picture-cells",
        "hotspots",
        "intervention-areas",
    ]
    assert one == next(c for c in body["collections"] if c["id"] == "areas")
    assert (one["crs"], one["storageCrs"]) == ([CRS84, EPSG3006], CRS84)
    items_link = next(link for link in one["links"] if link["rel"] == "items")
    assert items_link == {
        "href": f"http://testserver{OGC}/collections/areas/items",
        "rel": "items",
        "type": "application/geo+json",
        "title": "Områden",
    }


def test_an_unknown_collection_or_feature_is_a_json_404(world):
    client = token_client(world.user("analyst"))

    for url in (f"{OGC}/collections/cases", items("cases"), items("areas") + "/0.5"):
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json")


# --- observations ------------------------------------------------------------------------


def test_every_observation_is_read_by_following_next_and_none_twice(world):
    filed = [file_observation(world, occurred_from=at(f"2026-10-0{d}T12:00")) for d in (1, 2)]
    filed += [
        file_observation(world, world.a2, occurred_from=at("2026-10-03T12:00")) for _ in "abc"
    ]

    features, pages = read_all(
        token_client(world.user("analyst")), items("observations", "limit=2")
    )

    assert sorted(f["id"] for f in features) == sorted(o.pk for o in filed)
    assert [(p["numberMatched"], p["numberReturned"]) for p in pages] == [(5, 2), (5, 2), (5, 1)]
    # Newest first, the ties broken by id, as in the rest of the API.
    assert [f["properties"]["occurred_from"][:10] for f in features[:3]] == ["2026-10-03"] * 3
    assert all(p["timeStamp"].endswith("Z") for p in pages)


def test_an_observation_feature_has_its_point_and_never_free_text(world):
    observation = file_observation(world)
    file_observation(world, longitude=None, latitude=None, place=world.place_a)

    response = token_client(world.user("analyst")).get(items("observations"))

    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Crs"] == f"<{CRS84}>"
    features = {f["id"]: f for f in response.json()["features"]}
    assert features[observation.pk]["geometry"] == {"type": "Point", "coordinates": list(POINT_A)}
    assert features[observation.pk]["properties"]["area_name"] == world.area_a.name
    # Known only by its place: no point, but still one of the user's observations.
    assert [f["geometry"] for pk, f in features.items() if pk != observation.pk] == [None]
    assert SECRET_TEXT not in response.content.decode()
    assert SECRET_ADDRESS not in response.content.decode()


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_actor_reads_exactly_the_observations_restrict_shows_them(
    client, world, role, relation
):
    file_observation(world)
    file_observation(world, world.a2)
    file_observation(world, world.b1)
    user = world.user(role, relation)
    sign_in(client, user)

    features, _ = read_all(client, items("observations", "limit=1"))

    expected = set(Observation.objects.restrict(user, "view").values_list("pk", flat=True))
    assert {f["id"] for f in features} == expected
    of_a = set(Observation.objects.filter(municipality=world.a).values_list("pk", flat=True))
    if relation == "other_municipality" or role in NO_OBSERVATIONS:
        assert not {f["id"] for f in features} & of_a


def test_bbox_and_datetime_choose_observations(world):
    inside = file_observation(world, occurred_from=at("2026-10-01T12:00"))
    outside = file_observation(
        world, longitude=15.30, latitude=59.30, occurred_from=at("2026-10-01T12:00")
    )
    older = file_observation(world, occurred_from=at("2026-09-01T12:00"))
    client = token_client(world.user("analyst"))

    def ids(query: str) -> set[int]:
        return {f["id"] for f in client.get(items("observations", query)).json()["features"]}

    assert ids("bbox=15.2,59.27,15.22,59.28") == {inside.pk, older.pk}
    assert ids("datetime=2026-10-01") == {inside.pk, outside.pk}
    assert ids("datetime=../2026-09-30") == {older.pk}
    assert ids("datetime=2026-09-02T00:00:00Z/..") == {inside.pk, outside.pk}
    assert ids("datetime=2026-10-01T10:00:00Z") == {inside.pk, outside.pk}
    sweref = f"bbox=6570000,511000,6571000,513000&bbox-crs={EPSG3006}&datetime=2026-10-01"
    assert ids(sweref) == {inside.pk}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=0", "limit"),
        ("limit=tio", "limit"),
        ("limit=-5", "limit"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=15.3,59.2,15.1,59.3", "bbox"),
        ("bbox=15,nan,16,60", "bbox"),
        ("bbox=15,59,16,95", "bbox"),
        ("datetime=igår", "datetime"),
        ("datetime=2026-10-05/2026-10-01", "datetime"),
        ("datetime=0001-01-01/..", "datetime"),
        ("crs=EPSG:4326", "crs"),
        ("bbox-crs=EPSG:3857", "bbox-crs"),
        ("cursor=inte-en-markör", "cursor"),
        ("cursor=eyJrIjogWzFdfQ", "cursor"),
    ],
)
def test_bad_parameters_are_a_400_in_swedish_at_their_name(world, query, name):
    response = token_client(world.user("analyst")).get(items("observations", query))

    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert list(response.json()) == [name]
    assert response.json()[name][0].startswith(("Ange", "Okänt", "Ogiltig"))


def test_a_limit_above_the_maximum_is_the_maximum():
    assert params.limit("9999999") == params.MAX_LIMIT
    assert params.limit(None) == params.DEFAULT_LIMIT


def test_sweref_coordinates_come_northing_first_with_content_crs(world):
    observation = file_observation(world)
    client = token_client(world.user("analyst"))

    response = client.get(items("observations", f"crs={EPSG3006}"))
    area = client.get(f"{items('areas')}/{world.area_a.pk}?crs=EPSG:3006")

    assert response["Content-Crs"] == f"<{EPSG3006}>"
    coordinates = response.json()["features"][0]["geometry"]["coordinates"]
    assert coordinates == pytest.approx([observation.y, observation.x])
    assert area["Content-Crs"] == f"<{EPSG3006}>"
    ring = area.json()["geometry"]["coordinates"][0]
    assert ring == [[y, x] for x, y in world.area_a.geometry_sweref["coordinates"][0]]


def test_a_single_feature_of_another_municipality_does_not_exist(world):
    observation = file_observation(world)
    own = token_client(world.user("analyst"))
    other = token_client(world.user("analyst", "other_municipality"))

    found = own.get(f"{items('observations')}/{observation.pk}")

    assert found.status_code == 200
    assert found.json()["id"] == observation.pk
    assert {link["rel"] for link in found.json()["links"]} == {"self", "collection"}
    for url in (f"{items('observations')}/{observation.pk}", f"{items('areas')}/{world.area_a.pk}"):
        response = other.get(url)
        assert response.status_code == 404
        assert world.area_a.name not in response.content.decode()


def test_observation_pages_take_the_same_number_of_queries_for_more_rows(world):
    client = token_client(world.user("coordinator"))
    file_observation(world)
    with CaptureQueriesContext(connection) as few:
        assert client.get(items("observations")).json()["numberReturned"] == 1
    for _ in range(4):
        file_observation(world, world.a2)
    with CaptureQueriesContext(connection) as more:
        assert client.get(items("observations")).json()["numberReturned"] == 5

    assert len(more) == len(few)


# --- the other layers ----------------------------------------------------------------------


def test_areas_and_places_are_the_users_own(world):
    client = token_client(world.user("reporter", "other_municipality"))

    areas = client.get(items("areas")).json()["features"]
    places = client.get(items("places", "crs=EPSG:3006")).json()["features"]

    assert [f["properties"]["name"] for f in areas] == [world.area_b.name]
    assert places == []
    own = token_client(world.user("reporter")).get(items("places")).json()["features"]
    assert [(f["properties"]["name"], f["geometry"]["coordinates"]) for f in own] == [
        (world.place_a.name, [world.place_a.longitude, world.place_a.latitude])
    ]


def test_the_picture_layers_come_from_the_latest_confirmed_week(world):
    frozen_week(world, "2026-W39")
    frozen_week(world, WEEK)
    client = token_client(world.user("reporter"))

    cells = client.get(items("picture-cells")).json()
    hot = client.get(items("hotspots", f"crs={EPSG3006}")).json()

    # One cell with a polygon; the one outside every area has none to be drawn with.
    assert cells["numberMatched"] == 1
    cell = cells["features"][0]
    assert cell["properties"] | {"count": 7, "direction": "up", "week": WEEK} == cell["properties"]
    assert cell["properties"]["area_name"] == world.area_a.name
    assert cell["geometry"] == world.area_a.geometry
    square = shape(hot["features"][0]["geometry"])
    assert shapely.box(*square.bounds).area == pytest.approx(100 * 100)
    assert hot["features"][0]["id"].startswith(f"alfa.{WEEK}.")
    assert client.get(items("hotspots", "datetime=2026-01-01/2026-01-31")).json()["features"] == []
    one = client.get(f"{items('picture-cells')}/{cell['id']}").json()
    assert one["properties"] == cell["properties"]
    stranger = token_client(world.user("reporter", "other_municipality"))
    assert stranger.get(items("picture-cells")).json()["features"] == []


def test_an_intervention_is_its_target_areas(world):
    intervention = make_intervention(world)
    client = token_client(world.user("partner", "other_org"))

    body = client.get(items("intervention-areas")).json()
    away = client.get(items("intervention-areas", "bbox=16.5,59.6,16.6,59.7")).json()
    later = client.get(items("intervention-areas", "datetime=2999-01-01/..")).json()

    assert [f["id"] for f in body["features"]] == [intervention.pk]
    feature = body["features"][0]
    assert feature["properties"]["title"] == SECRET_TITLE
    assert shape(feature["geometry"]).equals(shape(world.area_a.geometry))
    assert (away["features"], later["features"]) == ([], [])
    stranger = token_client(world.user("coordinator", "other_municipality"))
    assert SECRET_TITLE not in stranger.get(items("intervention-areas")).content.decode()


# --- the query's parts ----------------------------------------------------------------------


def test_datetime_instants_dates_and_open_intervals():
    day_start, day_end = params.interval("2026-10-01")
    start, end = params.interval("2026-10-01T12:00:00+02:00/..")

    assert (day_end - day_start) == timedelta(days=1)
    assert day_start.isoformat() == "2026-10-01T00:00:00+02:00"
    assert (start.isoformat(), end) == ("2026-10-01T12:00:00+02:00", None)
    assert params.interval("../2026-10-01")[0] is None
    assert params.interval("") == (None, None)


def test_the_in_memory_layers_page_with_a_cursor_too(world):
    # given a confirmed week in A and one in B, and A's coordinator an analyst in B too
    frozen_week(world)
    week_of_b = frozen_week(world, "2026-W41")
    SituationPicture.objects.filter(pk=week_of_b.pk).update(municipality=world.b)
    coordinator = world.user("coordinator")
    services.membership_create(
        actor=None, user=coordinator, organisation=world.b1, role=Role.ANALYST
    )
    client = token_client(coordinator)
    # when the hot spots are read a cell at a time
    features, pages = read_all(client, items("hotspots", "limit=1"))
    bad = client.get(items("hotspots", "cursor=eyJrIjogWyJ4Il19"))
    # then both municipalities' latest weeks come, one page each
    assert [(p["numberMatched"], p["numberReturned"]) for p in pages] == [(2, 1), (2, 1)]
    assert sorted(f["properties"]["week"] for f in features) == [WEEK, "2026-W41"]
    assert bad.status_code == 400


def test_intervention_pages_take_the_same_number_of_queries_for_more_rows(world):
    client = token_client(world.user("coordinator"))
    make_intervention(world)
    with CaptureQueriesContext(connection) as few:
        assert client.get(items("intervention-areas")).json()["numberReturned"] == 1
    for n in range(3):
        make_intervention(world, title=f"Insats {n}")
    with CaptureQueriesContext(connection) as more:
        assert client.get(items("intervention-areas")).json()["numberReturned"] == 4

    assert len(more) == len(few)
