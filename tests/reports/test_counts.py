"""The weekly aggregate follows each write, cell by cell, and equals a full rebuild."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.reports.counts import refresh_counts
from samordna.reports.models import WeeklyCount
from samordna.reports.review import observation_correct, observation_reject
from tests.reports.factories import category, file_observation


def _cells(world):
    rows = WeeklyCount.objects.filter(municipality=world.a).values_list(
        "area_id", "category_id", "week_key", "tertial_key", "count"
    )
    return {(area, cat, week, tertial): count for area, cat, week, tertial, count in rows}


def test_a_new_observation_rewrites_only_its_own_cell(world):
    # given two cells of this week
    file_observation(world)
    file_observation(world, category=category("nedskrapning-dumpning"))
    rows = dict(WeeklyCount.objects.values_list("category_id", "pk"))
    # when one more klotter observation is filed
    observation = file_observation(world)
    # then its cell counts two, in the same row; the other cell's row is untouched
    after = dict(WeeklyCount.objects.values_list("category_id", "pk"))
    assert after == rows
    assert WeeklyCount.objects.get(category=observation.category).count == 2


def test_the_cells_after_each_write_equal_a_full_rebuild(world):
    # given observations filed, one moved to another week, one rejected
    coordinator = world.user("coordinator")
    observations = [file_observation(world) for _ in range(3)]
    file_observation(world, category=category("nedskrapning-dumpning"))
    earlier = timezone.now() - timedelta(days=9)
    observation_correct(actor=coordinator, observation=observations[0], occurred_from=earlier)
    observation_reject(actor=coordinator, observation=observations[1], reason="Fel plats")
    incremental = _cells(world)
    # when the whole aggregate is rebuilt
    WeeklyCount.objects.all().delete()
    rows = refresh_counts(world.a.pk)
    # then it holds the same cells
    assert _cells(world) == incremental
    assert rows == len(incremental) == 3
