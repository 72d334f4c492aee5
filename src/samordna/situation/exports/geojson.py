"""The GeoJSON export (RFC 7946): areas, located observations and hot cells, in WGS84.

One FeatureCollection; `properties.layer` says which of the three a feature is
("area", "observation", "hotspot"). Area properties are the area's figures from the
document (`geometry` lifted out); hot cells are drawn as their true squares on the
SWEREF 99 TM grid they were computed on, with the corners converted to WGS84.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from pyproj import Transformer


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)


def _area(area: Mapping[str, Any]) -> dict[str, Any]:
    properties = {"layer": "area"} | {k: v for k, v in area.items() if k != "geometry"}
    return {"type": "Feature", "geometry": area["geometry"], "properties": properties}


def _observation(observation: Mapping[str, Any]) -> dict[str, Any]:
    point = {"type": "Point", "coordinates": [observation["lon"], observation["lat"]]}
    properties = {"layer": "observation"} | {
        k: v for k, v in observation.items() if k not in ("lon", "lat")
    }
    return {"type": "Feature", "geometry": point, "properties": properties}


def _square(x: float, y: float, size: float) -> list[list[float]]:
    """The cell's outline, counter-clockwise as RFC 7946 asks of an outer ring."""
    half = size / 2
    corners = [(x - half, y - half), (x + half, y - half), (x + half, y + half)]
    corners += [(x - half, y + half), (x - half, y - half)]
    xs, ys = zip(*corners, strict=True)
    lons, lats = _to_wgs84().transform(xs, ys)
    return [[round(lon, 7), round(lat, 7)] for lon, lat in zip(lons, lats, strict=True)]


def _hot_cell(cell: Mapping[str, Any], hotspots: Mapping[str, Any]) -> dict[str, Any]:
    ring = _square(cell["x"], cell["y"], float(hotspots["cell_size_m"]))
    properties = {"layer": "hotspot", **cell}
    properties |= {"cell_size_m": hotspots["cell_size_m"], "radius_m": hotspots["radius_m"]}
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": properties,
    }


def feature_collection(document: Mapping[str, Any]) -> dict[str, Any]:
    """The three layers as one FeatureCollection (a dict)."""
    hotspots = document["hotspots"]
    features = [_area(a) for a in document["areas"]]
    features += [
        _observation(o)
        for o in document["observations"]
        if o["lon"] is not None and o["lat"] is not None
    ]
    features += [_hot_cell(c, hotspots) for c in hotspots["cells"]]
    return {
        "type": "FeatureCollection",
        # Foreign members (RFC 7946 §6.1): which picture these features belong to.
        "format": document["format"],
        "municipality": document["municipality"],
        "period": document["period"],
        "picture": document["picture"],
        "features": features,
    }


def render(document: Mapping[str, Any]) -> bytes:
    text = json.dumps(feature_collection(document), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
