"""OpenAPI descriptions of the OGC API - Features answers and the items parameters.

GDAL reads `limit`'s maximum from here (the landing page's service-desc link) to size
its pages, so the bounds below are the ones params.py enforces.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from samordna.api.geojson import LINK_SCHEMA
from samordna.api.keyset import CURSOR_MAX_LENGTH
from samordna.api.ogc.params import CRS_LIST, DEFAULT_LIMIT, MAX_LIMIT

_LINKS = {"type": "array", "items": LINK_SCHEMA}
_STRINGS = {"type": "array", "items": {"type": "string"}}

LANDING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "links": _LINKS},
    "required": ["links"],
}
CONFORMANCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"conformsTo": _STRINGS},
    "required": ["conformsTo"],
}
COLLECTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "itemType": {"type": "string"},
        "links": _LINKS,
        "extent": {"type": "object", "additionalProperties": True},
        "crs": _STRINGS,
        "storageCrs": {"type": "string"},
    },
    "required": ["id", "links"],
}
COLLECTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"links": _LINKS, "collections": {"type": "array", "items": COLLECTION_SCHEMA}},
    "required": ["links", "collections"],
}
FEATURE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Ett GeoJSON-objekt; geometrin är null för iakttagelser utan punkt.",
    "properties": {
        "type": {"type": "string", "enum": ["Feature"], "x-spec-enum-id": "ogc-feature"},
        "id": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "geometry": {"type": "object", "nullable": True, "additionalProperties": True},
        "properties": {"type": "object", "additionalProperties": True},
        "links": _LINKS,
    },
    "required": ["type", "geometry", "properties"],
}
ITEMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {
            "type": "string",
            "enum": ["FeatureCollection"],
            "x-spec-enum-id": "ogc-feature-collection",
        },
        "numberMatched": {"type": "integer", "description": "Antal objekt på alla sidor."},
        "numberReturned": {"type": "integer", "description": "Antal objekt på denna sida."},
        "timeStamp": {"type": "string", "format": "date-time"},
        "links": _LINKS,
        "features": {"type": "array", "items": FEATURE_SCHEMA},
    },
    "required": ["type", "numberMatched", "numberReturned", "timeStamp", "links", "features"],
}

_CRS = OpenApiParameter(
    "crs",
    OpenApiTypes.STR,
    enum=CRS_LIST,
    default=CRS_LIST[0],
    description=(
        "Koordinatsystem för svaret: WGS84 (CRS84, longitud före latitud; standard) eller "
        "SWEREF 99 TM (nordlig före östlig, som EPSG anger axlarna)."
    ),
)
ITEMS_PARAMETERS = [
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        description=f"Högst så många objekt per sida (1–{MAX_LIMIT}, standard {DEFAULT_LIMIT}).",
    ),
    OpenApiParameter(
        "bbox",
        {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 6},
        style="form",
        explode=False,
        description=(
            "Bara objekt inom rutan: västligaste,sydligaste,östligaste,nordligaste "
            "(i SWEREF 99 TM nordlig före östlig, som systemet anger axlarna)."
        ),
    ),
    OpenApiParameter(
        "bbox-crs",
        OpenApiTypes.STR,
        enum=CRS_LIST,
        default=CRS_LIST[0],
        description="Koordinatsystemet för bbox (standard WGS84, CRS84).",
    ),
    OpenApiParameter(
        "datetime",
        OpenApiTypes.STR,
        description=(
            "En tidpunkt eller ett intervall (2026-11-01/2026-11-30, ../2026-11-30, "
            "2026-11-01/..). Lager utan tid bryr sig inte om den."
        ),
    ),
    OpenApiParameter(
        "cursor",
        {"type": "string", "maxLength": CURSOR_MAX_LENGTH},
        description="Var sidan börjar; kopiera den från länken med rel=next.",
    ),
    _CRS,
]
