"""The derived layers: the latest confirmed week's picture by area x category, its hot
spots, and the interventions' target areas.

The picture layers come from the frozen document of each municipality's newest
confirmed weekly picture (the one everyone in the EST work may read), so a GIS shows
exactly what the meeting confirmed. They are a few hundred features at most and are
paged in memory; interventions are paged by keyset like the tables.
"""

from __future__ import annotations

from abc import abstractmethod
from datetime import date, datetime, timedelta
from typing import Any

import shapely
from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery
from rest_framework.exceptions import ValidationError
from shapely.geometry import mapping, shape

from samordna.analysis.periods import STOCKHOLM, week_bounds
from samordna.api import keyset
from samordna.api.ogc.collections import Collection, Result, TableCollection, feature, intersecting
from samordna.api.ogc.params import CRS84, EPSG3006, Query
from samordna.core.geo import SWEREF99TM, WGS84, reproject
from samordna.core.models import Area
from samordna.interventions.models import Intervention
from samordna.situation.models import SituationPicture
from samordna.situation.policies import FROZEN
from samordna.situation.services import picture_document


def latest_confirmed_weeks(user: Any) -> list[SituationPicture]:
    """Each visible municipality's newest confirmed weekly picture, in one query."""
    confirmed = SituationPicture.objects.filter(kind=SituationPicture.Kind.WEEK, status__in=FROZEN)
    newest = confirmed.filter(municipality=OuterRef("municipality")).order_by(
        "-period_key", "-version"
    )
    return list(
        SituationPicture.objects.restrict(user, "view")
        .filter(kind=SituationPicture.Kind.WEEK, status__in=FROZEN)
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("municipality", "confirmed_by")
        .order_by("municipality__slug")
    )


def _in_crs(geometry: dict[str, Any], crs: str) -> dict[str, Any]:
    if crs == CRS84:
        return geometry
    moved: dict[str, Any] = mapping(reproject(shape(geometry), WGS84, SWEREF99TM))
    return moved


class PictureCollection(Collection):
    """Features built from each municipality's latest confirmed weekly picture."""

    temporal = True

    @abstractmethod
    def features_of(self, document: dict[str, Any], crs: str) -> list[dict[str, Any]]:
        """The layer's features in one picture's document."""

    def all_features(self, user: Any, query: Query) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for picture in latest_confirmed_weeks(user):
            if _overlaps(picture.period_key, query):
                found += self.features_of(picture_document(picture), query.crs)
        box = query.bbox_in(query.crs)
        if box is None:
            return found
        outline = shapely.box(*box)
        return [f for f in found if shapely.intersects(shape(f["geometry"]), outline)]

    def page(self, user: Any, query: Query) -> Result:
        found = self.all_features(user, query)
        start = _offset(query.cursor, len(found))
        end = start + query.limit
        more = keyset.encode([end]) if end < len(found) else None
        return Result(features=found[start:end], matched=len(found), next_cursor=more)

    def item(self, user: Any, feature_id: str, query: Query) -> dict[str, Any] | None:
        found = self.all_features(user, Query(crs=query.crs))
        return next((f for f in found if f["id"] == feature_id), None)


def _overlaps(week: str, query: Query) -> bool:
    start, end = week_bounds(week)
    return (query.end is None or start < query.end) and (query.start is None or end > query.start)


def _offset(cursor: str | None, size: int) -> int:
    """Where in the (small, in-memory) list of features a page starts."""
    if not cursor:
        return 0
    try:
        values, _ = keyset.decode_raw(cursor)
    except keyset.InvalidCursor as exc:
        raise ValidationError({"cursor": [str(exc)]}) from exc
    offset = values[0] if len(values) == 1 else None
    if type(offset) is not int or not 0 <= offset <= size:
        raise ValidationError({"cursor": [keyset.INVALID_CURSOR]})
    return offset


def _picture_properties(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "municipality": document["municipality"]["slug"],
        "week": document["period"]["key"],
        "period_start": document["period"]["start"],
        "period_end": document["period"]["end"],
        "version": document["picture"]["version"],
        "confirmed_at": document["picture"]["confirmed_at"],
    }


