"""The minutes (*minnesanteckningar*): rendered from the meeting as it is now, never stored,
so they always show what the meeting has recorded so far."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samordna.interventions.models import InterventionUpdate
from samordna.meetings import selectors
from samordna.meetings.models import Meeting


def minutes_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    attendance = list(meeting.attendance.select_related("organisation").order_by("id"))
    updates = (
        InterventionUpdate.objects.filter(meeting=meeting)
        .select_related("intervention", "intervention__owner_organisation", "by")
        .order_by("intervention__deadline", "intervention_id", "-at")
    )
    return {
        "meeting": meeting,
        "items": list(meeting.agenda_items.order_by("number")),
        "present": [a for a in attendance if a.present],
        "absent": [a for a in attendance if not a.present],
        "updates": _latest_per_intervention(updates),
        "assessments": list(meeting.assessments.select_related("area").order_by("area__name")),
        "focus_areas": list(meeting.focus_areas.order_by("name")),
        "decisions": selectors.decisions_of(meeting),
        "picture": selectors.picture_of(request.user, meeting),
    }


def _latest_per_intervention(updates: Any) -> list[InterventionUpdate]:
    # One line per intervention in the minutes: the last word given at the meeting.
    seen: set[int] = set()
    latest = []
    for update in updates:
        if update.intervention_id not in seen:
            seen.add(update.intervention_id)
            latest.append(update)
    return latest
