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
    stale = WeeklyCount.objects.filter(municipality_id=municipality_id)
    if weeks is not None:
        observations = observations.filter(week_key__in=weeks)
        stale = stale.filter(week_key__in=weeks)
    groups = (
        observations.values("area_id", "category_id", "week_key", "tertial_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    with transaction.atomic():
        stale.delete()
        rows = [
            WeeklyCount(
                municipality_id=municipality_id,
                area_id=g["area_id"],
                category_id=g["category_id"],
                week_key=g["week_key"],
                tertial_key=g["tertial_key"],
                count=g["n"],
            )
            for g in groups
        ]
        WeeklyCount.objects.bulk_create(rows, batch_size=2000)
        ids = None if observation_ids is None else sorted(set(observation_ids))
        transaction.on_commit(partial(_announce, municipality_id, weeks, ids))
    return len(rows)


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
