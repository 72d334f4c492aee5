"""Writes of interventions: decide (create) one, and report its status.

Each service checks the actor's right itself, validates everything before it writes
(an error changes nothing), and writes its audit event in the same transaction.
`actor` None is the system (the demo loader).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from samordna.core import audit
from samordna.core.models import Area, Membership, Municipality, Organisation, User
from samordna.core.policies import municipality_ids, policy_for
from samordna.core.roles import EST_ROLES
from samordna.interventions.models import Intervention, InterventionUpdate, Rag, Status
from samordna.interventions.policies import DECIDERS
from samordna.interventions.text import text_problems
from samordna.interventions.vocabulary import (
    TECHNIQUES,
    Evidence,
    Kind,
    PreventionLevel,
    SocialLevel,
    Strategy,
)
from samordna.problems.vocabulary import FocusArea

if TYPE_CHECKING:
    from samordna.meetings.models import Meeting
    from samordna.problems.models import Cause, Problem

TITLE_MAX = 200
NOTE_MAX = 2000
# A deadline outside this window is a typing error, not a plan.
DEADLINE_PAST = timedelta(days=366)
DEADLINE_FUTURE = timedelta(days=366 * 5)


@dataclass(frozen=True)
class InterventionInput:
    """What deciding an intervention takes; references already resolved to rows.

    Only title, owner and deadline are needed (the weekly meeting decides with those);
    the rest is what the method asks for when there is time to plan.
    """

    title: str
    owner_organisation: Organisation
    deadline: date
    description: str = ""
    owner_person: User | None = None
    raised_by: Organisation | None = None
    areas: Sequence[Area] = field(default_factory=tuple)
    kind: str = ""
    strategy: str = ""
    techniques: Sequence[str] = field(default_factory=tuple)
    social_level: str = ""
    prevention_level: str = ""
    evidence: str = ""
    tags: Sequence[str] = field(default_factory=tuple)
    problem: Problem | None = None
    causes: Sequence[Cause] = field(default_factory=tuple)
    goal: str = ""
    partners: Sequence[Organisation] = field(default_factory=tuple)
    starts_on: date | None = None
    cost_sek: int | None = None
    hours: int | None = None
    buffer_areas: Sequence[Area] = field(default_factory=tuple)
    control_areas: Sequence[Area] = field(default_factory=tuple)


# The plain fields an InterventionInput sets on the row as they are (text is stripped).
_PLAIN = (
    "owner_organisation",
    "owner_person",
    "deadline",
    "kind",
    "strategy",
    "social_level",
    "prevention_level",
    "evidence",
    "problem",
    "starts_on",
    "cost_sek",
    "hours",
)
_TEXT = ("title", "description", "goal")
_MANY = ("areas", "causes", "partners", "buffer_areas", "control_areas")


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
        intervention = Intervention(
            municipality=municipality,
            raised_by=data.raised_by,
            decided_in=decided_in,
            created_by=actor if actor is not None and actor.pk else None,
        )
        _assign(intervention, data)
        intervention.save()
        _assign_many(intervention, data)
        audit.record(
            actor=actor,
            action="intervention.create",
            target=intervention,
            changes={
                "owner_organisation": data.owner_organisation.pk,
                "owner_person": data.owner_person.pk if data.owner_person else None,
                "deadline": data.deadline.isoformat(),
                "meeting": decided_in.pk if decided_in else None,
                "kind": data.kind,
                "problem": data.problem.pk if data.problem else None,
            },
        )
    return intervention


def may_change(actor: User, intervention: Intervention) -> bool:
    """Coordinators and admins; the owner organisation's members who answer for it."""
    policy = policy_for(Intervention)
    return policy is not None and policy.can(actor, "change", intervention)


def intervention_update(
    *, actor: User, intervention: Intervention, data: InterventionInput
) -> Intervention:
    """Change what an intervention is, who owns it and when. Status is reported instead.

    Only coordinators and admins hand an intervention to another organisation; who
    raised it and where it was decided stay as they were.
    """
    if not may_change(actor, intervention):
        raise PermissionDenied("Bara den ansvariga organisationen och samordnarna ändrar insatsen.")
    problems: dict[str, str] = {}
    decider = intervention.municipality_id in municipality_ids(actor, DECIDERS)
    if data.owner_organisation.pk != intervention.owner_organisation_id and not decider:
        problems["owner_organisation"] = (
            "Bara samordnare kan lämna över insatsen till en annan organisation."
        )
    check_intervention(data, intervention.municipality, extra=problems, current=intervention)
    with transaction.atomic():
        locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
        before = _snapshot(locked)
        _assign(locked, data)
        locked.updated_at = timezone.now()
        locked.save()
        _assign_many(locked, data)
        audit.record(
            actor=actor,
            action="intervention.update",
            target=locked,
            changes=audit.diff(before, _snapshot(locked)),
        )
    return locked


