"""A report almost like one the same reporter sent in the last hour (issue 18, item 3).

The web form asks before filing it: the same two observations sent twice a minute apart
are most often one event, sent again because the first answer was slow. A match is the
same category, the same place, area or address (or points within 50 m), and a start time within
30 minutes. One query over the reporter's reports of the last hour (the index
`report_reporter_recent`): the check never reads older history.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db.models import F
from django.utils import timezone

from samordna.core.geo import to_sweref
from samordna.reports.intake import ObservationInput
from samordna.reports.models import Observation

RECENT = timedelta(hours=1)
DISTANCE_M = 50.0
OCCURRED_APART = timedelta(minutes=30)


@dataclass(frozen=True)
class NearDuplicate:
    """An observation already filed that one being sent matches, and when it was sent."""

    observation_id: int
    submitted_at: datetime


def near_duplicates(
    *,
    reporter_id: int | None,
    client_uuid: uuid.UUID,
    observations: Sequence[ObservationInput],
    now: datetime | None = None,
) -> list[NearDuplicate]:
    """The reporter's recent observations that match one of `observations`, oldest first.

    The report with the same client UUID is left out: sending the same draft again is
    idempotent already and files nothing new.
    """
    if reporter_id is None or not observations:
        return []
    since = (now or timezone.now()) - RECENT
    recent = list(
        Observation.objects.filter(
            report__reporter_id=reporter_id,
            report__submitted_at__gte=since,
            category_id__in={o.category.pk for o in observations},
            # Only what could match in time: a busy reporter's hour stays a few rows.
            occurred_from__range=(
                min(o.occurred_from for o in observations) - OCCURRED_APART,
                max(o.occurred_from for o in observations) + OCCURRED_APART,
            ),
        )
        .exclude(report__client_uuid=client_uuid)
        .values(
            "pk",
            "category_id",
            "place_id",
            "area_id",
            "address",
            "x",
            "y",
            "occurred_from",
            submitted_at=F("report__submitted_at"),
        )
        .order_by("report__submitted_at", "pk")
    )
    if not recent:
        return []
    sent = [_where(o) for o in observations]
    return [
        NearDuplicate(row["pk"], row["submitted_at"])
        for row in recent
        if any(_matches(row, data, where) for data, where in zip(observations, sent, strict=True))
    ]


@dataclass(frozen=True)
class _Where:
    place_id: int | None
    area_id: int | None
    address: str
    x: float | None
    y: float | None


def _where(data: ObservationInput) -> _Where:
    x = y = None
    if data.longitude is not None and data.latitude is not None:
        xs, ys = to_sweref(np.array([data.longitude]), np.array([data.latitude]))
        x, y = float(xs[0]), float(ys[0])
    area_id = data.area.pk if data.area else (data.place.area_id if data.place else None)
    place_id = data.place.pk if data.place else None
    return _Where(place_id, area_id, data.address.strip().casefold(), x, y)


def _matches(row: Mapping[str, Any], data: ObservationInput, where: _Where) -> bool:
    if row["category_id"] != data.category.pk:
        return False
    if abs(row["occurred_from"] - data.occurred_from) > OCCURRED_APART:
        return False
    same_place = where.place_id is not None and row["place_id"] == where.place_id
    same_area = where.area_id is not None and row["area_id"] == where.area_id
    # An address written the same way is the same place too.
    same_address = bool(where.address) and row["address"].casefold() == where.address
    return same_place or same_area or same_address or _near(row, where)


def _near(row: Mapping[str, Any], where: _Where) -> bool:
    if None in (row["x"], row["y"], where.x, where.y):
        return False
    metres = math.hypot(row["x"] - where.x, row["y"] - where.y)
    return metres <= DISTANCE_M
