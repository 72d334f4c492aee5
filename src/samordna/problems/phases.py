"""Writes of the phase model (Brå's *fasmodell*, kept per municipality) and of each
area's phase with its history.

Same rules as problems.services: each service checks the actor's right, validates before
it writes (a ValidationError by field, in Swedish, changes nothing) and writes its audit
event in the same transaction. `actor` None is the system (the demo loader).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Area, Municipality, User
from samordna.core.policies import municipality_ids
from samordna.interventions.text import text_problems
from samordna.problems.models import (
    AreaPhase,
    Phase,
)
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.problems.services import REASON_MAX, actor_row

PHASE_EDITORS = frozenset({"coordinator", "admin"})
NAME_MAX = 100


def _require_phase_editor(actor: User | None, municipality: Municipality) -> None:
    if actor is not None and municipality.pk not in municipality_ids(actor, PHASE_EDITORS):
        raise PermissionDenied("Bara samordnare och administratörer ändrar fasmodellen.")


def _check_phase(municipality: Municipality, name: str, description: str, pk: int | None) -> None:
    problems = text_problems({"name": name, "description": description})
    if not name.strip():
        problems["name"] = "Ge fasen ett namn."
    elif len(name.strip()) > NAME_MAX and "name" not in problems:
        problems["name"] = f"Högst {NAME_MAX} tecken."
    elif (
        Phase.objects.filter(municipality=municipality, name__iexact=name.strip())
        .exclude(pk=pk or 0)
        .exists()
    ):
        problems["name"] = "Det finns redan en fas med det namnet."
    if problems:
        raise ValidationError(problems)


def phase_create(
    *, actor: User | None, municipality: Municipality, name: str, description: str = ""
) -> Phase:
    """Add a phase last in the municipality's phase model."""
    _require_phase_editor(actor, municipality)
    _check_phase(municipality, name, description, None)
    with transaction.atomic():
        last = Phase.objects.filter(municipality=municipality).aggregate(n=Max("order"))["n"]
        phase = Phase.objects.create(
            municipality=municipality,
            order=(last or 0) + 1,
            name=name.strip(),
            description=description.strip(),
        )
        audit.record(
            actor=actor,
            action="phase.create",
            target=phase,
            changes={"name": phase.name, "order": phase.order},
        )
    return phase


def phase_update(
    *, actor: User | None, phase: Phase, name: str, description: str, is_active: bool
) -> Phase:
    """Rename, describe or retire a phase (a retired phase stays in areas' history)."""
    _require_phase_editor(actor, phase.municipality)
    _check_phase(phase.municipality, name, description, phase.pk)
    with transaction.atomic():
        before = {"name": phase.name, "description": phase.description, "active": phase.is_active}
        phase.name, phase.description = name.strip(), description.strip()
        phase.is_active = is_active
        phase.save(update_fields=["name", "description", "is_active"])
        after = {"name": phase.name, "description": phase.description, "active": phase.is_active}
        audit.record(
            actor=actor, action="phase.update", target=phase, changes=audit.diff(before, after)
        )
    return phase


def phase_move(*, actor: User | None, phase: Phase, up: bool) -> Phase:
    """Swap the phase with the one before (up) or after it."""
    _require_phase_editor(actor, phase.municipality)
    siblings = Phase.objects.filter(municipality_id=phase.municipality_id)
    other = (
        siblings.filter(order__lt=phase.order).order_by("-order").first()
        if up
        else siblings.filter(order__gt=phase.order).order_by("order").first()
    )
    if other is None:
        return phase
    with transaction.atomic():
        mine, theirs = phase.order, other.order
        # Through a free number: (municipality, order) is unique at every moment.
        free = (siblings.aggregate(n=Max("order"))["n"] or 0) + 1
        Phase.objects.filter(pk=phase.pk).update(order=free)
        Phase.objects.filter(pk=other.pk).update(order=mine)
        Phase.objects.filter(pk=phase.pk).update(order=theirs)
        phase.order = theirs
        audit.record(
            actor=actor, action="phase.move", target=phase, changes={"order": [mine, theirs]}
        )
    return phase


# A starting point the municipality adapts to its own phase model: not Brå's words.
DEFAULT_PHASES = (
    ("Stabilt", "Få problem, inga tecken på att läget försämras."),
    ("Oro", "Enstaka återkommande problem som bevakas."),
    ("Försämring", "Problemen blir fler eller allvarligare över tid."),
    ("Allvarligt läge", "Omfattande problem som kräver samordnade insatser."),
    ("Återhämtning", "Problemen minskar efter insatser; läget följs upp."),
)


def load_default_phases(*, actor: User | None, municipality: Municipality) -> int:
    """Give a municipality without a phase model the default list; returns rows added."""
    if Phase.objects.filter(municipality=municipality).exists():
        return 0
    with transaction.atomic():
        for name, description in DEFAULT_PHASES:
            phase_create(actor=actor, municipality=municipality, name=name, description=description)
    return len(DEFAULT_PHASES)


def area_phase_set(
    *,
    actor: User | None,
    area: Area,
    phase: Phase,
    since: date,
    note: str = "",
) -> AreaPhase:
    """Record that `area` is in `phase` from `since` (a new history row; none is changed)."""
    municipality = area.municipality
    if actor is not None and municipality.pk not in municipality_ids(actor, ANALYSIS_GROUP):
        raise PermissionDenied("Bara samordnare, analytiker och administratörer sätter fas.")
    problems = text_problems({"note": note}, limit=REASON_MAX)
    if phase.municipality_id != municipality.pk or not phase.is_active:
        problems["phase"] = "Välj en fas i kommunens fasmodell."
    if since > timezone.localdate():
        problems["since"] = "Datumet kan inte ligga i framtiden."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        row = AreaPhase.objects.create(
            area=area,
            municipality=municipality,
            phase=phase,
            since=since,
            note=note.strip(),
            set_by=actor_row(actor),
        )
        audit.record(
            actor=actor,
            action="area.phase",
            target=area,
            changes={"phase": phase.name, "since": since.isoformat()},
        )
    return row