def _assign(intervention: Intervention, data: InterventionInput) -> None:
    for name in _PLAIN:
        setattr(intervention, name, getattr(data, name))
    for name in _TEXT:
        setattr(intervention, name, getattr(data, name).strip())
    intervention.techniques = list(dict.fromkeys(data.techniques))
    intervention.tags = list(dict.fromkeys(data.tags))


def _assign_many(intervention: Intervention, data: InterventionInput) -> None:
    for name in _MANY:
        getattr(intervention, name).set(getattr(data, name))


def _snapshot(intervention: Intervention) -> dict[str, Any]:
    """What an update may change, as plain data for the audit diff."""
    values: dict[str, Any] = {name: getattr(intervention, name) for name in _TEXT}
    for name in _PLAIN:
        value = getattr(intervention, f"{name}_id" if name in _FOREIGN else name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    values["techniques"] = list(intervention.techniques)
    values["tags"] = list(intervention.tags)
    if intervention.pk:
        for name in _MANY:
            values[name] = sorted(getattr(intervention, name).values_list("pk", flat=True))
    return values


_FOREIGN = frozenset({"owner_organisation", "owner_person", "problem"})
COST_MAX = 1_000_000_000
HOURS_MAX = 1_000_000


def check_intervention(
    data: InterventionInput,
    municipality: Municipality,
    *,
    extra: dict[str, str] | None = None,
    current: Intervention | None = None,
) -> None:
    """Raise ValidationError listing every problem with `data`, by field name."""
    problems = text_problems(
        {"title": data.title, "description": data.description, "goal": data.goal}
    )
    problems.update(extra or {})
    if not data.title.strip():
        problems["title"] = "Skriv vad insatsen är."
    elif len(data.title.strip()) > TITLE_MAX and "title" not in problems:
        problems["title"] = f"Högst {TITLE_MAX} tecken."
    owner = data.owner_organisation
    if owner.municipality_id != municipality.pk or not owner.is_active:
        problems["owner_organisation"] = "Organisationen finns inte i den här kommunen."
    if data.raised_by is not None and data.raised_by.municipality_id != municipality.pk:
        problems["raised_by"] = "Organisationen finns inte i den här kommunen."
    if data.owner_person is not None:
        if not _is_member(data.owner_person, municipality):
            problems["owner_person"] = "Personen har ingen roll i den här kommunen."
        elif "owner_organisation" not in problems and not _is_member(
            data.owner_person, municipality, organisation=owner
        ):
            problems["owner_person"] = (
                "Den ansvariga personen måste vara med i den ansvariga organisationen."
            )
    today = timezone.localdate()
    unchanged = current is not None and current.deadline == data.deadline
    if not unchanged and not today - DEADLINE_PAST <= data.deadline <= today + DEADLINE_FUTURE:
        problems["deadline"] = "Ange ett datum inom de närmaste fem åren."
    if data.starts_on is not None and data.starts_on > data.deadline:
        problems["starts_on"] = "Starten kan inte ligga efter slutdatumet."
    _check_method(data, problems)
    _check_problem(data, municipality, problems)
    _check_areas(data, municipality, problems)
    if any(p.municipality_id != municipality.pk or not p.is_active for p in data.partners):
        problems["partners"] = "Organisationen finns inte i den här kommunen."
    for name in ("cost_sek", "hours"):
        value = getattr(data, name)
        limit = COST_MAX if name == "cost_sek" else HOURS_MAX
        if value is not None and not 0 <= value <= limit:
            problems[name] = "Ange ett heltal, 0 eller mer."
    if problems:
        raise ValidationError(problems)


def _check_method(data: InterventionInput, problems: dict[str, str]) -> None:
    """Kind, strategy, techniques and levels: each only where it belongs."""
    if data.kind and data.kind not in Kind.values:
        problems["kind"] = "Välj en typ av insats."
    situational = data.kind == Kind.SITUATIONAL
    if data.strategy and data.strategy not in Strategy.values:
        problems["strategy"] = "Välj en av de fem strategierna."
    elif data.strategy and not situational:
        problems["strategy"] = "Strategi anges bara för situationell prevention."
    elif situational and not data.strategy:
        problems["strategy"] = "Välj vilken strategi den situationella insatsen följer."
    unknown = [t for t in data.techniques if t not in TECHNIQUES]
    if unknown:
        problems["techniques"] = "Välj tekniker ur listan."
    elif data.techniques and not situational:
        problems["techniques"] = "Tekniker anges bara för situationell prevention."
    elif data.strategy in Strategy.values and any(
        TECHNIQUES[t][0] != data.strategy for t in data.techniques
    ):
        problems["techniques"] = "Teknikerna måste höra till den valda strategin."
    if data.social_level and data.social_level not in SocialLevel.values:
        problems["social_level"] = "Välj universell, selektiv eller indikerad."
    elif data.social_level and data.kind != Kind.SOCIAL:
        problems["social_level"] = "Nivån anges bara för social prevention."
    elif data.kind == Kind.SOCIAL and not data.social_level:
        problems["social_level"] = (
            "Välj om den sociala insatsen är universell, selektiv eller indikerad."
        )
    if data.prevention_level and data.prevention_level not in PreventionLevel.values:
        problems["prevention_level"] = "Välj primär, sekundär eller tertiär."
    if data.evidence and data.evidence not in Evidence.values:
        problems["evidence"] = "Välj hur väl metoden är belagd."
    if any(tag not in FocusArea.values for tag in data.tags):
        problems["tags"] = "Välj fokusområden ur listan."


def _check_problem(
    data: InterventionInput, municipality: Municipality, problems: dict[str, str]
) -> None:
    problem = data.problem
    if problem is not None and problem.municipality_id != municipality.pk:
        problems["problem"] = "Problembilden finns inte i den här kommunen."
        return
    if not data.causes:
        return
    if problem is None:
        problems["causes"] = "Välj först vilken problembild insatsen riktar sig mot."
    elif any(
        cause.analysis.problem_id != problem.pk or not cause.is_active for cause in data.causes
    ):
        problems["causes"] = "Orsakerna måste vara aktiva orsaker i problembildens orsaksanalys."


def _check_areas(
    data: InterventionInput, municipality: Municipality, problems: dict[str, str]
) -> None:
    """Target (A), buffer (B) and control (C): all here, none in two of them."""
    groups = {
        "areas": data.areas,
        "buffer_areas": data.buffer_areas,
        "control_areas": data.control_areas,
    }
    for name, areas in groups.items():
        if any(area.municipality_id != municipality.pk for area in areas):
            problems[name] = "Området finns inte i den här kommunen."
    target = {a.pk for a in data.areas}
    buffer = {a.pk for a in data.buffer_areas}
    control = {a.pk for a in data.control_areas}
    if buffer & target and "buffer_areas" not in problems:
        problems["buffer_areas"] = "Ett buffertområde kan inte också vara insatsområde."
    if control & (target | buffer) and "control_areas" not in problems:
        problems["control_areas"] = (
            "Ett kontrollområde kan inte också vara insats- eller buffertområde."
        )


def _is_member(
    user: User, municipality: Municipality, organisation: Organisation | None = None
) -> bool:
    # An owner person answers for EST work: a TSI-only role never qualifies.
    members = Membership.objects.in_force().filter(
        user=user,
        municipality=municipality,
        role__in=EST_ROLES,
    )
    if organisation is not None:
        members = members.filter(organisation=organisation)
    return members.exists()


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
        if status != before["status"] and locked.problem_id is not None:
            _tell_reporters(locked, status, key=f"intervention:{locked.pk}:update:{update.pk}")
    intervention.status, intervention.rag, intervention.updated_at = status, rag, now
    return update


def _tell_reporters(intervention: Intervention, status: str, *, key: str) -> None:
    """The problem's reporters hear that an intervention against it changed status."""
    from samordna.problems.feedback import problem_feedback

    problem = intervention.problem
    if problem is None:
        return
    with translation.override("sv"):
        label = str(Status(status).label).lower()
    message = f"Insatsen ”{intervention.title}” mot problemet har nu status: {label}."
    problem_feedback(problem, message, key=key)


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
