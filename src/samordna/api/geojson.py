"""GeoJSON (RFC 7946) for the API: the media type, the page shape and the schemas."""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from samordna.api.pagination import KeysetPagination

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


class FeatureCollectionPagination(KeysetPagination):
    """A page of features as a FeatureCollection that says it is one page of several.

    Besides the first version's foreign members (`count`, `next`, `previous`) it carries
    OGC API - Features' own: `numberMatched`, `numberReturned` and a `links` array with
    rel="next", which GIS clients (GDAL, QGIS) follow to read every page.
    """

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "type": "FeatureCollection",
                "count": self.total(),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "numberMatched": self.total(),
                "numberReturned": self.returned(),
                "links": self.links(),
                "features": data,
            }
        )

    def links(self) -> list[dict[str, str]]:
        found: list[tuple[str, str | None]] = [("self", self.url)]
        found += [("next", self.get_next_link()), ("prev", self.get_previous_link())]
        return [
            {"href": href, "rel": rel, "type": GeoJSONRenderer.media_type}
            for rel, href in found
            if href
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": [
                "type",
                "count",
                "next",
                "previous",
                "numberMatched",
                "numberReturned",
                "links",
                "features",
            ],
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "count": {"type": "integer", "description": "Antal objekt på alla sidor."},
                "next": {**link, "description": "Nästa sida, om det finns en."},
                "previous": {**link, "description": "Föregående sida, om det finns en."},
                "numberMatched": {"type": "integer", "description": "Samma som count."},
                "numberReturned": {"type": "integer", "description": "Antal på denna sida."},
                "links": {"type": "array", "items": LINK_SCHEMA},
                "features": schema,
            },
        }


LINK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "En länk som i OGC API - Features: rel=next är nästa sida.",
    "properties": {
        "href": {"type": "string", "format": "uri"},
        "rel": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
    },
    "required": ["href", "rel"],
}
