"""The weekly aggregate of counted observations (`WeeklyCount`), kept in step with writes.

An observation counts unless it was closed in review (rejected, or a duplicate of
another): what the weekly meeting sees is what happened, once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from samordna.reports.models import Observation, WeeklyCount
from samordna.reports.signals import observations_changed

COUNTED = ~Q(status=Observation.Status.CLOSED)

logger = logging.getLogger(__name__)


def counted_observations(municipality_id: int) -> QuerySet[Observation]:
    """The municipality's observations that count in pictures."""
    return Observation.objects.filter(COUNTED, municipality_id=municipality_id)


def refresh_counts(
    municipality_id: int,
    week_keys: Iterable[str] | None = None,
    observation_ids: Iterable[int] | None = None,
) -> int:
    """Rebuild the aggregate for the given weeks (all weeks when None); return its rows.

    Idempotent: it recomputes from the observations rather than adding deltas, so a
    missed call is repaired by the next one for the same week. After the commit it
    sends `reports.signals.observations_changed` for the same weeks and, when the writer
    gives them, the ids of the observations it wrote (listeners then look at those only).
    """
    weeks = None if week_keys is None else sorted(set(week_keys))
    if weeks == []:
        return 0
    observations = Observation.objects.filter(COUNTED, municipality_id=municipality_id)
    stored = WeeklyCount.objects.filter(municipality_id=municipality_id)
    if weeks is not None:
        observations = observations.filter(week_key__in=weeks)
        stored = stored.filter(week_key__in=weeks)
    groups = (
        observations.values_list("area_id", "category_id", "week_key", "tertial_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    with transaction.atomic():
        fresh = {(a, c, w, t): n for a, c, w, t, n in groups}
        _write_changed(municipality_id, fresh, stored)
        ids = None if observation_ids is None else sorted(set(observation_ids))
        transaction.on_commit(partial(_announce, municipality_id, weeks, ids))
    return len(fresh)


# area, category, week, tertial: a week that straddles two tertials has a row in each.
_Cell = tuple[int | None, int, str, str]


def _write_changed(
    municipality_id: int, fresh: dict[_Cell, int], stored: QuerySet[WeeklyCount]
) -> None:
    """Make the stored rows equal `fresh`, writing only the cells that differ: a new
    observation changes one cell of its week, not the week's hundred."""
    kept: dict[_Cell, tuple[int, int]] = {}
    gone = []
    rows = stored.values_list("pk", "area_id", "category_id", "week_key", "tertial_key", "count")
    for pk, area, category, week, tertial_key, count in rows:
        cell = (area, category, week, tertial_key)
        if cell in fresh and cell not in kept:
            kept[cell] = (pk, count)
        else:
            gone.append(pk)
    changed = [
        WeeklyCount(pk=pk, count=fresh[cell])
        for cell, (pk, count) in kept.items()
        if fresh[cell] != count
    ]
    new = [
        WeeklyCount(
            municipality_id=municipality_id,
            area_id=area,
            category_id=category,
            week_key=week,
            tertial_key=tertial_key,
            count=count,
        )
        for (area, category, week, tertial_key), count in fresh.items()
        if (area, category, week, tertial_key) not in kept
    ]
    for start in range(0, len(gone), 500):  # SQLite's limit on a query's parameters
        WeeklyCount.objects.filter(pk__in=gone[start : start + 500]).delete()
    WeeklyCount.objects.bulk_update(changed, ["count"], batch_size=500)
    WeeklyCount.objects.bulk_create(new, batch_size=2000)


def _announce(municipality_id: int, weeks: list[str] | None, ids: list[int] | None) -> None:
    """Tell the listeners; one that fails is logged and never undoes the committed write."""
    answers = observations_changed.send_robust(
        sender=Observation, municipality_id=municipality_id, week_keys=weeks, observation_ids=ids
    )
    for receiver, answer in answers:
        if isinstance(answer, Exception):
            logger.error(
                "observations_changed receiver %r failed",
                receiver,
                exc_info=(type(answer), answer, answer.__traceback__),
            )
