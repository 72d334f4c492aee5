"""Writes of a meeting: start, the steps of its agenda, confirming the picture, close.

Each service checks that the actor runs meetings in the municipality and that the
meeting is open, validates before it writes (an error changes nothing), and writes
its audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from samordna.analysis.periods import week_bounds
from samordna.core import audit
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.core.policies import municipality_ids
from samordna.interventions.feedback import intervention_tell
from samordna.interventions.models import Intervention, InterventionUpdate
from samordna.interventions.services import (
    InterventionInput,
    intervention_create,
    intervention_report,
)
from samordna.interventions.text import text_problems
from samordna.meetings import agenda
from samordna.meetings.block import meeting_block
from samordna.meetings.models import AgendaItem, AreaAssessment, Attendance, Meeting
from samordna.meetings.policies import RUNNERS
from samordna.meetings.seeding import seed_agenda, seed_attendance
from samordna.meetings.selectors import GROUNDS_MAX
from samordna.reports.models import Feedback, Observation
from samordna.situation.models import SituationPicture
from samordna.situation.services import latest_picture, picture_confirm, picture_prepare

NOT_RUNNER = "Bara samordnare och administratörer leder möten."
CLOSED = "Mötet är avslutat och kan inte ändras."


def require_runner(actor: User, municipality_id: int) -> None:
    if municipality_id not in municipality_ids(actor, RUNNERS):
        raise PermissionDenied(NOT_RUNNER)


def _require_open(actor: User, meeting: Meeting) -> None:
    require_runner(actor, meeting.municipality_id)
    if not meeting.is_open:
        raise ValidationError(CLOSED)


def _mark_done(meeting: Meeting, key: str) -> None:
    """A step whose work is saved is ticked off on the agenda (and so in the minutes)."""
    meeting.agenda_items.filter(key=key).update(done=True)


def check_week(key: str) -> str:
    try:
        week_bounds(key)
    except ValueError as exc:
        raise ValidationError(
            {"week": f"”{key}” är ingen vecka. Skriv till exempel 2026-W47."}
        ) from exc
    return key


def meeting_start(
    *, actor: User, municipality: Municipality, key: str, held_at: datetime | None = None
) -> Meeting:
    """The week's weekly meeting, started now (with its picture) unless it already exists.

    `held_at` defaults to now; the demo loader backdates its meeting.
    """
    require_runner(actor, municipality.pk)
    check_week(key)
    kind = Meeting.Kind.EST_WEEKLY
    existing = Meeting.objects.filter(municipality=municipality, kind=kind, period_key=key)
    if existing.exists():
        return existing.get()
    try:
        with transaction.atomic():
            picture = picture_prepare(actor=actor, municipality=municipality, key=key)
            meeting = Meeting.objects.create(
                municipality=municipality,
                kind=kind,
                period_key=key,
                picture=picture,
                held_at=held_at or timezone.now(),
                created_by=actor,
            )
            seed_agenda(meeting)
            seed_attendance(meeting)
            audit.record(
                actor=actor,
                action="meeting.start",
                target=meeting,
                changes={"period": key, "picture": picture.pk},
            )
    except IntegrityError:
        # Two coordinators pressed "start" at once: the other one's meeting is the one.
        return Meeting.objects.get(municipality=municipality, kind=kind, period_key=key)
    return meeting


@dataclass(frozen=True)
class AttendanceInput:
    attendance_id: int
    present: bool
    note: str = ""


def attendance_set(*, actor: User, meeting: Meeting, rows: Sequence[AttendanceInput]) -> None:
    """Tick who is present (and a short note) on the meeting's attendance list."""
    _require_open(actor, meeting)
    known = {row.pk: row for row in meeting.attendance.all()}
    problems = text_problems({f"note_{r.attendance_id}": r.note for r in rows}, limit=200)
    if any(r.attendance_id not in known for r in rows):
        problems["attendance"] = "Raden finns inte på mötets närvarolista."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        changed = {}
        for r in rows:
            row = known[r.attendance_id]
            if (row.present, row.note) != (r.present, r.note.strip()):
                row.present, row.note = r.present, r.note.strip()
                row.save(update_fields=["present", "note"])
                changed[str(row.pk)] = row.present
        audit.record(
            actor=actor, action="meeting.attendance", target=meeting, changes={"present": changed}
        )
        _mark_done(meeting, agenda.ATTENDANCE)


