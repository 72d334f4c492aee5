"""Observations for tests, filed the way every channel files them (report_submit)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from samordna.reports.intake import ObservationInput
from samordna.reports.models import Category, Observation
from samordna.reports.services import report_submit

# Words that only members of municipality A who may see A1's reports should ever read.
SECRET_TEXT = "Klotter på Hemlighetsgångens busskur"
SECRET_ADDRESS = "Hemlighetsgången 3"

# Inside SQUARE_A (area_a), near Alfatorget.
POINT_A = (15.21, 59.275)


def category(code: str = "skadegorelse-klotter") -> Category:
    return Category.objects.get(code=code, municipality=None)


def earlier_this_week(hours: int = 3) -> datetime:
    """`hours` ago, but never before this week's Monday 00:00 in Stockholm: tests that
    count "this week" must pass at 01:00 on a Monday too."""
    now = timezone.localtime()
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return max(now - timedelta(hours=hours), monday)


def observation_input(**overrides: Any) -> ObservationInput:
    values: dict[str, Any] = {
        "category": category(),
        "occurred_from": earlier_this_week(),
        "unsafety": 2,
        "certainty": "observed",
        "longitude": POINT_A[0],
        "latitude": POINT_A[1],
        "address": SECRET_ADDRESS,
        "free_text": SECRET_TEXT,
    } | overrides
    return ObservationInput(**values)


def file_observation(world: Any, organisation: Any = None, **overrides: Any) -> Observation:
    """One report with one observation, by organisation A1's reporter unless told."""
    organisation = organisation or world.a1
    reporter = {world.a1: "own_org", world.a2: "other_org", world.b1: "other_municipality"}
    submitted = report_submit(
        actor=world.user("reporter", reporter[organisation]),
        organisation=organisation,
        client_uuid=uuid.uuid4(),
        observations=[observation_input(**overrides)],
    )
    return submitted.report.observations.get()


def at(text: str) -> datetime:
    """An aware moment from an ISO string (Stockholm when no offset is given)."""
    moment = datetime.fromisoformat(text)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
