"""The read API: shapes, filters, paging, scope, authentication and query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from shapely.geometry import shape

from samordna.api.services import api_token_create
from samordna.core import services
from samordna.core.geo import area_geometry
from tests.conftest import SQUARE_A


def token_client(user):
    token = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def shifted_square(step):
    """SQUARE_A moved east by `step` hundredths of a degree (still inside Sweden)."""
    dx = step * 0.03
    ring = [[x + dx, y] for x, y in SQUARE_A["coordinates"][0]]
    return area_geometry({"type": "Polygon", "coordinates": [ring]})


def add_areas(world, count, kind="est"):
    for i in range(count):
        services.area_create(
            actor=None,
            municipality=world.a,
            name=f"Extra {i:03d}",
            kind=kind,
            geometry=shifted_square(i + 1),
        )


def join_b(world, user):
    services.membership_create(actor=None, user=user, organisation=world.b1, role="analyst")


# --- /me/ -----------------------------------------------------------------------------


def test_me_shows_the_user_and_only_their_active_memberships(world):
    # given a user of A1 who also had a membership in B that has been deactivated
    user = world.user("coordinator")
    user.first_name, user.last_name = "Kim", "Berg"
    user.save()
    old = services.membership_create(actor=None, user=user, organisation=world.b1, role="admin")
    services.membership_set_active(actor=None, membership=old, is_active=False)
    # when they ask who they are
    response = token_client(user).get("/api/v1/me/")
    # then they see themselves and the one active membership, with names and slugs
    assert response.status_code == 200
    membership = user.memberships.get(is_active=True)
    assert response.json() == {
        "username": "coordinator-own_org",
        "name": "Kim Berg",
        "email": "coordinator-own_org@example.invalid",
        "memberships": [
            {
                "id": membership.pk,
                "role": "coordinator",
                "municipality": {"slug": "alfa", "name": "Alfastad"},
                "organisation": {"slug": "alfa-bostader", "name": "Alfa bostäder"},
            }
        ],
    }


# --- municipalities and organisations ----------------------------------------------------


def test_municipalities_are_only_the_users_own(world):
    # given one user in A only and another in A and B
    only_a = world.user("reporter")
    both = world.user("analyst")
    join_b(world, both)
    # when each lists municipalities
    seen_by_a = token_client(only_a).get("/api/v1/municipalities/").json()
    seen_by_both = token_client(both).get("/api/v1/municipalities/").json()
    # then each sees exactly theirs
    assert [m["slug"] for m in seen_by_a["results"]] == ["alfa"]
    assert seen_by_a["count"] == 1
    assert [m["slug"] for m in seen_by_both["results"]] == ["alfa", "beta"]
    assert seen_by_both["results"][0] == {
        "slug": "alfa",
        "name": "Alfastad",
        "code": "9901",
        "is_demo": False,
    }


def test_a_municipality_is_retrieved_by_slug_and_another_is_404(world):
    client = token_client(world.user("reporter"))

    assert client.get("/api/v1/municipalities/alfa/").json()["name"] == "Alfastad"
    response = client.get("/api/v1/municipalities/beta/")
    assert response.status_code == 404
    assert "Betaby" not in response.content.decode()


def test_organisations_filter_by_municipality_and_kind(world):
    # given a user in both municipalities
    user = world.user("partner")
    join_b(world, user)
    client = token_client(user)
    # when they filter
    everything = client.get("/api/v1/organisations/").json()
    in_b = client.get("/api/v1/organisations/?municipality=beta").json()
    police = client.get("/api/v1/organisations/?kind=police").json()
    police_in_b = client.get("/api/v1/organisations/?kind=police&municipality=beta").json()
    # then each filter narrows the list
    assert [o["name"] for o in everything["results"]] == [
        "Alfa bostäder",
        "Alfa polis",
        "Beta kommun",
        "Beta polis",
    ]
    assert in_b["results"][0] == {
        "id": world.b1.pk,
        "slug": "beta-kommun",
        "name": "Beta kommun",
        "kind": "municipal",
        "is_active": True,
        "municipality": "beta",
    }
    assert [o["slug"] for o in in_b["results"]] == ["beta-kommun", "beta-polis"]
    assert [o["slug"] for o in police["results"]] == ["alfa-polis", "beta-polis"]
    assert [o["slug"] for o in police_in_b["results"]] == ["beta-polis"]


def test_an_unknown_organisation_kind_is_refused_with_the_field_named(world):
    response = token_client(world.user("partner")).get("/api/v1/organisations/?kind=kung")

    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


def test_another_municipalitys_organisation_is_404_by_id(world):
    client = token_client(world.user("admin", "other_municipality"))

    response = client.get(f"/api/v1/organisations/{world.a1.pk}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert world.a1.name not in response.content.decode()
    assert client.get(f"/api/v1/organisations/{world.b1.pk}/").json()["name"] == "Beta kommun"


# --- areas as GeoJSON -------------------------------------------------------------------


def test_the_area_list_is_a_feature_collection_with_paging_members(world):
    # given five areas in A
    add_areas(world, 4)
    client = token_client(world.user("reporter"))
    # when the second page of two is asked for
    response = client.get("/api/v1/areas/?page=2&page_size=2")
    # then it is a FeatureCollection with count, next and previous at the top level,
    # and OGC API's numberMatched, numberReturned and links besides (issue 20)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert set(body) == {"type", "count", "next", "previous", "features"} | {
        "numberMatched",
        "numberReturned",
        "links",
    }
    assert (body["numberMatched"], body["numberReturned"]) == (5, 2)
    assert {link["rel"]: link["href"] for link in body["links"]}["next"] == body["next"]
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 5
    assert body["next"].endswith("/api/v1/areas/?page=3&page_size=2")
    assert body["previous"].endswith("/api/v1/areas/?page_size=2")
    assert [f["properties"]["name"] for f in body["features"]] == ["Extra 002", "Extra 003"]
    assert all(f["type"] == "Feature" for f in body["features"])


def test_an_area_is_a_feature_in_wgs84_with_its_properties(world):
    client = token_client(world.user("reporter"))

    feature = client.get(f"/api/v1/areas/{world.area_a.pk}/").json()

    assert feature["type"] == "Feature"
    assert feature["id"] == world.area_a.pk
    assert feature["geometry"] == SQUARE_A
    assert feature["properties"] == {
        "id": world.area_a.pk,
        "name": "Hemligområdet Alfa",
        "kind": "est",
        "code": "",
        "vintage": "",
        "municipality": "alfa",
        "area_m2": pytest.approx(world.area_a.area_m2),
        "is_active": True,
    }


def test_crs_3006_gives_the_geometry_in_metres(world):
    client = token_client(world.user("reporter"))

    feature = client.get(f"/api/v1/areas/{world.area_a.pk}/?crs=3006").json()
    listed = client.get("/api/v1/areas/?crs=3006").json()["features"][0]

    polygon = shape(feature["geometry"])
    minx, miny, maxx, maxy = polygon.bounds
    # Örebro in SWEREF 99 TM: eastings around 512 km, northings around 6 571 km.
    assert 500_000 < minx < maxx < 525_000
    assert 6_560_000 < miny < maxy < 6_580_000
    # The area computed from the returned metres is the stored one.
    assert polygon.area == pytest.approx(feature["properties"]["area_m2"], rel=1e-9)
    assert listed["geometry"] == feature["geometry"]


def test_an_unknown_crs_is_refused_in_swedish(world):
    response = token_client(world.user("reporter")).get("/api/v1/areas/?crs=900913")

    assert response.status_code == 400
    assert "Okänt koordinatsystem" in response.json()["crs"][0]


def test_areas_filter_by_municipality_kind_and_name(world):
    # given a user in both municipalities and a DeSO in A
    user = world.user("analyst")
    join_b(world, user)
    services.area_create(
        actor=None,
        municipality=world.a,
        name="Deso Alfa 1",
        kind="deso",
        geometry=shifted_square(1),
        code="1880C1010",
        vintage="2025",
    )
    client = token_client(user)

    def names(query):
        response = client.get(f"/api/v1/areas/?{query}")
        return [f["properties"]["name"] for f in response.json()["features"]]

    assert names("") == ["Deso Alfa 1", "Hemligområdet Alfa", "Hemligområdet Beta"]
    assert names("municipality=beta") == ["Hemligområdet Beta"]
    assert names("kind=deso") == ["Deso Alfa 1"]
    assert names("name=hemlig&municipality=alfa") == ["Hemligområdet Alfa"]
    assert names("municipality=finns-inte") == []


def test_another_municipalitys_area_is_404_and_names_nothing(world):
    client = token_client(world.user("coordinator", "other_municipality"))

    response = client.get(f"/api/v1/areas/{world.area_a.pk}/?crs=3006")

    assert response.status_code == 404
    assert world.area_a.name not in response.content.decode()
    assert client.get(f"/api/v1/areas/{world.area_b.pk}/").status_code == 200


def test_a_page_past_the_end_is_404_json(world):
    response = token_client(world.user("reporter")).get("/api/v1/areas/?page=9")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/geo+json"
    assert "detail" in response.json()


# --- authentication --------------------------------------------------------------------

API_PATHS = [
    "/api/v1/",
    "/api/v1/me/",
    "/api/v1/schema/",
    "/api/v1/municipalities/",
    "/api/v1/organisations/",
    "/api/v1/areas/",
]


@pytest.mark.parametrize("path", API_PATHS)
def test_anonymous_requests_get_401_json_and_no_redirect(client, world, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "Location" not in response
    assert "detail" in response.json()


def test_a_token_authenticates_without_a_session(world):
    user = world.user("reporter")
    client = token_client(user)

    response = client.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert "sessionid" not in response.cookies


def test_a_session_authenticates_too(client, world):
    client.force_login(world.user("reporter"))

    assert client.get("/api/v1/me/").json()["username"] == "reporter-own_org"


def test_an_unknown_token_is_refused(world):
    client = Client(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert "reporter" not in response.content.decode()


def test_an_inactive_users_token_is_refused(world):
    # given a user with a token who is then deactivated
    user = world.user("reporter")
    client = token_client(user)
    assert client.get("/api/v1/me/").status_code == 200
    services.user_deactivate(actor=None, user=user, municipality=world.a)
    # when the token is used again
    response = client.get("/api/v1/areas/")
    # then it is refused and nothing is shown
    assert response.status_code == 401
    assert world.area_a.name not in response.content.decode()


def test_the_schema_is_served_as_json_and_as_yaml(world):
    client = token_client(world.user("reporter"))

    schema = client.get("/api/v1/schema/")
    yaml = client.get("/api/v1/schema/?format=yaml")

    assert schema["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert set(schema.json()["paths"]) >= {"/api/v1/areas/", "/api/v1/me/"}
    assert yaml.content.startswith(b"openapi: 3")


# --- query counts ------------------------------------------------------------------------


def _rows(body):
    for key in ("features", "results", "memberships"):
        if key in body:
            return len(body[key])
    raise AssertionError(f"no list in {sorted(body)}")


def _grow(world, user, rows):
    """`rows` more of everything the user can list."""
    add_areas(world, rows)
    for i in range(rows):
        organisation = services.organisation_create(
            actor=None, municipality=world.a, name=f"Org {i}", slug=f"org-{i}", kind="school"
        )
        services.membership_create(
            actor=None, user=user, organisation=organisation, role="reporter"
        )
        municipality = services.municipality_create(
            actor=None, name=f"Kommun {i}", slug=f"kommun-{i}", code=f"{8000 + i}"
        )
        elsewhere = services.organisation_create(
            actor=None, municipality=municipality, name="Förvaltning", slug="f", kind="municipal"
        )
        services.membership_create(actor=None, user=user, organisation=elsewhere, role="analyst")


LIST_PATHS = [
    "/api/v1/me/",
    "/api/v1/municipalities/",
    "/api/v1/organisations/",
    "/api/v1/areas/",
    "/api/v1/areas/?crs=3006&kind=est&municipality=alfa",
]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_query_counts_do_not_grow_with_the_rows(world, path, django_assert_max_num_queries):
    # given a token user, measured with a handful of rows
    user = world.user("coordinator")
    client = token_client(user)
    with CaptureQueriesContext(connection) as few:
        before = client.get(path)
    # when twelve more of everything exist and the same list is read again
    _grow(world, user, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        after = client.get(path)
    # then it shows the new rows with no more queries (token, second-factor rule, scope,
    # count, page)
    assert _rows(after.json()) >= _rows(before.json()) + 12
    assert len(few.captured_queries) <= 5
