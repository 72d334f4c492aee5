"""Writes of interventions: decide (create) one, and report its status.

Each service checks the actor's right itself, validates everything before it writes
(an error changes nothing), and writes its audit event in the same transaction.
`actor` None is the system (the demo loader).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Area, Membership, Municipality, Organisation, User
from samordna.core.policies import municipality_ids, policy_for
from samordna.interventions.models import Intervention, InterventionUpdate, Rag, Status
from samordna.interventions.policies import DECIDERS
from samordna.interventions.text import text_problems

if TYPE_CHECKING:
    from samordna.meetings.models import Meeting

TITLE_MAX = 200
NOTE_MAX = 2000
# A deadline outside this window is a typing error, not a plan.
DEADLINE_PAST = timedelta(days=366)
DEADLINE_FUTURE = timedelta(days=366 * 5)


@dataclass(frozen=True)
class InterventionInput:
    """What deciding an intervention takes; references already resolved to rows."""

    title: str
    owner_organisation: Organisation
    deadline: date
    description: str = ""
    owner_person: User | None = None
    raised_by: Organisation | None = None
    areas: Sequence[Area] = field(default_factory=tuple)


def intervention_create(
    *,
    actor: User | None,
    municipality: Municipality,
    data: InterventionInput,
    decided_in: Meeting | None = None,
) -> Intervention:
    """Decide an intervention for `municipality`. ValidationError (by field) changes nothing."""
    if actor is not None and municipality.pk not in municipality_ids(actor, DECIDERS):
        raise PermissionDenied("Bara samordnare och administratörer beslutar insatser.")
    check_intervention(data, municipality)
    with transaction.atomic():
        intervention = Intervention.objects.create(
            municipality=municipality,
            title=data.title.strip(),
            description=data.description.strip(),
            owner_organisation=data.owner_organisation,
            owner_person=data.owner_person,
            raised_by=data.raised_by,
            deadline=data.deadline,
            decided_in=decided_in,
            created_by=actor if actor is not None and actor.pk else None,
        )
        intervention.areas.set(data.areas)
        audit.record(
            actor=actor,
            action="intervention.create",
            target=intervention,
            changes={
                "owner_organisation": data.owner_organisation.pk,
                "owner_person": data.owner_person.pk if data.owner_person else None,
                "deadline": data.deadline.isoformat(),
                "meeting": decided_in.pk if decided_in else None,
            },
        )
    return intervention


def check_intervention(data: InterventionInput, municipality: Municipality) -> None:
    """Raise ValidationError listing every problem with `data`, by field name."""
    problems = text_problems({"title": data.title, "description": data.description})
    if not data.title.strip():
        problems["title"] = "Skriv vad insatsen är."
    elif len(data.title.strip()) > TITLE_MAX and "title" not in problems:
        problems["title"] = f"Högst {TITLE_MAX} tecken."
    owner = data.owner_organisation
    if owner.municipality_id != municipality.pk or not owner.is_active:
        problems["owner_organisation"] = "Organisationen finns inte i den här kommunen."
    if data.raised_by is not None and data.raised_by.municipality_id != municipality.pk:
        problems["raised_by"] = "Organisationen finns inte i den här kommunen."
    if data.owner_person is not None and not _is_member(data.owner_person, municipality):
        problems["owner_person"] = "Personen har ingen roll i den här kommunen."
    if any(area.municipality_id != municipality.pk for area in data.areas):
        problems["areas"] = "Området finns inte i den här kommunen."
    today = timezone.localdate()
    if not today - DEADLINE_PAST <= data.deadline <= today + DEADLINE_FUTURE:
        problems["deadline"] = "Ange ett datum inom de närmaste fem åren."
    if problems:
        raise ValidationError(problems)


def _is_member(user: User, municipality: Municipality) -> bool:
    return Membership.objects.filter(
        user=user, municipality=municipality, is_active=True, organisation__is_active=True
    ).exists()


def may_report(actor: User, intervention: Intervention) -> bool:
    """The owner organisation's people, and the municipality's coordinators and admins."""
    policy = policy_for(Intervention)
    return policy is not None and policy.can(actor, "report", intervention)


def intervention_report(
    *,
    actor: User,
    intervention: Intervention,
    status: str,
    rag: str,
    note: str = "",
    meeting: Meeting | None = None,
) -> InterventionUpdate:
    """Report an intervention's status and traffic light; it takes them as its own."""
    if not may_report(actor, intervention):
        raise PermissionDenied("Bara den ansvariga organisationen och samordnarna rapporterar.")
    _check_report(intervention, status, rag, note, meeting)
    with transaction.atomic():
        locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
        before = {"status": locked.status, "rag": locked.rag}
        now = timezone.now()
        update = InterventionUpdate.objects.create(
            intervention=locked,
            municipality_id=locked.municipality_id,
            status=status,
            rag=rag,
            note=note.strip(),
            meeting=meeting,
            at=now,
            by=actor,
        )
        locked.status, locked.rag, locked.updated_at = status, rag, now
        locked.save(update_fields=["status", "rag", "updated_at"])
        audit.record(
            actor=actor,
            action="intervention.report",
            target=locked,
            changes={
                **audit.diff(before, {"status": status, "rag": rag}),
                "meeting": meeting.pk if meeting else None,
            },
        )
    intervention.status, intervention.rag, intervention.updated_at = status, rag, now
    return update


def _check_report(
    intervention: Intervention, status: str, rag: str, note: str, meeting: Meeting | None
) -> None:
    problems = text_problems({"note": note}, limit=NOTE_MAX)
    if status not in Status.values:
        problems["status"] = "Välj en status."
    if rag not in Rag.values:
        problems["rag"] = "Välj grönt, gult eller rött."
    if meeting is not None and (
        meeting.municipality_id != intervention.municipality_id or not meeting.is_open
    ):
        problems["meeting"] = "Mötet är avslutat eller hör till en annan kommun."
    if problems:
        raise ValidationError(problems)
