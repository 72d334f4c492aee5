"""Geometry: WGS84 <-> SWEREF 99 TM (EPSG:3006), validation, point-in-area lookup."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape
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
    return shapely.transform(geometry, _transformer(source, target).transform, interleaved=False)


def to_sweref(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitudes and latitudes as SWEREF 99 TM eastings and northings (metres)."""
    x, y = _transformer(WGS84, SWEREF99TM).transform(lon, lat)
    return np.asarray(x), np.asarray(y)


def to_wgs84(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """SWEREF 99 TM eastings and northings as WGS84 longitudes and latitudes."""
    lon, lat = _transformer(SWEREF99TM, WGS84).transform(x, y)
    return np.asarray(lon), np.asarray(lat)


class GeometryError(ValueError):
    """A geometry that cannot be used, with a reason a person can act on."""


@dataclass(frozen=True)
class AreaGeometry:
    """A checked area in both stored forms; the dicts are plain JSON (lists, not tuples)."""

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
    return AreaGeometry(wgs84=_as_json(wgs), sweref=_as_json(sweref), area_m2=float(sweref.area))


def fingerprint(geojson: dict[str, Any]) -> str:
    """A short, stable name for one version of a geometry (for the audit log)."""
    canonical = json.dumps(geojson, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _as_json(geometry: Any) -> dict[str, Any]:
    # Lists, as the database gives them back, so a stored geometry compares equal to a new one.
    result: dict[str, Any] = json.loads(json.dumps(mapping(geometry)))
    return result


# Sorting the points costs about as much as a dozen passes over them: with few
# candidate areas, scanning every point against each bounding box is cheaper.
_SCAN_LIMIT = 12


class AreaIndex:
    """Point-in-area lookup for many points at once (STRtree, vectorised).

    `locate(lon, lat)` returns, for each point, the index of the first area (in
    the order given) that covers it, or -1. A point on a shared boundary is
    covered by both areas, so it goes to the first.
    """

    def __init__(self, geometries: Sequence[dict[str, Any]]) -> None:
        self._polygons = np.array([shape(g) for g in geometries], dtype=object)
        # Prepared polygons answer each point test in about log(vertices) instead of
        # walking every edge: detailed DeSO borders have thousands of vertices.
        shapely.prepare(self._polygons)
        self._bounds = shapely.bounds(self._polygons).reshape(-1, 4)
        self._tree = shapely.STRtree(self._polygons)

    def locate(
        self, lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray
    ) -> np.ndarray:
        x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        if x.shape != y.shape or x.ndim != 1:
            raise ValueError("lon and lat must be one-dimensional and of equal length")
        result = np.full(len(x), -1, dtype=np.int64)
        areas = self._areas_near(x, y)
        # Coordinates are tested directly, never as Point objects: making a million
        # points costs more than all the tests. Later areas are written first so the
        # first area in the given order has the last word where areas share points.
        boxes = _SortedBoxes(x, y) if len(areas) > _SCAN_LIMIT else _ScannedBoxes(x, y)
        for i in areas[::-1]:
            candidates = boxes.within(*self._bounds[i])
            inside = shapely.intersects_xy(self._polygons[i], x[candidates], y[candidates])
            result[candidates[inside]] = i
        return result

    def _areas_near(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        finite = np.isfinite(x) & np.isfinite(y)
        if not finite.any() or len(self._polygons) == 0:
            return np.empty(0, dtype=np.int64)
        extent = shapely.box(x[finite].min(), y[finite].min(), x[finite].max(), y[finite].max())
        return np.sort(self._tree.query(extent))


class _ScannedBoxes:
    """Points in a bounding box, found by comparing every point."""

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self._x, self._y = x, y

    def within(self, minx: float, miny: float, maxx: float, maxy: float) -> np.ndarray:
        x, y = self._x, self._y
        return np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))


class _SortedBoxes:
    """Points in a bounding box, found in a strip of the points sorted by x."""

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self._order = np.argsort(x, kind="stable")
        self._sorted_x = x[self._order]
        self._y = y

    def within(self, minx: float, miny: float, maxx: float, maxy: float) -> np.ndarray:
        start = np.searchsorted(self._sorted_x, minx, side="left")
        stop = np.searchsorted(self._sorted_x, maxx, side="right")
        strip = self._order[start:stop]
        strip_y = self._y[strip]
        return strip[(strip_y >= miny) & (strip_y <= maxy)]
