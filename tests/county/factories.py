"""Confirmed week pictures for the county's tests: frozen documents with observations
per category, stored in the county's aggregates as a confirmation stores them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samordna.analysis.periods import week_bounds
from samordna.county.aggregates import store_picture
from samordna.situation.models import SituationPicture

DAMAGE = "skadegorelse-klotter"
LITTER = "nedskrapning-dumpning"


def confirmed_week(
    municipality: Any, key: str, counts: dict[str, int], *, version: int = 1
) -> SituationPicture:
    """A confirmed week picture of `key` holding `counts` observations per category."""
    monday = week_bounds(key)[0]
    moment = monday.replace(hour=12) + timezone.timedelta(days=2)
    observations = [
        {"id": n, "category": code, "area": None, "occurred_from": moment.isoformat()}
        for code, count in counts.items()
        for n in range(count)
    ]
    snapshot = {
        "format": "samordna.situation/1",
        "period": {"kind": "week", "key": key, "start": monday.date().isoformat()},
        "categories": [{"code": c, "count": n} for c, n in counts.items()],
        "observations": observations,
    }
    picture = SituationPicture.objects.create(
        municipality=municipality,
        kind="week",
        period_key=key,
        version=version,
        status=SituationPicture.Status.CONFIRMED,
        snapshot=snapshot,
        confirmed_at=timezone.now(),
    )
    store_picture(picture)
    return picture
