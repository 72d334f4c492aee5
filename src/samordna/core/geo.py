"""Geometry: WGS84 <-> SWEREF 99 TM (EPSG:3006), validation, point-in-area lookup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape
from shapely.ops import transform
from shapely.validation import explain_validity

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"


@cache
def _transformer(source: str, target: str) -> Transformer:
    # always_xy: GeoJSON order (longitude, latitude) whatever the CRS axis order says.
    return Transformer.from_crs(source, target, always_xy=True)


def reproject(geometry: Any, source: str, target: str) -> Any:
    """A shapely geometry moved from one CRS to another."""
    if source == target:
        return geometry
    return transform(_transformer(source, target).transform, geometry)


def to_sweref(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = _transformer(WGS84, SWEREF99TM).transform(lon, lat)
    return np.asarray(x), np.asarray(y)


class GeometryError(ValueError):
    """A geometry that cannot be used, with a reason a person can act on."""


@dataclass(frozen=True)
class AreaGeometry:
    wgs84: dict[str, Any]
    sweref: dict[str, Any]
    area_m2: float


def area_geometry(geojson: dict[str, Any], crs: str = WGS84) -> AreaGeometry:
    """Validate a (Multi)Polygon given in `crs` and return both forms.

    Raises GeometryError in Swedish when the shape is not a polygon, is empty,
    invalid (self-intersecting, …) or lies outside Sweden.
    """
    try:
        geom = shape(geojson)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
        raise GeometryError(f"Geometrin kan inte läsas: {exc}") from exc
    if geom.geom_type not in {"Polygon", "MultiPolygon"}:
        raise GeometryError(f"Geometrin måste vara en polygon, inte {geom.geom_type}.")
    if geom.is_empty:
        raise GeometryError("Geometrin är tom.")
    if not geom.is_valid:
        raise GeometryError(f"Geometrin är ogiltig: {explain_validity(geom)}.")
    wgs = reproject(geom, crs, WGS84)
    minx, miny, maxx, maxy = wgs.bounds
    if not (minx >= 10.0 and maxx <= 25.0 and miny >= 55.0 and maxy <= 69.5):
        raise GeometryError(
            "Geometrin ligger utanför Sverige. Är koordinatsystemet rätt (EPSG:4326 eller 3006)?"
        )
    sweref = reproject(geom, crs, SWEREF99TM)
    return AreaGeometry(wgs84=mapping(wgs), sweref=mapping(sweref), area_m2=float(sweref.area))


class AreaIndex:
    """Point-in-area lookup for many points at once (STRtree, vectorised).

    `locate(lon, lat)` returns, for each point, the index of the first area (in
    the order given) that covers it, or -1.
    """

    def __init__(self, geometries: Sequence[dict[str, Any]]) -> None:
        self._polygons = np.array([shape(g) for g in geometries], dtype=object)
        self._tree = shapely.STRtree(self._polygons)

    def locate(
        self, lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray
    ) -> np.ndarray:
        points = shapely.points(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        result = np.full(len(points), -1, dtype=np.int64)
        if len(points) == 0 or len(self._polygons) == 0:
            return result
        point_idx, area_idx = self._tree.query(points, predicate="intersects")
        # Where areas overlap, the first in the given order wins.
        order = np.lexsort((area_idx, point_idx))
        points_sorted, areas_sorted = point_idx[order], area_idx[order]
        unique_points, first = np.unique(points_sorted, return_index=True)
        result[unique_points] = areas_sorted[first]
        return result
