"""The layers read straight from their tables, paged by keyset: observations, areas, places.

Each starts from `restrict(user, "view")`, so a layer holds exactly what the user may
see in the rest of the API. Geometry is sent in the CRS asked for: stored SWEREF 99 TM
where there is one (observations' x/y, areas' geometry_sweref), otherwise reprojected
with pyproj (core.geo).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import shapely
from django.db import models
from rest_framework.exceptions import ValidationError
from shapely.geometry import shape

from samordna.api import keyset
from samordna.api.ogc.params import CRS84, EPSG3006, Query
from samordna.api.serializers import ID_MAX
from samordna.core.geo import to_sweref
from samordna.core.models import Area, Place
from samordna.reports.models import Observation


@dataclass(frozen=True)
class Result:
    """One page of features: how many match in all, and where the next page starts."""

    features: list[dict[str, Any]]
    matched: int
    next_cursor: str | None


def feature(
    fid: Any, geometry: dict[str, Any] | None, properties: dict[str, Any]
) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def point(x: float | None, y: float | None) -> dict[str, Any] | None:
    if x is None or y is None:
        return None
    return {"type": "Point", "coordinates": [x, y]}


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class Collection(ABC):
    """A layer: its description for /collections and its features for /items."""

    id: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    # Whether `datetime` applies; layers without a time ignore it (Part 1 permits that).
    temporal: ClassVar[bool] = False

    @abstractmethod
    def page(self, user: Any, query: Query) -> Result:
        """One page of the features `user` may see that match `query`."""

    @abstractmethod
    def item(self, user: Any, feature_id: str, query: Query) -> dict[str, Any] | None:
        """One feature `user` may see, or None."""


class TableCollection(Collection):
    """A layer over one model, paged by keyset on the queryset's ordering."""

    @abstractmethod
    def queryset(self, user: Any) -> models.QuerySet[Any]:
        """The rows `user` may see (restrict), ordered for the keyset."""

    def filter(self, queryset: models.QuerySet[Any], query: Query) -> models.QuerySet[Any]:
        return queryset

    @abstractmethod
    def features(self, rows: list[Any], crs: str) -> list[dict[str, Any]]:
        """The rows as GeoJSON features, coordinates in `crs` (easting/longitude first)."""

    def page(self, user: Any, query: Query) -> Result:
        rows = self.filter(self.queryset(user), query)
        try:
            found = keyset.page(rows, query.limit, query.cursor)
        except keyset.InvalidCursor as exc:
            raise ValidationError({"cursor": [str(exc)]}) from exc
        features = self.features(found.rows, query.crs)
        return Result(features=features, matched=rows.count(), next_cursor=found.next_cursor)

    def item(self, user: Any, feature_id: str, query: Query) -> dict[str, Any] | None:
        if not feature_id.isdigit() or int(feature_id) > ID_MAX:
            return None
        row = self.queryset(user).filter(pk=int(feature_id)).first()
        return self.features([row], query.crs)[0] if row is not None else None


def intersecting(
    rows: models.QuerySet[Any], field: str, bbox: tuple[float, float, float, float]
) -> list[int]:
    """Ids of the rows whose polygon (JSON in `field`) meets the box: tested with shapely,
    since polygons are stored as JSON. Areas number in the hundreds, not millions."""
    box = shapely.box(*bbox)
    found = rows.order_by().values_list("pk", field)
    return [pk for pk, geometry in found if shapely.intersects(shape(geometry), box)]


