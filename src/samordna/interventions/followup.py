"""Following up an intervention (*uppföljning*): production, process and effect.

- production: was it done (yes / partly / no), with a note;
- process: how and why it went as it did, what it cost and how many hours;
- effect: counted observations in the target (A), buffer (B) and control (C) areas in
  two periods of equal length, frozen in `counts` and evaluated by
  `samordna.analysis.displacement` (`result`, `verdict`).

The owner organisation's people and the coordinators follow up (FollowUpPolicy "add":
those who may report on the intervention). Validation first, by field, in Swedish;
the follow-up and its audit event in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import User
from samordna.core.policies import policy_for
from samordna.interventions import effect
from samordna.interventions.feedback import followup_tell
from samordna.interventions.models import FollowUp, Intervention
from samordna.interventions.services import COST_MAX, HOURS_MAX
from samordna.interventions.text import text_problems
from samordna.reports.models import Category

NOTE_MAX = 4000


@dataclass(frozen=True)
class FollowUpInput:
    kind: str
    done: str = ""
    note: str = ""
    cost_sek: int | None = None
    hours: int | None = None
    source: str = ""
    categories: Sequence[Category] = field(default_factory=tuple)
    before_from: date | None = None
    before_to: date | None = None
    after_from: date | None = None
    after_to: date | None = None


def may_follow_up(actor: User, intervention: Intervention) -> bool:
    """Those who may report on the intervention (FollowUpPolicy "add")."""
    policy = policy_for(Intervention)
    return policy is not None and policy.can(actor, "report", intervention)


def categories_of(municipality_id: int) -> Any:
    """Categories an effect follow-up may count: national ones and the municipality's."""
    return Category.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=municipality_id), is_active=True
    ).order_by("sort_order", "name")


def followup_create(
    *, actor: User | None, intervention: Intervention, data: FollowUpInput
) -> FollowUp:
    """Write one follow-up; an effect follow-up counts and evaluates as it is written.

    `actor` None is the system (the demo loader). ValidationError changes nothing.
    """
    if actor is not None and not may_follow_up(actor, intervention):
        raise PermissionDenied("Bara den ansvariga organisationen och samordnarna följer upp.")
    check_followup(intervention, data)
    with transaction.atomic():
        follow_up = FollowUp(
            intervention=intervention,
            municipality_id=intervention.municipality_id,
            kind=data.kind,
            note=data.note.strip(),
            at=timezone.now(),
            by=actor if actor is not None and actor.pk else None,
        )
        if data.kind == FollowUp.Kind.PRODUCTION:
            follow_up.done = data.done
        elif data.kind == FollowUp.Kind.PROCESS:
            follow_up.cost_sek, follow_up.hours = data.cost_sek, data.hours
        else:
            _evaluate(follow_up, intervention, data)
        follow_up.save()
        if data.kind == FollowUp.Kind.EFFECT:
            follow_up.categories.set(data.categories)
        followup_tell(intervention, follow_up)
        audit.record(
            actor=actor,
            action="intervention.follow_up",
            target=intervention,
            changes={
                "follow_up": follow_up.pk,
                "kind": data.kind,
                "counts": follow_up.counts or None,
            },
        )
    return follow_up


def _evaluate(follow_up: FollowUp, intervention: Intervention, data: FollowUpInput) -> None:
    """Count A, B and C before and after, freeze the counts, keep the evaluation."""
    before, after = _periods(data)
    follow_up.source = data.source
    follow_up.before_from, follow_up.before_to = before
    follow_up.after_from, follow_up.after_to = after
    rows = effect.observations(intervention.municipality, data.categories)
    target = list(intervention.areas.all())
    counts = effect.period_counts(
        rows,
        target=target,
        buffer=list(intervention.buffer_areas.all()),
        control=list(intervention.control_areas.all()),
        before=before,
        after=after,
    )
    history = effect.target_history(rows, target, before)
    evaluation = effect.evaluate(counts, history)
    follow_up.counts = counts
    follow_up.result = {
        **effect.as_json(evaluation),
        "history": history,
        "police": effect.police_context(intervention.municipality, data.categories, before, after),
    }
    follow_up.verdict = evaluation.verdict


def check_followup(intervention: Intervention, data: FollowUpInput) -> None:
    """Raise ValidationError listing every problem with `data`, by field name."""
    problems = text_problems({"note": data.note}, limit=NOTE_MAX)
    if data.kind not in FollowUp.Kind.values:
        problems["kind"] = "Välj vilket slags uppföljning det är."
    elif data.kind == FollowUp.Kind.PRODUCTION:
        if data.done not in FollowUp.Done.values:
            problems["done"] = "Svara ja, delvis eller nej."
    elif data.kind == FollowUp.Kind.PROCESS:
        if not data.note.strip() and "note" not in problems:
            problems["note"] = "Beskriv hur arbetet gick och varför."
        for name, limit in (("cost_sek", COST_MAX), ("hours", HOURS_MAX)):
            value = getattr(data, name)
            if value is not None and not 0 <= value <= limit:
                problems[name] = "Ange ett heltal, 0 eller mer."
    else:
        _check_effect(intervention, data, problems)
    if problems:
        raise ValidationError(problems)


def _check_effect(
    intervention: Intervention, data: FollowUpInput, problems: dict[str, str]
) -> None:
    if data.source == FollowUp.Source.POLICE:
        problems["source"] = (
            "Polisens händelser kan inte delas upp på insats-, buffert- och "
            "kontrollområde: de har ingen plats finare än kommunen. Välj iakttagelser."
        )
    elif data.source != FollowUp.Source.OBSERVATIONS:
        problems["source"] = "Välj vad som ska räknas."
    if any(c.municipality_id not in (None, intervention.municipality_id) for c in data.categories):
        problems["categories"] = "Kategorin finns inte i den här kommunen."
    missing = [
        name
        for name in ("areas", "buffer_areas", "control_areas")
        if not getattr(intervention, name).exists()
    ]
    if missing:
        problems["areas"] = (
            "Ange insatsområde, buffertområde och kontrollområde på insatsen innan "
            "effekten följs upp."
        )
    dates = {
        name: getattr(data, name) for name in ("before_from", "before_to", "after_from", "after_to")
    }
    for name, value in dates.items():
        if value is None:
            problems[name] = "Ange ett datum."
    if any(value is None for value in dates.values()):
        return
    (before_from, before_to), (after_from, after_to) = _periods(data)
    if before_to < before_from:
        problems["before_to"] = "Perioden slutar innan den börjar."
    if after_to < after_from:
        problems["after_to"] = "Perioden slutar innan den börjar."
    if problems.keys() & {"before_to", "after_to"}:
        return
    if before_to >= after_from:
        problems["after_from"] = "Efterperioden måste börja efter att förperioden har slutat."
    elif (before_to - before_from) != (after_to - after_from):
        problems["after_to"] = "Före- och efterperioden måste vara lika långa."
    if after_to >= timezone.localdate():
        problems["after_to"] = "Efterperioden måste ha tagit slut (senast i går)."


def _periods(data: FollowUpInput) -> tuple[tuple[date, date], tuple[date, date]]:
    """(before, after) as (first, last) days; only called once all four are given."""
    if (
        data.before_from is None
        or data.before_to is None
        or data.after_from is None
        or data.after_to is None
    ):
        raise ValueError("all four dates of an effect follow-up are needed")
    return (data.before_from, data.before_to), (data.after_from, data.after_to)
