"""Writes of problems: create, edit, move through the workflow, link observations and
police events, tags and the rule (the phase model and each area's phase: problems.phases).

Each service checks the actor's right itself, validates everything before it writes
(a ValidationError by field, in Swedish, changes nothing) and writes its audit event in
the same transaction. `actor` None is the system (the demo loader, the rule).

The workflow's allowed steps are defined once, in `STEPS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Area, Membership, Municipality, Organisation, Place, User
from samordna.core.policies import municipality_ids, policy_for
from samordna.interventions.text import text_problems
from samordna.problems.feedback import problem_feedback, status_message
from samordna.problems.models import (
    Priority,
    Problem,
    ProblemOutcome,
    ProblemStatus,
    ProblemStep,
)
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.problems.rules import refresh_rule_links
from samordna.problems.vocabulary import FocusArea
from samordna.reports.models import Category

S = ProblemStatus

# The workflow, in one place: from each status, the steps that may be taken.
# Forward along identified -> watched -> prioritised -> analysed -> plan_decided ->
# in_progress -> follow_up -> closed; a problem may skip watching, go back to being
# watched before an analysis, return from follow-up to work, and be closed from any
# step. A closed problem is reopened to any earlier step.
STEPS: dict[str, tuple[str, ...]] = {
    S.IDENTIFIED: (S.WATCHED, S.PRIORITISED, S.CLOSED),
    S.WATCHED: (S.PRIORITISED, S.CLOSED),
    S.PRIORITISED: (S.ANALYSED, S.WATCHED, S.CLOSED),
    S.ANALYSED: (S.PLAN_DECIDED, S.WATCHED, S.CLOSED),
    S.PLAN_DECIDED: (S.IN_PROGRESS, S.CLOSED),
    S.IN_PROGRESS: (S.FOLLOW_UP, S.CLOSED),
    S.FOLLOW_UP: (S.CLOSED, S.IN_PROGRESS),
    S.CLOSED: tuple(s for s in S.values if s != S.CLOSED),
}

TITLE_MAX = 200
REASON_MAX = 2000


def next_steps(status: str) -> tuple[str, ...]:
    return STEPS.get(status, ())


# --- who may -----------------------------------------------------------------------------


def may_create(actor: User, municipality: Municipality) -> bool:
    return municipality.pk in municipality_ids(actor, ANALYSIS_GROUP)


def may_change(actor: User, problem: Problem) -> bool:
    """Coordinators, analysts and admins of its municipality; its owner organisation."""
    policy = policy_for(Problem)
    return policy is not None and policy.can(actor, "change", problem)


def require_change(actor: User | None, problem: Problem) -> None:
    if actor is not None and not may_change(actor, problem):
        raise PermissionDenied(
            "Bara samordnare, analytiker och den ansvariga organisationen ändrar problembilden."
        )


# --- create and edit ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemInput:
    """What a problem is; references already resolved to rows."""

    title: str
    description: str = ""
    areas: Sequence[Area] = field(default_factory=tuple)
    places: Sequence[Place] = field(default_factory=tuple)
    categories: Sequence[Category] = field(default_factory=tuple)
    owner_organisation: Organisation | None = None
    owner_person: User | None = None
    priority: int = Priority.MEDIUM
    tags: Sequence[str] = field(default_factory=tuple)
    rule_enabled: bool = False
    rule_from: date | None = None
    rule_to: date | None = None

    @classmethod
    def of(cls, problem: Problem) -> ProblemInput:
        """The problem as it is now: edit a copy with `dataclasses.replace`."""
        return cls(
            title=problem.title,
            description=problem.description,
            areas=list(problem.areas.all()),
            places=list(problem.places.all()),
            categories=list(problem.categories.all()),
            owner_organisation=problem.owner_organisation,
            owner_person=problem.owner_person,
            priority=problem.priority,
            tags=list(problem.tags),
            rule_enabled=problem.rule_enabled,
            rule_from=problem.rule_from,
            rule_to=problem.rule_to,
        )


def check_problem(data: ProblemInput, municipality: Municipality) -> None:
    """Raise ValidationError listing every problem with `data`, by field name."""
    problems = text_problems({"title": data.title, "description": data.description})
    if not data.title.strip():
        problems["title"] = "Skriv vad problemet är."
    elif len(data.title.strip()) > TITLE_MAX and "title" not in problems:
        problems["title"] = f"Högst {TITLE_MAX} tecken."
    owner = data.owner_organisation
    if owner is not None and (owner.municipality_id != municipality.pk or not owner.is_active):
        problems["owner_organisation"] = "Organisationen finns inte i den här kommunen."
    if data.owner_person is not None and not _is_member(data.owner_person, municipality):
        problems["owner_person"] = "Personen har ingen roll i den här kommunen."
    if any(a.municipality_id != municipality.pk for a in data.areas):
        problems["areas"] = "Området finns inte i den här kommunen."
    if any(p.municipality_id != municipality.pk for p in data.places):
        problems["places"] = "Platsen finns inte i den här kommunen."
    if any(c.municipality_id not in (None, municipality.pk) for c in data.categories):
        problems["categories"] = "Kategorin finns inte i den här kommunen."
    if data.priority not in Priority.values:
        problems["priority"] = "Välj hög, medel eller låg prioritet."
    if any(tag not in FocusArea.values for tag in data.tags):
        problems["tags"] = "Välj bland Brås fokusområden."
    if data.rule_from and data.rule_to and data.rule_to < data.rule_from:
        problems["rule_to"] = "Slutdatumet kommer före startdatumet."
    if data.rule_enabled:
        if not data.rule_from:
            problems["rule_from"] = "Ange från vilket datum regeln kopplar iakttagelser."
        if not data.areas:
            problems["areas"] = "Regeln behöver minst ett område."
        if not data.categories:
            problems["categories"] = "Regeln behöver minst en kategori."
    if problems:
        raise ValidationError(problems)


def _is_member(user: User, municipality: Municipality) -> bool:
    return Membership.objects.in_force().filter(user=user, municipality=municipality).exists()


def _clean_tags(tags: Iterable[str]) -> list[str]:
    # Stored in the vocabulary's order, once each.
    chosen = set(tags)
    return [value for value in FocusArea.values if value in chosen]


def problem_create(
    *,
    actor: User | None,
    municipality: Municipality,
    data: ProblemInput,
    raised_by: Organisation | None = None,
    reason: str = "",
    at: Any = None,
) -> Problem:
    """Identify a problem: its first step (identified) is written with it.

    `at` (the moment it was identified) is for the demo's history; it defaults to now.
    """
    if actor is not None and not may_create(actor, municipality):
        raise PermissionDenied(
            "Bara samordnare, analytiker och administratörer lägger upp problem."
        )
    check_problem(data, municipality)
    reason_problems = text_problems({"reason": reason}, limit=REASON_MAX)
    if reason_problems:
        raise ValidationError(reason_problems)
    if raised_by is not None and raised_by.municipality_id != municipality.pk:
        raise ValidationError({"raised_by": "Organisationen finns inte i den här kommunen."})
    now = at or timezone.now()
    with transaction.atomic():
        problem = Problem.objects.create(
            municipality=municipality,
            title=data.title.strip(),
            description=data.description.strip(),
            owner_organisation=data.owner_organisation,
            owner_person=data.owner_person,
            raised_by=raised_by,
            priority=data.priority,
            tags=_clean_tags(data.tags),
            rule_enabled=data.rule_enabled,
            rule_from=data.rule_from,
            rule_to=data.rule_to,
            created_by=actor_row(actor),
            created_at=now,
            updated_at=now,
        )
        problem.areas.set(data.areas)
        problem.places.set(data.places)
        problem.categories.set(data.categories)
        ProblemStep.objects.create(
            problem=problem,
            municipality=municipality,
            from_status="",
            to_status=S.IDENTIFIED,
            reason=reason.strip() or "Problembilden lades upp.",
            at=now,
            by=actor_row(actor),
        )
        audit.record(
            actor=actor, action="problem.create", target=problem, changes=_describe(problem)
        )
        if problem.rule_enabled:
            refresh_rule_links(problem)
    return problem


def problem_update(*, actor: User | None, problem: Problem, data: ProblemInput) -> Problem:
    """Edit what the problem is. Only the analysis group hands it to another organisation."""
    require_change(actor, problem)
    municipality = problem.municipality
    check_problem(data, municipality)
    if (
        actor is not None
        and data.owner_organisation != problem.owner_organisation
        and not may_create(actor, municipality)
    ):
        raise ValidationError(
            {"owner_organisation": "Bara samordnare och analytiker byter ansvarig organisation."}
        )
    with transaction.atomic():
        locked = Problem.objects.select_for_update().get(pk=problem.pk)
        before = _describe(locked)
        rule_before = _rule_of(locked)
        locked.title = data.title.strip()
        locked.description = data.description.strip()
        locked.owner_organisation = data.owner_organisation
        locked.owner_person = data.owner_person
        locked.priority = data.priority
        locked.tags = _clean_tags(data.tags)
        locked.rule_enabled = data.rule_enabled
        locked.rule_from = data.rule_from
        locked.rule_to = data.rule_to
        locked.updated_at = timezone.now()
        locked.save()
        locked.areas.set(data.areas)
        locked.places.set(data.places)
        locked.categories.set(data.categories)
        changes = audit.diff(before, _describe(locked))
        if changes:
            audit.record(actor=actor, action="problem.update", target=locked, changes=changes)
        if _rule_of(locked) != rule_before:
            refresh_rule_links(locked)
    return locked


def problem_set_tags(*, actor: User | None, problem: Problem, tags: Sequence[str]) -> Problem:
    """Tag the problem with Brå's focus areas (and nothing else)."""
    return problem_update(
        actor=actor, problem=problem, data=replace(ProblemInput.of(problem), tags=tuple(tags))
    )


