"""OGC API - Features: landing page, conformance, collections, items and single items.

Thin views: parse the query (params), ask the collection for a page, and answer in
the standard's shapes with absolute links. Authentication and the 401/403 for strangers
are the rest of the API's (token or session, DRFAuthenticated).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from samordna.api.errors import ERRORS_RESPONSE
from samordna.api.geojson import GeoJSONRenderer
from samordna.api.ogc import params
from samordna.api.ogc.collections import Areas, Collection, Observations, Places
from samordna.api.ogc.layers import Hotspots, InterventionAreas, PictureCells
from samordna.api.ogc.schema import (
    COLLECTION_SCHEMA,
    COLLECTIONS_SCHEMA,
    CONFORMANCE_SCHEMA,
    FEATURE_SCHEMA,
    ITEMS_PARAMETERS,
    ITEMS_SCHEMA,
    LANDING_SCHEMA,
)
from samordna.api.viewsets import DRFAuthenticated

COLLECTIONS: dict[str, Collection] = {
    c.id: c
    for c in (
        Observations(),
        Areas(),
        Places(),
        PictureCells(),
        Hotspots(),
        InterventionAreas(),
    )
}
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
JSON = "application/json"
GEOJSON = GeoJSONRenderer.media_type
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
# Sweden's extent, the same bounds core.geo accepts for an area.
SWEDEN = [10.0, 55.0, 25.0, 69.5]
NO_COLLECTION = "Det finns ingen sådan samling. Se /api/v1/ogc/collections."
NO_FEATURE = "Objektet finns inte, eller så får du inte se det."

_COLLECTION_ID = OpenApiParameter(
    "collection_id", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(COLLECTIONS)
)
_FEATURE_ID = OpenApiParameter("feature_id", OpenApiTypes.STR, OpenApiParameter.PATH)
_NOT_FOUND = OpenApiResponse(
    response={"type": "object", "properties": {"detail": {"type": "string"}}},
    description="Samlingen eller objektet finns inte (för dig).",
)


def link(request: Request, href: str, rel: str, kind: str, title: str = "") -> dict[str, str]:
    found = {"href": request.build_absolute_uri(href), "rel": rel, "type": kind}
    return found | {"title": title} if title else found


def collection_or_404(collection_id: str) -> Collection:
    found = COLLECTIONS.get(collection_id)
    if found is None:
        raise NotFound(NO_COLLECTION)
    return found


class OgcView(DRFAuthenticated, APIView):
    renderer_classes = [JSONRenderer]


class LandingView(OgcView):
    """Where a GIS client starts: links to the conformance, the layers and the API."""

    @extend_schema(
        responses={200: LANDING_SCHEMA},
        operation_id="ogc_getLandingPage",
        description="OGC API - Features: startsidan med länkar till lagren (data).",
    )
    def get(self, request: Request) -> Response:
        links = [
            link(request, reverse("api-ogc-landing"), "self", JSON, "Den här sidan"),
            link(request, reverse("api-schema"), "service-desc", OPENAPI, "API-beskrivningen"),
            link(request, reverse("api-ogc-conformance"), "conformance", JSON, "Standarder"),
            link(request, reverse("api-ogc-collections"), "data", JSON, "Lagren"),
        ]
        title = "Samordna – lager för GIS"
        description = "Iakttagelser, områden, platser, lägesbild, hot spots och insatser."
        return Response({"title": title, "description": description, "links": links})


class ConformanceView(OgcView):
    @extend_schema(
        responses={200: CONFORMANCE_SCHEMA},
        operation_id="ogc_getConformanceDeclaration",
        description="Vilka delar av OGC API - Features tjänsten följer.",
    )
    def get(self, request: Request) -> Response:
        return Response({"conformsTo": CONFORMANCE})


def describe(request: Request, collection: Collection) -> dict[str, Any]:
    here = reverse("api-ogc-collection", args=[collection.id])
    items = reverse("api-ogc-items", args=[collection.id])
    extent: dict[str, Any] = {"spatial": {"bbox": [SWEDEN], "crs": params.CRS84}}
    if collection.temporal:
        extent["temporal"] = {"interval": [[None, None]]}
    return {
        "id": collection.id,
        "title": collection.title,
        "description": collection.description,
        "itemType": "feature",
        "links": [
            link(request, here, "self", JSON, collection.title),
            link(request, items, "items", GEOJSON, collection.title),
        ],
        "extent": extent,
        "crs": params.CRS_LIST,
        "storageCrs": params.CRS84,
    }


class CollectionsView(OgcView):
    @extend_schema(
        operation_id="ogc_getCollections",
        responses={200: COLLECTIONS_SCHEMA},
        description="Lagren som finns.",
    )
    def get(self, request: Request) -> Response:
        here = reverse("api-ogc-collections")
        return Response(
            {
                "links": [link(request, here, "self", JSON, "Lagren")],
                "collections": [describe(request, c) for c in COLLECTIONS.values()],
            }
        )


class CollectionView(OgcView):
    @extend_schema(
        parameters=[_COLLECTION_ID],
        responses={200: COLLECTION_SCHEMA, 404: _NOT_FOUND},
        operation_id="ogc_describeCollection",
        description="Ett lager: vad det innehåller och var objekten finns.",
    )
    def get(self, request: Request, collection_id: str) -> Response:
        return Response(describe(request, collection_or_404(collection_id)))


def crs_headers(crs: str) -> dict[str, str]:
    return {"Content-Crs": params.content_crs(crs)}


def in_axis_order(features: list[dict[str, Any]], crs: str) -> list[dict[str, Any]]:
    """Coordinates in the axis order the CRS defines (Part 2): CRS84 is longitude,
    latitude; EPSG:3006 is northing, easting, so its pairs are turned round here."""
    if crs != params.EPSG3006:
        return features
    return [{**f, "geometry": params.swap_axes(f["geometry"])} for f in features]


class FeaturesView(OgcView):
    """Features are GeoJSON; an error about them is plain JSON, since it is no feature."""

    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        # finalize_response() renders with the request's choice: make that plain JSON.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class ItemsView(FeaturesView):
    @extend_schema(
        parameters=[_COLLECTION_ID, *ITEMS_PARAMETERS],
        responses={200: ITEMS_SCHEMA, 400: ERRORS_RESPONSE, 404: _NOT_FOUND},
        operation_id="ogc_getFeatures",
        description=(
            "En sida av lagrets objekt (GeoJSON). Följ länken med rel=next tills den "
            "saknas för att få alla; numberMatched säger hur många de är."
        ),
    )
    def get(self, request: Request, collection_id: str) -> Response:
        collection = collection_or_404(collection_id)
        query = params.parse(request)
        result = collection.page(request.user, query)
        url = request.build_absolute_uri()
        links = [{"href": url, "rel": "self", "type": GEOJSON}]
        if result.next_cursor is not None:
            after = replace_query_param(url, "cursor", result.next_cursor)
            links.append({"href": after, "rel": "next", "type": GEOJSON, "title": "Nästa sida"})
        here = reverse("api-ogc-collection", args=[collection.id])
        links.append(link(request, here, "collection", JSON, collection.title))
        body = {
            "type": "FeatureCollection",
            "numberMatched": result.matched,
            "numberReturned": len(result.features),
            "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "links": links,
            "features": in_axis_order(result.features, query.crs),
        }
        return Response(body, headers=crs_headers(query.crs))


class ItemView(FeaturesView):
    @extend_schema(
        parameters=[_COLLECTION_ID, _FEATURE_ID, ITEMS_PARAMETERS[-1]],
        responses={200: FEATURE_SCHEMA, 400: ERRORS_RESPONSE, 404: _NOT_FOUND},
        operation_id="ogc_getFeature",
        description="Ett objekt i lagret.",
    )
    def get(self, request: Request, collection_id: str, feature_id: str) -> Response:
        collection = collection_or_404(collection_id)
        query = params.parse(request, paged=False)
        found = collection.item(request.user, feature_id[:200], query)
        if found is None:
            raise NotFound(NO_FEATURE)
        here = reverse("api-ogc-item", args=[collection.id, feature_id])
        parent = reverse("api-ogc-collection", args=[collection.id])
        found = in_axis_order([found], query.crs)[0]
        found["links"] = [
            link(request, here, "self", GEOJSON),
            link(request, parent, "collection", JSON, collection.title),
        ]
        return Response(found, headers=crs_headers(query.crs))