class Observations(TableCollection):
    id = "observations"
    title = "Iakttagelser"
    description = (
        "Iakttagelserna du får se, nyast först: kategori, tid, område och otrygghet. "
        "Aldrig fritext, adress eller vem som rapporterade. Iakttagelser utan punkt "
        "(bara område) har ingen geometri. datetime gäller när det inträffade."
    )
    temporal = True
    _FIELDS = (
        *("id", "occurred_from", "week_key", "time_band", "unsafety", "status"),
        *("longitude", "latitude", "x", "y", "area_id", "area__name"),
        *("category__code", "category__name", "municipality__slug"),
    )

    def queryset(self, user: Any) -> models.QuerySet[Any]:
        visible = Observation.objects.restrict(user, "view")
        rows: models.QuerySet[Any] = visible.order_by("-occurred_from", "-id").values(*self._FIELDS)
        return rows

    def filter(self, queryset: models.QuerySet[Any], query: Query) -> models.QuerySet[Any]:
        if query.start is not None:
            queryset = queryset.filter(occurred_from__gte=query.start)
        if query.end is not None:
            queryset = queryset.filter(occurred_from__lt=query.end)
        if query.bbox is not None:
            # The stored SWEREF 99 TM coordinates answer a box given in metres directly.
            x, y = ("x", "y") if query.bbox_crs == EPSG3006 else ("longitude", "latitude")
            west, south, east, north = query.bbox
            queryset = queryset.filter(
                **{f"{x}__gte": west, f"{x}__lte": east, f"{y}__gte": south, f"{y}__lte": north}
            )
        return queryset

    def features(self, rows: list[Any], crs: str) -> list[dict[str, Any]]:
        return [self._feature(row, crs) for row in rows]

    def _feature(self, row: dict[str, Any], crs: str) -> dict[str, Any]:
        x, y = ("x", "y") if crs == EPSG3006 else ("longitude", "latitude")
        properties = {
            "id": row["id"],
            "municipality": row["municipality__slug"],
            "category": row["category__code"],
            "category_name": row["category__name"],
            "occurred_from": iso(row["occurred_from"]),
            "week": row["week_key"],
            "time_band": row["time_band"],
            "area": row["area_id"],
            "area_name": row["area__name"],
            "unsafety": row["unsafety"],
            "status": row["status"],
        }
        geometry = point(row[x], row[y]) if row["longitude"] is not None else None
        return feature(row["id"], geometry, properties)


class Areas(TableCollection):
    id = "areas"
    title = "Områden"
    description = (
        "Kommunens områden (EST-områden, DeSO, stadsdelar …) som polygoner, med namn, "
        "typ, kod och yta."
    )

    def queryset(self, user: Any) -> models.QuerySet[Any]:
        return Area.objects.restrict(user, "view").select_related("municipality").order_by("id")

    def filter(self, queryset: models.QuerySet[Any], query: Query) -> models.QuerySet[Any]:
        # Borders can be thousands of vertices: read only the version that is sent.
        unused = "geometry" if query.crs == EPSG3006 else "geometry_sweref"
        queryset = queryset.defer(unused)
        box = query.bbox_in(CRS84)
        if box is not None:
            queryset = queryset.filter(pk__in=intersecting(queryset, "geometry", box))
        return queryset

    def features(self, rows: list[Any], crs: str) -> list[dict[str, Any]]:
        return [
            feature(
                area.pk,
                area.geometry_sweref if crs == EPSG3006 else area.geometry,
                {
                    "id": area.pk,
                    "municipality": area.municipality.slug,
                    "name": area.name,
                    "kind": area.kind,
                    "code": area.code,
                    "vintage": area.vintage,
                    "area_m2": area.area_m2,
                    "is_active": area.is_active,
                },
            )
            for area in rows
        ]


class Places(TableCollection):
    id = "places"
    title = "Platser"
    description = "Namngivna platser (torg, skolor, hållplatser …) som punkter, med typ och område."

    def queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Place.objects.restrict(user, "view")
            .select_related("municipality", "area", "managing_organisation")
            .order_by("id")
        )

    def filter(self, queryset: models.QuerySet[Any], query: Query) -> models.QuerySet[Any]:
        box = query.bbox_in(CRS84)
        if box is None:
            return queryset
        west, south, east, north = box
        return queryset.filter(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        )

    def features(self, rows: list[Any], crs: str) -> list[dict[str, Any]]:
        lon = np.array([place.longitude for place in rows], dtype=float)
        lat = np.array([place.latitude for place in rows], dtype=float)
        xs, ys = to_sweref(lon, lat) if crs == EPSG3006 and len(rows) else (lon, lat)
        return [
            feature(
                place.pk,
                point(float(x), float(y)),
                {
                    "id": place.pk,
                    "municipality": place.municipality.slug,
                    "name": place.name,
                    "kind": place.kind,
                    "area": place.area_id,
                    "area_name": place.area.name if place.area else None,
                    "organisation": (
                        place.managing_organisation.name if place.managing_organisation else None
                    ),
                    "is_active": place.is_active,
                },
            )
            for place, x, y in zip(rows, xs, ys, strict=True)
        ]
