"""Writes of a cause analysis: its tools, its sharing and its numbered causes.

Each service checks the actor's right itself, validates everything before it writes
(shapes in `analysis.shapes`, personal data in every text; an error changes nothing)
and writes its audit event in the same transaction. `actor` None is the system (the
demo loader). Causes keep their numbers for ever: removing one deactivates it, so the
interventions and action-plan rows that point at "orsak 3" still mean the same cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import User
from samordna.core.policies import municipality_ids, policy_for
from samordna.interventions.text import TEXT_MAX, text_problems
from samordna.problems.analysis.shapes import CLEANERS, ITEM_MAX, LEVELS, ShapeError, texts
from samordna.problems.models import Cause, CauseAnalysis, Problem
from samordna.problems.policies import ANALYSIS_GROUP, ANALYSIS_READERS, writing_organisations

TEXT_FIELDS = ("summary", "sources")
FIELDS = (*TEXT_FIELDS, *CLEANERS)


def may_edit(user: User | None, problem: Problem) -> bool:
    """The analysis group of the municipality, and the problem's owner organisation."""
    if user is None:
        return True
    if problem.municipality_id in municipality_ids(user, ANALYSIS_GROUP):
        return True
    owner = problem.owner_organisation_id
    return owner is not None and writing_organisations(user).filter(organisation_id=owner).exists()


def may_share(user: User | None, problem: Problem) -> bool:
    """Only the analysis group decides who else reads the analysis."""
    return user is None or problem.municipality_id in municipality_ids(user, ANALYSIS_GROUP)


def may_view(user: User, problem: Problem, analysis: CauseAnalysis | None) -> bool:
    """As CauseAnalysisPolicy; before there is an analysis, as if it were unshared."""
    if analysis is not None:
        return CauseAnalysis.objects.restrict(user, "view").filter(pk=analysis.pk).exists()
    return may_edit(user, problem) or problem.municipality_id in municipality_ids(
        user, ANALYSIS_READERS
    )


def analysis_update(
    *, actor: User | None, problem: Problem, changes: Mapping[str, Any]
) -> CauseAnalysis:
    """Replace the given tools (and summary/sources) of the problem's analysis.

    Creates the analysis on its first save. ValidationError (by field) changes nothing.
    """
    if not may_edit(actor, problem):
        raise PermissionDenied("Bara analysgruppen och den ansvariga organisationen ändrar.")
    cleaned = check_analysis(changes)
    with transaction.atomic():
        analysis, created = CauseAnalysis.objects.select_for_update().get_or_create(
            problem=problem, defaults={"municipality_id": problem.municipality_id}
        )
        changed = [name for name, value in cleaned.items() if getattr(analysis, name) != value]
        if not changed and not created:
            return analysis  # nothing to save, nothing to record
        for name in changed:
            setattr(analysis, name, cleaned[name])
        analysis.updated_at = timezone.now()
        analysis.updated_by = actor if actor is not None and actor.pk else None
        analysis.save()
        # Field names only: the texts are in the row, and may be long.
        audit.record(
            actor=actor,
            action="cause_analysis.create" if created else "cause_analysis.update",
            target=analysis,
            changes={"fields": sorted(changed), "problem": problem.pk},
        )
    return analysis


def check_analysis(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes cleaned, or ValidationError listing every problem by field name."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in FIELDS:
            errors[name] = ["Okänt fält."]
        elif name in TEXT_FIELDS:
            if not isinstance(value, str):
                errors[name] = ["Ska vara text."]
            else:
                cleaned[name] = value.strip()
        else:
            try:
                cleaned[name] = CLEANERS[name](value)
            except ShapeError as error:
                errors[name] = error.messages
    for name, value in cleaned.items():
        problem = _text_problem(value, TEXT_MAX if name in TEXT_FIELDS else ITEM_MAX)
        if problem:
            errors.setdefault(name, []).append(problem)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _text_problem(value: Any, limit: int) -> str | None:
    for text in texts(value):
        found = text_problems({"text": text}, limit=limit)
        if found:
            return found["text"]
    return None


def analysis_share(*, actor: User | None, analysis: CauseAnalysis, shared: bool) -> None:
    """Share the analysis with every EST member of the municipality, or stop sharing."""
    policy = policy_for(CauseAnalysis)
    if actor is not None and (policy is None or not policy.can(actor, "share", analysis)):
        raise PermissionDenied("Bara analysgruppen bestämmer vem som läser analysen.")
    with transaction.atomic():
        locked = CauseAnalysis.objects.select_for_update().get(pk=analysis.pk)
        if locked.is_shared == shared:
            return
        locked.is_shared = shared
        locked.save(update_fields=["is_shared"])
        audit.record(
            actor=actor,
            action="cause_analysis.share",
            target=locked,
            changes={"is_shared": [not shared, shared]},
        )
    analysis.is_shared = shared


def cause_add(*, actor: User | None, problem: Problem, text: str, level: str = "") -> Cause:
    """Number a new probable cause: one above the highest number ever used."""
    if not may_edit(actor, problem):
        raise PermissionDenied("Bara analysgruppen och den ansvariga organisationen ändrar.")
    _check_cause(text, level)
    with transaction.atomic():
        analysis, created = CauseAnalysis.objects.select_for_update().get_or_create(
            problem=problem, defaults={"municipality_id": problem.municipality_id}
        )
        if created:
            audit.record(actor=actor, action="cause_analysis.create", target=analysis)
        # Inactive causes count too: a number is never given twice.
        top = analysis.causes.aggregate(top=Max("number"))["top"] or 0
        cause = Cause.objects.create(
            analysis=analysis,
            municipality_id=analysis.municipality_id,
            number=top + 1,
            text=text.strip(),
            level=level,
        )
        audit.record(
            actor=actor,
            action="cause.create",
            target=cause,
            changes={"analysis": analysis.pk, "number": cause.number, "level": level},
        )
    return cause


def _check_cause(text: str, level: str) -> None:
    errors = text_problems({"text": text}, limit=ITEM_MAX)
    if not text.strip():
        errors["text"] = "Skriv orsaken."
    if level and level not in LEVELS:
        errors["level"] = "Välj en nivå i listan."
    if errors:
        raise ValidationError(errors)


def cause_set_active(*, actor: User | None, cause: Cause, active: bool) -> None:
    """Deactivate a cause (it keeps its number) or take it back."""
    if not may_edit(actor, cause.analysis.problem):
        raise PermissionDenied("Bara analysgruppen och den ansvariga organisationen ändrar.")
    with transaction.atomic():
        locked = Cause.objects.select_for_update().get(pk=cause.pk)
        if locked.is_active == active:
            return
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="cause.reactivate" if active else "cause.deactivate",
            target=locked,
            changes={"number": locked.number, "is_active": [not active, active]},
        )
    cause.is_active = active
