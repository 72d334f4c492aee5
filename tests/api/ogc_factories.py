"""A confirmed weekly picture for the OGC layers, and the URLs of the service."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samordna.core.geo import to_sweref
from samordna.situation.models import SituationPicture
from tests.reports.factories import POINT_A

OGC = "/api/v1/ogc"
WEEK = "2026-W40"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG3006 = "http://www.opengis.net/def/crs/EPSG/0/3006"


def items(collection: str, query: str = "") -> str:
    return f"{OGC}/collections/{collection}/items" + (f"?{query}" if query else "")


def frozen_week(world: Any, key: str = WEEK, *, version: int = 1) -> SituationPicture:
    """A confirmed weekly picture of A, shaped like docs/situation-format.md: one cell
    (area_a x klotter, up) and one hot cell on POINT_A."""
    x, y = to_sweref(*([value] for value in POINT_A))
    code = world.area_a.code or f"omrade-{world.area_a.pk}"
    snapshot = {
        "format": "samordna.situation/1",
        "municipality": {"slug": world.a.slug, "name": world.a.name},
        "period": {"kind": "week", "key": key, "start": "2026-09-28", "end": "2026-10-04"},
        "picture": {"version": version, "confirmed_at": "2026-10-06T10:00:00+02:00"},
        "areas": [{"code": code, "name": world.area_a.name, "geometry": world.area_a.geometry}],
        "categories": [{"code": "skadegorelse-klotter", "name": "Klotter"}],
        "cells": [
            {
                "area": code,
                "category": "skadegorelse-klotter",
                "count": 7,
                "previous": 2,
                "recent_mean": 2.5,
                "last_year": 1,
                "direction": "up",
                "flagged": True,
            },
            # Outside every area: no polygon to draw it with.
            {"area": None, "category": "skadegorelse-klotter", "count": 1, "direction": "same"},
        ],
        "hotspots": {
            "crs": "EPSG:3006",
            "cell_size_m": 100,
            "radius_m": 200,
            "cells": [{"x": float(x[0]), "y": float(y[0]), "count": 7, "z": 3.1, "q": 0.01}],
        },
    }
    return SituationPicture.objects.create(
        municipality=world.a,
        kind=SituationPicture.Kind.WEEK,
        period_key=key,
        version=version,
        status=SituationPicture.Status.CONFIRMED,
        snapshot=snapshot,
        confirmed_at=timezone.now(),
    )