class PictureCells(PictureCollection):
    id = "picture-cells"
    title = "Senaste fastställda veckobild: område × kategori"
    description = (
        "Den senast fastställda veckans lägesbild, en polygon per område och kategori med "
        "iakttagelser: antal, föregående vecka, snitt för de fyra veckorna innan, samma "
        "vecka förra året, riktning (up, down, same) och om ökningen är flaggad."
    )

    def features_of(self, document: dict[str, Any], crs: str) -> list[dict[str, Any]]:
        areas = {a["code"]: a for a in document["areas"]}
        names = {c["code"]: c["name"] for c in document["categories"]}
        common = _picture_properties(document)
        shapes: dict[str, dict[str, Any]] = {}
        found = []
        for cell in document["cells"]:
            area = areas.get(cell["area"])
            if area is None:  # observations outside every area have no polygon
                continue
            if area["code"] not in shapes:
                shapes[area["code"]] = _in_crs(area["geometry"], crs)
            fid = f"{common['municipality']}.{common['week']}.{cell['area']}.{cell['category']}"
            properties = {
                **common,
                "area": cell["area"],
                "area_name": area["name"],
                "category": cell["category"],
                "category_name": names.get(cell["category"], cell["category"]),
                **{k: cell.get(k) for k in ("count", "previous", "recent_mean", "last_year")},
                "direction": cell.get("direction"),
                "flagged": cell.get("flagged"),
            }
            found.append(feature(fid, shapes[area["code"]], properties))
        return found


class Hotspots(PictureCollection):
    id = "hotspots"
    title = "Hot spots, senaste fastställda vecka"
    description = (
        "Rutorna med fler iakttagelser än de brukar ha i den senast fastställda veckans "
        "lägesbild (varje ruta mot sina egna tidigare veckor, Benjamini–Hochberg): "
        "kvadrater på SWEREF 99 TM-rutnätet med antal och statistikens värden."
    )

    def features_of(self, document: dict[str, Any], crs: str) -> list[dict[str, Any]]:
        hotspots = document["hotspots"]
        size = float(hotspots["cell_size_m"])
        common = {
            **_picture_properties(document),
            "cell_size_m": hotspots["cell_size_m"],
            "radius_m": hotspots["radius_m"],
        }
        found = []
        for cell in hotspots["cells"]:
            # The cell is a square on the SWEREF 99 TM grid it was computed on.
            square = shapely.box(*_square(cell["x"], cell["y"], size))
            if crs != EPSG3006:
                square = reproject(square, SWEREF99TM, WGS84)
            fid = f"{common['municipality']}.{common['week']}.{round(cell['x'])}.{round(cell['y'])}"
            properties = {**common, **{k: cell[k] for k in ("count", "z", "q", "x", "y")}}
            found.append(feature(fid, mapping(square), properties))
        return found


def _square(x: float, y: float, size: float) -> tuple[float, float, float, float]:
    half = size / 2
    return (x - half, y - half, x + half, y + half)


class InterventionAreas(TableCollection):
    id = "intervention-areas"
    title = "Insatsernas målområden"
    description = (
        "Varje insats med områden: målområdena som en (multi)polygon, med titel, status, "
        "läge (rag), start, klart senast och ägande organisation. datetime gäller "
        "insatsens tid från start till klart senast."
    )
    temporal = True

    def queryset(self, user: Any) -> models.QuerySet[Any]:
        targeted = Intervention.areas.through.objects.values("intervention_id")
        return (
            Intervention.objects.restrict(user, "view")
            .filter(pk__in=targeted)
            .select_related("municipality", "owner_organisation")
            .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name")))
            .order_by("id")
        )

    def filter(self, queryset: models.QuerySet[Any], query: Query) -> models.QuerySet[Any]:
        if query.end is not None:
            # The interval is half-open: the day of its very last instant is the last day.
            last = _local_date(query.end - timedelta(microseconds=1))
            queryset = queryset.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=last))
        if query.start is not None:
            queryset = queryset.filter(deadline__gte=_local_date(query.start))
        box = query.bbox_in(CRS84)
        if box is not None:
            # Target areas are in the interventions' own municipalities.
            own = Area.objects.filter(municipality_id__in=queryset.values("municipality_id"))
            hit = intersecting(own, "geometry", box)
            through = Intervention.areas.through.objects.filter(area_id__in=hit)
            queryset = queryset.filter(pk__in=through.values("intervention_id"))
        return queryset

    def features(self, rows: list[Any], crs: str) -> list[dict[str, Any]]:
        return [self._feature(row, crs) for row in rows]

    def _feature(self, intervention: Intervention, crs: str) -> dict[str, Any]:
        areas = list(intervention.areas.all())
        stored = [a.geometry_sweref if crs == EPSG3006 else a.geometry for a in areas]
        union = shapely.union_all([shape(g) for g in stored])
        owner = intervention.owner_organisation
        properties = {
            "id": intervention.pk,
            "municipality": intervention.municipality.slug,
            "title": intervention.title,
            "status": intervention.status,
            "rag": intervention.rag,
            "kind": intervention.kind,
            "starts_on": intervention.starts_on.isoformat() if intervention.starts_on else None,
            "deadline": intervention.deadline.isoformat(),
            "owner": owner.name if owner is not None else None,
            "areas": ", ".join(a.name for a in areas),
        }
        return feature(intervention.pk, mapping(union), properties)


def _local_date(moment: datetime) -> date:
    return moment.astimezone(STOCKHOLM).date()
