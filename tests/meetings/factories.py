"""A weekly meeting of municipality A for tests, started by A's coordinator."""

from __future__ import annotations

from samordna.meetings.models import Meeting
from samordna.meetings.services import meeting_start

WEEK = "2026-W45"
SECRET_FOCUS = "Hemlig hot spot bakom Alfatorget"


def start_meeting(world, key: str = WEEK) -> Meeting:
    return meeting_start(actor=world.user("coordinator"), municipality=world.a, key=key)
