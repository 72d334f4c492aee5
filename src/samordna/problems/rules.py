"""A problem's rule: the observations it links by itself, kept up to date.

The rule is the problem's areas + categories (a group category takes in every category
under it) + period (`rule_from`, to `rule_to` or open). Observations closed in review
(rejected, duplicates) never match. Rule links are `via="rule"`; a link made by hand
is never touched by the rule, and an observation someone linked by hand stays manual.

`refresh_rule_links` runs in full (every observation of the municipality) when the rule
or its areas or categories change (the services) and from cron (`samordna
refresh_problem_links`), so a missed signal is repaired on the next run. After a write of
observations (the `reports.signals.observations_changed` receiver, see apps.py) it runs
for the written observations only, with the same condition: a submission's cost does not
grow with the history.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from samordna.analysis.periods import day_bounds
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
    # Stockholm days as a range of the indexed timestamp: `occurred_from__date` would
    # call a Python function for every row on SQLite.
    start, end = day_bounds(problem.rule_from, problem.rule_to)
    condition = Q(
        municipality_id=problem.municipality_id,
        area_id__in=area_ids,
        category_id__in=with_descendants(category_ids),
        occurred_from__gte=start,
    ) & ~Q(status=Observation.Status.CLOSED)
    if problem.rule_to:
        condition &= Q(occurred_from__lt=end)
    return Observation.objects.filter(condition)


def _scoped(problem: Problem, scope: Q | None) -> tuple[set[int], dict[int, str]]:
    """The rule's matches and the problem's links (observation -> via), within `scope`."""
    matches = rule_matches(problem)
    links = ProblemObservation.objects.filter(problem=problem)
    if scope is not None:
        matches = matches.filter(scope)
        links = links.filter(observation__in=Observation.objects.filter(scope).values("pk"))
    return set(matches.values_list("pk", flat=True)), dict(
        links.values_list("observation_id", "via")
    )


def refresh_rule_links(problem: Problem, scope: Q | None = None) -> tuple[int, int]:
    """Link what the rule matches and unlink rule links it no longer does: (added, removed).

    `scope` (a condition on observations) limits both to the observations just written;
    None looks at all of them. Manual links stay as they are. Newly linked observations'
    reporters are told (feedback `linked`). Writes one audit event when anything changed.
    """

    with transaction.atomic():
        matching, links = _scoped(problem, scope)
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


# More changed observations than this are found by their weeks instead (SQLite's limit
# on a query's parameters, and a bulk import's ids are not known one by one).
MAX_IDS = 500


def changed_scope(
    municipality_id: int,
    week_keys: Collection[str] | None = None,
    observation_ids: Collection[int] | None = None,
) -> Q | None:
    """The observations a write changed: by id, else by week; None when any may have."""
    if observation_ids is not None and len(observation_ids) <= MAX_IDS:
        return Q(municipality_id=municipality_id, pk__in=sorted(observation_ids))
    if week_keys is not None:
        return Q(municipality_id=municipality_id, week_key__in=sorted(week_keys))
    return None


def refresh_changed(municipality_id: int, scope: Q) -> tuple[int, int]:
    """Refresh the open rule problems for the observations in `scope`: those whose areas
    hold one of them, or that have a rule link to one; the sums of (added, removed)."""
    changed = Observation.objects.filter(scope)
    linked = ProblemObservation.objects.filter(
        via=LinkVia.RULE, observation__in=changed.values("pk")
    ).values("problem_id")
    in_areas = Problem.areas.through.objects.filter(area_id__in=changed.values("area_id")).values(
        "problem_id"
    )
    # One query, subqueries only: no join, so no duplicate rows to take out.
    touched = open_rule_problems(municipality_id).filter(Q(pk__in=in_areas) | Q(pk__in=linked))
    added = removed = 0
    for problem in touched:
        a, r = refresh_rule_links(problem, scope)
        added, removed = added + a, removed + r
    return added, removed


def on_observations_changed(
    sender: Any,
    municipality_id: int,
    week_keys: Collection[str] | None = None,
    observation_ids: Collection[int] | None = None,
    **kwargs: Any,
) -> None:
    """Receiver of `reports.signals.observations_changed` (connected in apps.py): queue
    the refresh, so that filing a report never waits for the problems' rule links (nor
    their feedback to reporters); only the changed observations when the writer said
    which (by id or week), else all."""
    ids = sorted(observation_ids) if observation_ids is not None else None
    if ids is not None and len(ids) > MAX_IDS:
        ids = None  # found by their weeks instead (the task's arguments stay small)
    weeks = sorted(week_keys) if week_keys is not None and ids is None else None
    try:
        rule_links_task.enqueue(municipality_id, weeks, ids)
    except Exception:  # the observations are saved; cron repairs the links
        logger.exception("Problem rule links not queued for municipality %s", municipality_id)


@task()
def rule_links_task(
    municipality_id: int, week_keys: list[str] | None, observation_ids: list[int] | None
) -> str:
    """The open rule problems' links for the observations a write changed (all of the
    municipality's when the writer could not say which); "added, removed" counts."""
    try:
        scope = changed_scope(municipality_id, week_keys, observation_ids)
        if scope is None:
            refresh_municipality(municipality_id)
            return "all"
        added, removed = refresh_changed(municipality_id, scope)
    except Exception:  # the observations are saved; cron repairs the links
        logger.exception("Problem rule links not refreshed for municipality %s", municipality_id)
        raise
    return f"{added} added, {removed} removed"