def problem_set_rule(
    *,
    actor: User | None,
    problem: Problem,
    enabled: bool,
    rule_from: date | None = None,
    rule_to: date | None = None,
) -> Problem:
    """Turn the rule on (from, to) or off; the links follow at once."""
    data = replace(
        ProblemInput.of(problem), rule_enabled=enabled, rule_from=rule_from, rule_to=rule_to
    )
    return problem_update(actor=actor, problem=problem, data=data)


def _describe(problem: Problem) -> dict[str, Any]:
    return {
        "title": problem.title,
        "description": problem.description,
        "owner_organisation": problem.owner_organisation_id,
        "owner_person": problem.owner_person_id,
        "priority": problem.priority,
        "tags": list(problem.tags),
        "rule_enabled": problem.rule_enabled,
        "rule_from": problem.rule_from.isoformat() if problem.rule_from else None,
        "rule_to": problem.rule_to.isoformat() if problem.rule_to else None,
        "areas": sorted(problem.areas.values_list("pk", flat=True)),
        "places": sorted(problem.places.values_list("pk", flat=True)),
        "categories": sorted(problem.categories.values_list("pk", flat=True)),
    }


def _rule_of(problem: Problem) -> tuple[Any, ...]:
    return (
        problem.rule_enabled,
        problem.rule_from,
        problem.rule_to,
        sorted(problem.areas.values_list("pk", flat=True)),
        sorted(problem.categories.values_list("pk", flat=True)),
    )


