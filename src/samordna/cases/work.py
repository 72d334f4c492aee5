"""Writes for the work on a case: assessment, plan, support actions, meetings, minutes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.cases.auditing import tsi_audit
from samordna.cases.models import (
    Case,
    CaseMeeting,
    Factor,
    Goal,
    MeetingCase,
    Need,
    Programme,
    SupportAction,
)
from samordna.cases.selectors import leadership_aggregates
from samordna.core.models import Organisation, User


def factor_add(
    *, actor: User | None, case: Case, kind: str, domain: str, rating: int, note: str = ""
) -> Factor:
    with transaction.atomic():
        factor = Factor.objects.create(
            case=case,
            kind=kind,
            domain=domain,
            rating=rating,
            note=note.strip(),
            assessed_by=actor,
        )
        tsi_audit(actor=actor, action="factor.add", target=case, changes={"factor": factor.pk})
    return factor


def goal_add(*, actor: User | None, case: Case, text: str, due: date | None = None) -> Goal:
    if not text.strip():
        raise ValidationError({"text": "Skriv målet."})
    with transaction.atomic():
        goal = Goal.objects.create(case=case, text=text.strip(), due=due)
        tsi_audit(actor=actor, action="goal.add", target=case, changes={"goal": goal.pk})
    return goal


def action_add(
    *,
    actor: User | None,
    case: Case,
    kind: str,
    owner: Organisation,
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
) -> SupportAction:
    if owner.municipality_id != case.municipality_id:
        raise ValidationError({"owner": "Organisationen hör till en annan kommun."})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "Slutdatumet kan inte ligga före startdatumet."})
    with transaction.atomic():
        action = SupportAction.objects.create(
            case=case,
            kind=kind,
            owner=owner,
            starts_on=starts_on,
            ends_on=ends_on,
            description=description.strip(),
        )
        tsi_audit(
            actor=actor,
            action="support_action.add",
            target=case,
            organisation=owner,
            changes={"action": action.pk},
        )
    return action


def cases_due(programme: Programme, held_on: date) -> list[Case]:
    """The agenda: open cases not discussed within the cadence, or with a need
    that has no accepted owner."""
    since = held_on - timedelta(days=programme.case_meeting_days)
    recent = MeetingCase.objects.filter(
        meeting__programme=programme, meeting__held_on__gt=since, meeting__held_on__lt=held_on
    ).values("case_id")
    gaps = Need.objects.filter(status__in=["open", "proposed"]).values("case_id")
    open_cases = Case.objects.filter(programme=programme, status=Case.Status.OPEN)
    return list(open_cases.exclude(pk__in=recent) | open_cases.filter(pk__in=gaps))


def meeting_create(
    *, actor: User | None, programme: Programme, kind: str, held_on: date
) -> CaseMeeting:
    """A case meeting gets the cases due on its agenda; a leadership meeting gets none,
    and the programme's aggregates as they are now (its snapshot)."""
    with transaction.atomic():
        meeting = CaseMeeting.objects.create(
            programme=programme,
            municipality=programme.municipality,
            kind=kind,
            held_on=held_on,
            created_by=actor,
            snapshot=_snapshot(programme) if kind == CaseMeeting.Kind.LEADERSHIP else {},
        )
        if kind == CaseMeeting.Kind.CASE:
            MeetingCase.objects.bulk_create(
                MeetingCase(meeting=meeting, case=case) for case in cases_due(programme, held_on)
            )
        tsi_audit(actor=actor, action="meeting.create", target=meeting)
    return meeting


def _snapshot(programme: Programme) -> dict[str, Any]:
    aggregates = leadership_aggregates(programme=programme)
    aggregates["needs_by_domain"] = [[str(k), n] for k, n in aggregates["needs_by_domain"]]
    return {**aggregates, "taken_at": timezone.now().isoformat()}


def minutes_write(*, actor: User, item: MeetingCase, minutes: str) -> MeetingCase:
    with transaction.atomic():
        item.minutes = minutes.strip()
        item.written_by = actor
        item.written_at = timezone.now()
        item.save(update_fields=["minutes", "written_by", "written_at"])
        tsi_audit(
            actor=actor,
            action="meeting.minutes",
            target=item.case,
            changes={"meeting": item.meeting_id},
        )
    return item
