"""Linking observations and police events to a problem by hand, and unlinking them.

The rule's own links are kept by `problems.rules`; here a person chooses. Every change
is audited, and reporters of newly linked observations are told (`problems.feedback`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import User
from samordna.integrations.models import ExternalEvent
from samordna.problems.feedback import linked_feedback
from samordna.problems.models import LinkVia, Problem, ProblemObservation, ProblemPoliceEvent
from samordna.problems.services import actor_row, require_change, touch
from samordna.reports.models import Observation

# Manual links at once: a page of checkboxes, or an API call.
LINK_MAX = 500


def problem_link_observations(
    *, actor: User | None, problem: Problem, observations: Iterable[Observation]
) -> int:
    """Link observations by hand; returns how many were new. A rule link becomes manual,
    so it stays whatever the rule does later. The actor links only what they may see."""
    require_change(actor, problem)
    chosen = _checked_observations(actor, problem, observations)
    with transaction.atomic():
        existing = dict(
            ProblemObservation.objects.filter(
                problem=problem, observation_id__in=chosen
            ).values_list("observation_id", "via")
        )
        new = [pk for pk in chosen if pk not in existing]
        to_manual = [pk for pk, via in existing.items() if via == LinkVia.RULE]
        now = timezone.now()
        ProblemObservation.objects.bulk_create(
            [
                ProblemObservation(
                    problem=problem, observation_id=pk, added_at=now, added_by=actor_row(actor)
                )
                for pk in new
            ]
        )
        if to_manual:
            ProblemObservation.objects.filter(problem=problem, observation_id__in=to_manual).update(
                via=LinkVia.MANUAL, added_by=actor_row(actor)
            )
        if new or to_manual:
            linked_feedback(problem, new)
            touch(problem, now)
            audit.record(
                actor=actor,
                action="problem.link_observations",
                target=problem,
                changes={"added": new, "made_manual": to_manual},
            )
    return len(new)


def problem_unlink_observations(
    *, actor: User | None, problem: Problem, observations: Iterable[Observation]
) -> int:
    """Unlink observations linked by hand; the rule's own links follow the rule."""
    require_change(actor, problem)
    chosen = _checked_observations(actor, problem, observations)
    by_rule = ProblemObservation.objects.filter(
        problem=problem, observation_id__in=chosen, via=LinkVia.RULE
    )
    if by_rule.exists():
        raise ValidationError(
            {
                "observations": "Iakttagelser som regeln har kopplat tas bort genom att "
                "ändra regeln (område, kategori eller period)."
            }
        )
    with transaction.atomic():
        removed, _detail = ProblemObservation.objects.filter(
            problem=problem, observation_id__in=chosen
        ).delete()
        if removed:
            touch(problem, timezone.now())
            audit.record(
                actor=actor,
                action="problem.unlink_observations",
                target=problem,
                changes={"removed": chosen},
            )
    return removed


def _checked_observations(
    actor: User | None, problem: Problem, observations: Iterable[Observation]
) -> list[int]:
    ids = sorted({o.pk for o in observations})
    if not ids:
        raise ValidationError({"observations": "Välj minst en iakttagelse."})
    if len(ids) > LINK_MAX:
        raise ValidationError({"observations": f"Högst {LINK_MAX} iakttagelser åt gången."})
    allowed = Observation.objects.filter(pk__in=ids, municipality_id=problem.municipality_id)
    if actor is not None:
        allowed = allowed & Observation.objects.restrict(actor, "view")
    if allowed.count() != len(ids):
        raise ValidationError(
            {"observations": "Någon av iakttagelserna finns inte, eller så får du inte se den."}
        )
    return ids


def problem_link_police_events(
    *, actor: User | None, problem: Problem, events: Iterable[ExternalEvent]
) -> int:
    """Link police events of the problem's municipality; returns how many were new."""
    require_change(actor, problem)
    ids = _checked_events(problem, events)
    with transaction.atomic():
        existing = set(
            ProblemPoliceEvent.objects.filter(problem=problem, event_id__in=ids).values_list(
                "event_id", flat=True
            )
        )
        new = [pk for pk in ids if pk not in existing]
        now = timezone.now()
        ProblemPoliceEvent.objects.bulk_create(
            [
                ProblemPoliceEvent(
                    problem=problem, event_id=pk, added_at=now, added_by=actor_row(actor)
                )
                for pk in new
            ]
        )
        if new:
            touch(problem, now)
            audit.record(
                actor=actor,
                action="problem.link_police_events",
                target=problem,
                changes={"added": new},
            )
    return len(new)


def problem_unlink_police_events(
    *, actor: User | None, problem: Problem, events: Iterable[ExternalEvent]
) -> int:
    require_change(actor, problem)
    ids = _checked_events(problem, events)
    with transaction.atomic():
        removed, _detail = ProblemPoliceEvent.objects.filter(
            problem=problem, event_id__in=ids
        ).delete()
        if removed:
            touch(problem, timezone.now())
            audit.record(
                actor=actor,
                action="problem.unlink_police_events",
                target=problem,
                changes={"removed": ids},
            )
    return removed


def _checked_events(problem: Problem, events: Iterable[ExternalEvent]) -> list[int]:
    ids = sorted({e.pk for e in events})
    if not ids:
        raise ValidationError({"events": "Välj minst en polishändelse."})
    if len(ids) > LINK_MAX:
        raise ValidationError({"events": f"Högst {LINK_MAX} händelser åt gången."})
    found = ExternalEvent.objects.filter(
        pk__in=ids, municipality_id=problem.municipality_id, source=ExternalEvent.Source.POLISEN
    ).count()
    if found != len(ids):
        raise ValidationError({"events": "Någon av händelserna hör inte till den här kommunen."})
    return ids
