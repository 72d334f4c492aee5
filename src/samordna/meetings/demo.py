"""Last week's meeting in the demo municipality: attendance, assessments, decisions, a
confirmed picture and the minutes, so the demo shows the weekly loop as it is used.

Idempotent: a week that already has its meeting is left alone. Everything goes through
the meeting and intervention services, as the coordinator (`samordnare`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from samordna.analysis.periods import STOCKHOLM, iso_week, week_bounds
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.interventions.services import (
    InterventionInput,
    intervention_create,
)
from samordna.meetings import services
from samordna.meetings.models import Meeting


@dataclass(frozen=True)
class DemoCast:
    municipality: Municipality
    coordinator: User
    organisations: dict[str, Organisation]
    users: dict[str, User]
    areas: dict[str, Area]


ASSESSMENTS = (
    ("Vivalla", "worse", "Mer klotter och skadegörelse kring torget, flest kvällstid."),
    ("Baronbackarna", "unchanged", "Som förra veckan."),
    ("Brickebacken", "better", "Lugnare vid centrum sedan belysningen lagades."),
    ("Örebro centrum", "unchanged", "Helgkvällar som vanligt."),
)
NOTES = {
    3: "Fler skadegörelser i Vivalla än snittet de senaste fyra veckorna; övrigt som vanligt.",
    4: "Räddningstjänsten: två containerbränder i Vivalla. Fotbollsturnering på lördag.",
    8: "Klottret i Vivalla lyfts till tertialanalysen om det fortsätter tre veckor till.",
    9: "Återkoppling till rapportörerna via lägesbilden. Rykte om bråk vid skolan stämmer inte.",
}


def load_demo_meeting(cast: DemoCast, *, today: date) -> Meeting | None:
    """Hold last week's meeting on Monday 09:00 this week; None when it is already there."""
    key = iso_week(today - timedelta(days=7))
    if Meeting.objects.filter(municipality=cast.municipality, period_key=key).exists():
        return None
    monday = week_bounds(key)[1].date()
    held_at = datetime.combine(monday, time(9), tzinfo=STOCKHOLM)
    actor = cast.coordinator
    meeting = services.meeting_start(
        actor=actor, municipality=cast.municipality, key=key, held_at=held_at
    )
    _attendance(meeting, actor)
    _follow_up(meeting, cast)
    _assess(meeting, cast)
    _decide(meeting, cast)
    for number, notes in NOTES.items():
        item = meeting.agenda_items.get(number=number)
        services.agenda_item_update(actor=actor, item=item, notes=notes, done=True)
    # The week's picture may be confirmed already (by the situation demo): keep it then.
    with contextlib.suppress(ValidationError):
        services.meeting_confirm_picture(actor=actor, meeting=meeting)
    services.meeting_close(actor=actor, meeting=meeting)
    return meeting


def _attendance(meeting: Meeting, actor: User) -> None:
    rows = list(meeting.attendance.order_by("id"))
    # Everybody came but the security company this time.
    inputs = [services.AttendanceInput(r.pk, r.function != "security") for r in rows]
    services.attendance_set(actor=actor, meeting=meeting, rows=inputs)


def _follow_up(meeting: Meeting, cast: DemoCast) -> None:
    """An intervention decided earlier, reported on at this meeting."""
    earlier = intervention_create(
        actor=cast.coordinator,
        municipality=cast.municipality,
        data=InterventionInput(
            title="Laga belysningen i gångtunneln vid Brickebackens centrum",
            owner_organisation=cast.organisations["futurum"],
            deadline=timezone.localdate() - timedelta(days=3),
            areas=[cast.areas["Brickebacken"]],
        ),
    )
    services.followup_report(
        actor=cast.coordinator,
        intervention=earlier,
        status="in_progress",
        rag="amber",
        note="Hälften av lamporna är bytta, resten väntar på en elektriker.",
        meeting=meeting,
    )


def _assess(meeting: Meeting, cast: DemoCast) -> None:
    rows = [
        services.AssessmentInput(cast.areas[name], assessment, text)
        for name, assessment, text in ASSESSMENTS
        if name in cast.areas
    ]
    services.assessments_set(actor=cast.coordinator, meeting=meeting, rows=rows)
    services.focus_set(
        actor=cast.coordinator,
        meeting=meeting,
        areas=[cast.areas[name] for name in ("Vivalla", "Baronbackarna") if name in cast.areas],
        text="Vivalla torg och gångvägen mot skolan fredag–lördag kväll.",
    )


def _decide(meeting: Meeting, cast: DemoCast) -> None:
    # Deadlines from the real date, so the demo always has one late and two on time.
    today = timezone.localdate()
    decisions = (
        ("Sanera klotter vid Vivalla torg", "obo", "partner", today - timedelta(days=1)),
        (
            "Extra kvällsvandring i Vivalla fredag och lördag",
            "polisen-lpo-orebro",
            "polis",
            today + timedelta(days=5),
        ),
        (
            "Öppet hus på fritidsgården i Baronbackarna",
            "kultur-fritid",
            None,
            today + timedelta(days=12),
        ),
    )
    for title, organisation, person, deadline in decisions:
        services.decision_create(
            actor=cast.coordinator,
            meeting=meeting,
            data=InterventionInput(
                title=title,
                owner_organisation=cast.organisations[organisation],
                owner_person=cast.users.get(person) if person else None,
                deadline=deadline,
                raised_by=cast.organisations["kommunledning-trygghet"],
            ),
        )