def actor_row(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


# --- the workflow ------------------------------------------------------------------------


def problem_step(
    *,
    actor: User | None,
    problem: Problem,
    status: str,
    reason: str,
    outcome: str = "",
    at: Any = None,
) -> ProblemStep:
    """Move the problem one step (see STEPS), with why. Closing needs an outcome.

    The reporters of its linked observations are told the new status. `at` is for the
    demo's history; it defaults to now.
    """
    require_change(actor, problem)
    to_status = status
    _check_step(problem, to_status, reason, outcome)
    now = at or timezone.now()
    with transaction.atomic():
        locked = Problem.objects.select_for_update().get(pk=problem.pk)
        # Checked again under the lock: somebody may have moved it meanwhile.
        _check_step(locked, to_status, reason, outcome)
        from_status = locked.status
        step = ProblemStep.objects.create(
            problem=locked,
            municipality_id=locked.municipality_id,
            from_status=from_status,
            to_status=to_status,
            outcome=outcome if to_status == S.CLOSED else "",
            reason=reason.strip(),
            at=now,
            by=actor_row(actor),
        )
        locked.status = to_status
        locked.outcome = outcome if to_status == S.CLOSED else ""
        locked.updated_at = now
        locked.save(update_fields=["status", "outcome", "updated_at"])
        audit.record(
            actor=actor,
            action="problem.reopen" if from_status == S.CLOSED else "problem.step",
            target=locked,
            changes={"status": [from_status, to_status], "outcome": locked.outcome},
        )
        problem_feedback(locked, status_message(locked), key=f"problem:{locked.pk}:step:{step.pk}")
    problem.status, problem.outcome, problem.updated_at = locked.status, locked.outcome, now
    return step


def _check_step(problem: Problem, to_status: str, reason: str, outcome: str) -> None:
    problems = text_problems({"reason": reason}, limit=REASON_MAX)
    if not reason.strip():
        problems["reason"] = "Skriv varför."
    if to_status not in S.values:
        problems["status"] = "Välj en status."
    elif to_status not in next_steps(problem.status):
        current = str(S(problem.status).label).lower()
        problems["status"] = f"Det steget går inte att ta från {current}."
    if to_status == S.CLOSED and outcome not in ProblemOutcome.values:
        problems["outcome"] = "Välj hur problemet avslutades: löst, minskat eller överlämnat."
    elif to_status != S.CLOSED and outcome:
        problems["outcome"] = "Utfall anges bara när problemet avslutas."
    if problems:
        raise ValidationError(problems)


def touch(problem: Problem, now: Any) -> None:
    Problem.objects.filter(pk=problem.pk).update(updated_at=now)
    problem.updated_at = now
