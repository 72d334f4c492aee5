"""API endpoints in the permission matrix (tests/permissions.py).

Lists answer every signed-in member, each with their own municipality's rows only;
a single object of municipality A does not exist (404) for anyone outside A.
"""

from tests.permissions import Endpoint, members_of_a


def _any_member(actor):
    return actor.role is not None


def _not_found(actor):
    return 404


def _names_of_a(world):
    return [world.a.name, world.a1.name, world.a2.name, world.area_a.name]


ENDPOINTS = [
    Endpoint(
        name="api-root",
        path=lambda w: "/api/v1/",
        allowed=_any_member,
        api=True,
        secrets=_names_of_a,
    ),
    Endpoint(
        name="api-schema",
        path=lambda w: "/api/v1/schema/",
        allowed=_any_member,
        api=True,
        secrets=_names_of_a,
    ),
    Endpoint(
        name="api-me",
        path=lambda w: "/api/v1/me/",
        allowed=_any_member,
        api=True,
        # Actors of B see their own membership in Betaby, nothing of Alfastad.
        secrets=_names_of_a,
    ),
    Endpoint(
        name="api-municipality-list",
        path=lambda w: "/api/v1/municipalities/",
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.a.name, w.a.slug],
    ),
    Endpoint(
        name="api-municipality-detail",
        path=lambda w: f"/api/v1/municipalities/{w.a.slug}/",
        allowed=members_of_a,
        api=True,
        denied_status=_not_found,
        secrets=lambda w: [w.a.name, w.a.code],
    ),
    Endpoint(
        name="api-organisation-list",
        path=lambda w: "/api/v1/organisations/",
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.a1.name, w.a2.name, w.a1.slug],
    ),
    Endpoint(
        name="api-organisation-list-filtered-to-a",
        # Asking for A by its slug gives B's actors an empty page, not A's rows.
        path=lambda w: f"/api/v1/organisations/?municipality={w.a.slug}",
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.a1.name, w.a2.name],
    ),
    Endpoint(
        name="api-organisation-detail",
        path=lambda w: f"/api/v1/organisations/{w.a1.pk}/",
        allowed=members_of_a,
        api=True,
        denied_status=_not_found,
        secrets=lambda w: [w.a1.name, w.a1.slug],
    ),
    Endpoint(
        name="api-area-list",
        path=lambda w: "/api/v1/areas/",
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="api-area-list-sweref",
        path=lambda w: f"/api/v1/areas/?crs=3006&municipality={w.a.slug}",
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="api-area-detail",
        path=lambda w: f"/api/v1/areas/{w.area_a.pk}/",
        allowed=members_of_a,
        api=True,
        denied_status=_not_found,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="api-area-detail-sweref",
        path=lambda w: f"/api/v1/areas/{w.area_a.pk}/?crs=3006",
        allowed=members_of_a,
        api=True,
        denied_status=_not_found,
        secrets=lambda w: [w.area_a.name],
    ),
]


# --- OGC API - Features (issue 20) -------------------------------------------------------
# Every signed-in member reads the service and each layer, holding only what restrict()
# lets them see; a single feature of A does not exist (404) for anyone outside A. The
# layers that are empty in the bare world (observations, the picture's, interventions')
# are in tests/api/ogc_endpoints.py, run with data by tests/api/test_ogc_permissions.py.

_OGC = "/api/v1/ogc"


def _ogc_items(collection: str, query: str = ""):
    return lambda w: f"{_OGC}/collections/{collection}/items" + (f"?{query}" if query else "")


ENDPOINTS += [
    Endpoint(
        name="api-ogc-landing",
        path=lambda w: f"{_OGC}/",
        allowed=_any_member,
        api=True,
        secrets=_names_of_a,
    ),
    Endpoint(
        name="api-ogc-conformance",
        path=lambda w: f"{_OGC}/conformance",
        allowed=_any_member,
        api=True,
        secrets=_names_of_a,
    ),
    Endpoint(
        name="api-ogc-collections",
        path=lambda w: f"{_OGC}/collections",
        allowed=_any_member,
        api=True,
        secrets=_names_of_a,
    ),
    Endpoint(
        name="api-ogc-collection",
        path=lambda w: f"{_OGC}/collections/areas",
        allowed=_any_member,
        api=True,
        secrets=_names_of_a,
    ),
    Endpoint(
        name="api-ogc-collection-unknown",
        path=lambda w: f"{_OGC}/collections/cases",
        allowed=lambda actor: False,
        api=True,
        denied_status=_not_found,
    ),
    Endpoint(
        name="api-ogc-areas-items",
        path=_ogc_items("areas"),
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="api-ogc-areas-items-sweref",
        path=_ogc_items("areas", "crs=http://www.opengis.net/def/crs/EPSG/0/3006"),
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="api-ogc-area-item",
        path=lambda w: f"{_OGC}/collections/areas/items/{w.area_a.pk}",
        allowed=members_of_a,
        api=True,
        denied_status=_not_found,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="api-ogc-places-items",
        path=_ogc_items("places", "bbox=15.0,59.0,15.5,59.5"),
        allowed=_any_member,
        api=True,
        secrets=lambda w: [w.place_a.name],
    ),
    Endpoint(
        name="api-ogc-place-item",
        path=lambda w: f"{_OGC}/collections/places/items/{w.place_a.pk}",
        allowed=members_of_a,
        api=True,
        denied_status=_not_found,
        secrets=lambda w: [w.place_a.name],
    ),
]
