"""The `meeting` block of the situation picture document (docs/situation-format.md).

Built from the meeting as it is when the picture is confirmed, and frozen with it.
Areas are named by the document's area code (`situation.compile.area_code`).
Functions are written in Swedish whatever language the person confirming uses: the
document is a Swedish record.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from samordna.analysis.periods import STOCKHOLM
from samordna.core.models import User
from samordna.meetings.models import Meeting
from samordna.situation.compile import area_code


def person_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def meeting_block(meeting: Meeting) -> dict[str, Any]:
    """{held_at, attendance, assessments, focus_areas, focus_text, decisions}."""
    with translation.override("sv"):
        attendance = [
            {
                "function": str(row.get_function_display()),
                "organisation": row.organisation.name,
                "present": row.present,
            }
            for row in meeting.attendance.select_related("organisation").order_by("id")
        ]
    return {
        "held_at": timezone.localtime(meeting.held_at, STOCKHOLM).isoformat(timespec="seconds"),
        "attendance": attendance,
        "assessments": [
            {"area": area_code(row.area), "assessment": row.assessment, "text": row.text}
            for row in meeting.assessments.select_related("area").order_by("area__name", "id")
        ],
        "focus_areas": [area_code(a) for a in meeting.focus_areas.order_by("name", "id")],
        "focus_text": meeting.focus_text,
        "decisions": [
            {
                "title": d.title,
                "organisation": d.owner_organisation.name,
                "person": person_name(d.owner_person),
                "deadline": d.deadline.isoformat() if d.deadline else None,
            }
            for d in meeting.decisions.select_related(
                "owner_organisation", "owner_person"
            ).order_by("id")
        ],
    }
