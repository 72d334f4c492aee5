"""A problem's rule: the observations it links by itself, kept up to date.

The rule is the problem's areas + categories (a group category takes in every category
under it) + period (`rule_from`, to `rule_to` or open). Observations closed in review
(rejected, duplicates) never match. Rule links are `via="rule"`; a link made by hand
is never touched by the rule, and an observation someone linked by hand stays manual.

`refresh_rule_links` runs when the rule or its areas or categories change (the
services), after every write of observations (the `reports.signals.observations_changed`
receiver, see apps.py) and from cron (`samordna refresh_problem_links`), so a missed
signal is repaired on the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from samordna.core import audit
from samordna.problems.feedback import linked_feedback
from samordna.problems.models import LinkVia, Problem, ProblemObservation, ProblemStatus
from samordna.reports.models import Category, Observation

logger = logging.getLogger(__name__)

# How deep the category tree goes (national group -> leaf, and a local sub-category).
_MAX_DEPTH = 4


def with_descendants(category_ids: Iterable[int]) -> set[int]:
    """The categories and every category under them."""
    found = set(category_ids)
    frontier = set(found)
    for _level in range(_MAX_DEPTH):
        children = set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - found
        if not frontier:
            break
        found |= frontier
    return found


def rule_matches(problem: Problem) -> QuerySet[Observation]:
    """The observations the problem's rule takes in (none when it is off or incomplete)."""
    area_ids = list(problem.areas.values_list("pk", flat=True))
    category_ids = list(problem.categories.values_list("pk", flat=True))
    if not problem.rule_enabled or not area_ids or not category_ids or not problem.rule_from:
        return Observation.objects.none()
    condition = Q(
        municipality_id=problem.municipality_id,
        area_id__in=area_ids,
        category_id__in=with_descendants(category_ids),
        occurred_from__date__gte=problem.rule_from,
    ) & ~Q(status=Observation.Status.CLOSED)
    if problem.rule_to:
        condition &= Q(occurred_from__date__lte=problem.rule_to)
    return Observation.objects.filter(condition)


def refresh_rule_links(problem: Problem) -> tuple[int, int]:
    """Link what the rule matches and unlink rule links it no longer does: (added, removed).

    Manual links stay as they are. Newly linked observations' reporters are told
    (feedback `linked`). Writes one audit event when anything changed.
    """

    with transaction.atomic():
        matching = set(rule_matches(problem).values_list("pk", flat=True))
        links = dict(
            ProblemObservation.objects.filter(problem=problem).values_list("observation_id", "via")
        )
        stale = [pk for pk, via in links.items() if via == LinkVia.RULE and pk not in matching]
        new = sorted(matching - links.keys())
        if stale:
            ProblemObservation.objects.filter(
                problem=problem, via=LinkVia.RULE, observation_id__in=stale
            ).delete()
        if new:
            now = timezone.now()
            ProblemObservation.objects.bulk_create(
                [
                    ProblemObservation(
                        problem=problem, observation_id=pk, via=LinkVia.RULE, added_at=now
                    )
                    for pk in new
                ],
                batch_size=1000,
                ignore_conflicts=True,
            )
            linked_feedback(problem, new)
        if new or stale:
            audit.record(
                actor=None,
                action="problem.rule_refresh",
                target=problem,
                changes={"added": len(new), "removed": len(stale)},
            )
    return len(new), len(stale)


def open_rule_problems(municipality_id: int | None = None) -> QuerySet[Problem]:
    """The problems whose rule is kept up to date: rule on, not closed."""
    rows = Problem.objects.filter(rule_enabled=True).exclude(status=ProblemStatus.CLOSED)
    if municipality_id is not None:
        rows = rows.filter(municipality_id=municipality_id)
    return rows.order_by("pk")


def refresh_municipality(municipality_id: int | None = None) -> tuple[int, int]:
    """Refresh every open rule problem (of one municipality); the sums of (added, removed)."""
    added = removed = 0
    for problem in open_rule_problems(municipality_id):
        a, r = refresh_rule_links(problem)
        added, removed = added + a, removed + r
    return added, removed


def on_observations_changed(sender: Any, municipality_id: int, **kwargs: Any) -> None:
    """Receiver of `reports.signals.observations_changed` (connected in apps.py)."""
    try:
        refresh_municipality(municipality_id)
    except Exception:  # the observations are saved; cron repairs the links
        logger.exception("Problem rule links not refreshed for municipality %s", municipality_id)
