"""The tertial meeting (Meeting.Kind.TERTIAL): its own agenda (agenda.TERTIAL_STANDARD)
and attendance list, started from the tertial analysis (tertial.services).

The weekly meeting's services work on it unchanged (attendance, agenda notes, close);
its items are noted, the analysis itself is written on the tertial analysis page.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samordna.analysis.periods import period_kind
from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.meetings import agenda
from samordna.meetings.models import AgendaItem, Meeting
from samordna.meetings.seeding import seed_attendance
from samordna.meetings.services import require_runner

KIND = Meeting.Kind.TERTIAL


def check_tertial_period(key: str) -> str:
    try:
        kind = period_kind(key)
    except ValueError:
        kind = ""
    if kind not in {"tertial", "year"}:
        raise ValidationError(
            {"period": f"”{key}” är ingen tertial eller år. Skriv till exempel 2026-T2 eller 2026."}
        )
    return key


def seed_tertial_agenda(meeting: Meeting) -> None:
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=n, key=item["key"], title=item["title"])
        for n, item in enumerate(agenda.tertial_items(), start=1)
    )


def tertial_meeting_start(
    *,
    actor: User,
    municipality: Municipality,
    key: str,
    held_at: datetime | None = None,
) -> Meeting:
    """The period's tertial meeting, started now unless it already exists."""
    require_runner(actor, municipality.pk)
    check_tertial_period(key)
    existing = Meeting.objects.filter(municipality=municipality, kind=KIND, period_key=key)
    if existing.exists():
        return existing.get()
    from samordna.situation.services import latest_picture

    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                municipality=municipality,
                kind=KIND,
                period_key=key,
                picture=latest_picture(municipality, key),
                held_at=held_at or timezone.now(),
                created_by=actor,
            )
            seed_tertial_agenda(meeting)
            seed_attendance(meeting)
            audit.record(
                actor=actor,
                action="meeting.start",
                target=meeting,
                changes={"period": key, "kind": KIND.value},
            )
    except IntegrityError:
        return Meeting.objects.get(municipality=municipality, kind=KIND, period_key=key)
    return meeting
