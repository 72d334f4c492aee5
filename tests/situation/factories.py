"""Observations and police events placed in given weeks, for situation tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from samordna.analysis.periods import STOCKHOLM, iso_week, tertial, week_bounds
from samordna.integrations.models import ExternalEvent
from samordna.reports.models import Observation
from tests.reports.factories import file_observation

# Inside the world's SQUARE_A and outside every area of municipality A.
INSIDE_A = (15.21, 59.275)
OUTSIDE_A = (15.30, 59.30)


def in_week(week: str, *, day: int = 2, hour: int = 14) -> datetime:
    """A local moment in an ISO week (day 0 = Monday)."""
    monday = week_bounds(week)[0]
    return (monday + timedelta(days=day)).replace(hour=hour, tzinfo=STOCKHOLM)


def observe(
    world: Any, week: str, n: int = 1, *, where: tuple[float, float] = INSIDE_A, **overrides: Any
) -> list[Observation]:
    """`n` observations filed by A1's reporter in `week` (Wednesday 14:00 unless told)."""
    moment = overrides.pop("occurred_from", None) or in_week(week)
    return [
        file_observation(
            world, occurred_from=moment, longitude=where[0], latitude=where[1], **overrides
        )
        for _ in range(n)
    ]


def police_event(world: Any, moment: datetime, event_type: str = "Skadegörelse") -> ExternalEvent:
    count = ExternalEvent.objects.count()
    return ExternalEvent.objects.create(
        source=ExternalEvent.Source.POLISEN,
        external_id=f"test-{count}",
        occurred_at=moment,
        week_key=iso_week(moment),
        tertial_key=tertial(moment),
        type=event_type,
        name=f"{event_type}, Alfastad",
        url="https://polisen.se/aktuellt/handelser/test/",
        location_name="Alfastad",
        municipality=world.a,
        municipality_name="Alfastad",
        area_centre_lat=59.27,
        area_centre_lon=15.21,
    )