def attendance_add(
    *,
    actor: User,
    meeting: Meeting,
    function: str,
    organisation: Organisation,
    present: bool = True,
) -> Attendance:
    """Add a function to the list (someone came who is not on it)."""
    _require_open(actor, meeting)
    problems = {}
    if function not in Attendance.Function.values:
        problems["function"] = "Välj en funktion."
    if organisation.municipality_id != meeting.municipality_id:
        problems["organisation"] = "Organisationen finns inte i den här kommunen."
    elif meeting.attendance.filter(function=function, organisation=organisation).exists():
        problems["organisation"] = "Den funktionen från organisationen finns redan på listan."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        row = Attendance.objects.create(
            meeting=meeting, function=function, organisation=organisation, present=present
        )
        audit.record(
            actor=actor,
            action="meeting.attendance_add",
            target=meeting,
            changes={"function": function, "organisation": organisation.pk},
        )
    return row


def agenda_item_update(*, actor: User, item: AgendaItem, notes: str, done: bool) -> AgendaItem:
    """The notes taken under one agenda item, and whether it is dealt with."""
    _require_open(actor, item.meeting)
    problems = text_problems({"notes": notes})
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        before = {"notes": item.notes, "done": item.done}
        item.notes, item.done = notes.strip(), done
        item.save(update_fields=["notes", "done"])
        audit.record(
            actor=actor,
            action="meeting.agenda_item",
            target=item.meeting,
            changes={
                "item": item.number,
                **audit.diff(before, {"notes": item.notes, "done": done}),
            },
        )
    return item


@dataclass(frozen=True)
class AssessmentInput:
    area: Area
    assessment: str  # better / unchanged / worse, or "" for not assessed
    text: str = ""


def assessments_set(*, actor: User, meeting: Meeting, rows: Sequence[AssessmentInput]) -> None:
    """The meeting's assessment of each area; an empty assessment removes the area's."""
    _require_open(actor, meeting)
    problems = text_problems({f"text_{r.area.pk}": r.text for r in rows})
    for r in rows:
        if r.area.municipality_id != meeting.municipality_id:
            problems[f"assessment_{r.area.pk}"] = "Området finns inte i den här kommunen."
        elif r.assessment and r.assessment not in AreaAssessment.Assessment.values:
            problems[f"assessment_{r.area.pk}"] = "Välj bättre, oförändrat eller sämre."
        elif r.text.strip() and not r.assessment:
            problems[f"assessment_{r.area.pk}"] = "Välj en bedömning till kommentaren."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for r in rows:
            if not r.assessment:
                meeting.assessments.filter(area=r.area).delete()
                continue
            AreaAssessment.objects.update_or_create(
                meeting=meeting,
                area=r.area,
                defaults={"assessment": r.assessment, "text": r.text.strip()},
            )
        audit.record(
            actor=actor,
            action="meeting.assess",
            target=meeting,
            changes={str(r.area.pk): r.assessment for r in rows},
        )
        _mark_done(meeting, agenda.ASSESSMENT)


def focus_set(*, actor: User, meeting: Meeting, areas: Sequence[Area], text: str) -> None:
    """Focus areas and hot spots for the coming week."""
    _require_open(actor, meeting)
    problems = text_problems({"focus_text": text})
    if any(a.municipality_id != meeting.municipality_id for a in areas):
        problems["focus_areas"] = "Området finns inte i den här kommunen."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        meeting.focus_areas.set(areas)
        meeting.focus_text = text.strip()
        meeting.save(update_fields=["focus_text"])
        audit.record(
            actor=actor,
            action="meeting.focus",
            target=meeting,
            changes={"areas": sorted(a.pk for a in areas)},
        )
        _mark_done(meeting, agenda.DECISIONS)


