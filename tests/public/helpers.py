"""Confirmed weekly pictures with chosen area counts, and a published municipality."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from samordna.analysis.periods import STOCKHOLM, iso_week, week_bounds
from samordna.public.models import Publication
from samordna.public.services import publication_update
from samordna.situation.models import SituationPicture

SECRET = "Hemlig-fritext-Sjöbo-4711"
OBSERVATION_ID = 987654321


def recent_week(weeks_ago: int = 2) -> str:
    return iso_week(timezone.now().astimezone(STOCKHOLM).date() - timedelta(weeks=weeks_ago))


def monday(week: str) -> date:
    return week_bounds(week)[0].date()


def picture(
    municipality: Any,
    week: str,
    areas: dict[str, tuple[str, int]],
    *,
    outside: int = 0,
    version: int = 1,
    status: str = SituationPicture.Status.CONFIRMED,
) -> SituationPicture:
    """A frozen weekly picture shaped like docs/situation-format.md, with free text in
    the places a real one has it (the meeting, the summary) and an observation id."""
    total = sum(n for _, n in areas.values()) + outside
    snapshot = {
        "format": "samordna.situation/1",
        "period": {"kind": "week", "key": week, "start": monday(week).isoformat()},
        "totals": {"count": total},
        "areas": [
            {"code": code, "name": name, "count": n, "geometry": None}
            for code, (name, n) in areas.items()
        ],
        "observations": [{"id": OBSERVATION_ID, "lon": 15.21, "lat": 59.275}],
        "top_unsafe": [{"id": OBSERVATION_ID, "area": "x"}],
        "meeting": {"focus_text": SECRET, "assessments": [{"text": SECRET}]},
    }
    confirmed = status != SituationPicture.Status.DRAFT
    return SituationPicture.objects.create(
        municipality=municipality,
        kind="week",
        period_key=week,
        version=version,
        status=status,
        summary=SECRET,
        snapshot=snapshot if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
    )


def publish(municipality: Any, **overrides: Any) -> Publication:
    values: dict[str, Any] = {
        "is_published": True,
        "show_pictures": True,
        "show_surveys": True,
        "min_count": 5,
        "intro": "",
    } | overrides
    return publication_update(actor=None, municipality=municipality, **values)
