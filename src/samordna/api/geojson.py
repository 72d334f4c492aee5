"""GeoJSON (RFC 7946) for the API: the media type, the page shape and the schemas."""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from samordna.api.pagination import Pagination

WGS84 = "4326"
SWEREF99TM = "3006"
CRS_CHOICES = (WGS84, SWEREF99TM)


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


_POSITION = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 3}
_RING = {"type": "array", "items": _POSITION, "minItems": 4}
_POLYGON = {"type": "array", "items": _RING}

AREA_GEOMETRY_SCHEMA: dict[str, Any] = {
    "description": (
        "Områdets gräns: longitud/latitud i WGS84 (EPSG:4326), eller östlig/nordlig "
        "koordinat i meter i SWEREF 99 TM (EPSG:3006) med crs=3006."
    ),
    "oneOf": [
        {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["Polygon"]},
                "coordinates": _POLYGON,
            },
            "required": ["type", "coordinates"],
        },
        {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["MultiPolygon"]},
                "coordinates": {"type": "array", "items": _POLYGON},
            },
            "required": ["type", "coordinates"],
        },
    ],
}


class FeatureCollectionPagination(Pagination):
    """A page of features as a FeatureCollection; the paging links are foreign members."""

    def get_paginated_response(self, data: Any) -> Response:
        if self.page is None:
            raise RuntimeError("get_paginated_response() called before paginate_queryset()")
        return Response(
            {
                "type": "FeatureCollection",
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "features": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["type", "count", "next", "previous", "features"],
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "count": {"type": "integer", "description": "Antal objekt på alla sidor."},
                "next": {**link, "description": "Nästa sida, om det finns en."},
                "previous": {**link, "description": "Föregående sida, om det finns en."},
                "features": schema,
            },
        }