def decision_create(
    *,
    actor: User,
    meeting: Meeting,
    data: InterventionInput,
    observations: Sequence[Observation] = (),
) -> Intervention:
    """An immediate intervention decided at the meeting (owner, person, deadline).

    Its owner is one of the organisations present (once attendance is taken).
    `observations` are what the decision rests on (the municipality's own); their
    reporters, and those of the problem's linked observations, are told the decision.
    """
    _require_open(actor, meeting)
    present = meeting.attendance.filter(present=True)
    if present.exists() and not present.filter(organisation=data.owner_organisation).exists():
        raise ValidationError({"owner_organisation": "Välj en organisation som är med på mötet."})
    if len(observations) > GROUNDS_MAX:
        raise ValidationError({"observations": f"Högst {GROUNDS_MAX} iakttagelser."})
    if any(o.municipality_id != meeting.municipality_id for o in observations):
        raise ValidationError({"observations": "Iakttagelsen finns inte i den här kommunen."})
    with transaction.atomic():
        intervention = intervention_create(
            actor=actor, municipality=meeting.municipality, data=data, decided_in=meeting
        )
        if observations:
            intervention.observations.set(observations)
        _tell_decision(intervention, [o.pk for o in observations])
        _mark_done(meeting, agenda.DECISIONS)
    return intervention


def decision_message(intervention: Intervention) -> str:
    """The decision in the reporter's words: what, who and by when (never a person)."""
    with translation.override("sv"):
        deadline = date_format(intervention.deadline, "j F Y")
    return (
        f"Veckomötet beslutade: {intervention.title} "
        f"({intervention.owner_organisation.name}, klart senast {deadline})."
    )


def _tell_decision(intervention: Intervention, observation_ids: list[int]) -> None:
    """Once per reporter, after the commit: the grounds' reporters and the problem's."""
    intervention_tell(
        intervention,
        decision_message(intervention),
        key=f"decision:{intervention.pk}",
        kind=Feedback.Kind.DECIDED,
        observation_ids=observation_ids,
    )


def followup_report(
    *,
    actor: User,
    meeting: Meeting,
    intervention: Intervention,
    status: str,
    rag: str,
    note: str = "",
) -> InterventionUpdate:
    """Step 2: an intervention's status as reported at the meeting (its minutes list it)."""
    _require_open(actor, meeting)
    with transaction.atomic():
        update = intervention_report(
            actor=actor,
            intervention=intervention,
            status=status,
            rag=rag,
            note=note,
            meeting=meeting,
        )
        _mark_done(meeting, agenda.INTERVENTIONS)
    return update


def meeting_confirm_picture(*, actor: User, meeting: Meeting) -> SituationPicture:
    """Confirm the week's picture with this meeting's block frozen inside it."""
    _require_open(actor, meeting)
    picture = latest_picture(meeting.municipality, meeting.period_key)
    if picture is not None and picture.is_frozen:
        raise ValidationError("Veckans lägesbild är redan fastställd.")
    with transaction.atomic():
        if picture is None:
            picture = picture_prepare(
                actor=actor, municipality=meeting.municipality, key=meeting.period_key
            )
        picture = picture_confirm(actor=actor, picture=picture, meeting=meeting_block(meeting))
        meeting.picture = picture
        meeting.save(update_fields=["picture"])
        audit.record(
            actor=actor,
            action="meeting.confirm_picture",
            target=meeting,
            changes={"picture": picture.pk, "content_hash": picture.content_hash},
        )
        _mark_done(meeting, agenda.CONFIRM)
    return picture


def meeting_close(*, actor: User, meeting: Meeting) -> Meeting:
    """Close the meeting; its minutes stay as they are."""
    _require_open(actor, meeting)
    with transaction.atomic():
        meeting.status, meeting.closed_at = Meeting.Status.CLOSED, timezone.now()
        meeting.save(update_fields=["status", "closed_at"])
        audit.record(actor=actor, action="meeting.close", target=meeting)
    return meeting
