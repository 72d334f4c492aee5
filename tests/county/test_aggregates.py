"""The county's aggregates: filled when a week picture is confirmed (the situation
signal), replaced by a confirmed correction, rebuilt by the backfill."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase

from samordna.county.aggregates import backfill, store_picture
from samordna.county.models import ConfirmedWeek, WeekCount
from samordna.situation import services
from tests.county.factories import DAMAGE, LITTER, confirmed_week
from tests.situation.factories import observe

WEEK = "2026-W40"


def _stored(municipality) -> dict[str, int]:
    return dict(
        WeekCount.objects.filter(municipality=municipality).values_list("category_code", "count")
    )


def test_confirming_a_week_picture_stores_its_counts(world):
    # given seven observations in A's week
    observe(world, WEEK, 7)
    coordinator = world.user("coordinator")
    picture = services.picture_prepare(actor=coordinator, municipality=world.a, key=WEEK)
    assert not ConfirmedWeek.objects.exists()
    # when the picture is confirmed
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(actor=coordinator, picture=picture)
    # then the county's aggregates hold its counts, and nothing of B
    week = ConfirmedWeek.objects.get()
    assert (week.municipality_id, week.week_key, week.total) == (world.a.pk, WEEK, 7)
    assert _stored(world.a) == {DAMAGE: 7}
    assert week.picture_id == picture.pk


def test_a_confirmed_correction_replaces_the_week_and_an_older_version_never_does(world):
    first = confirmed_week(world.a, WEEK, {DAMAGE: 9})
    correction = confirmed_week(world.a, WEEK, {DAMAGE: 4, LITTER: 6}, version=2)
    assert store_picture(correction)
    assert _stored(world.a) == {DAMAGE: 4, LITTER: 6}
    assert not store_picture(first)
    assert _stored(world.a) == {DAMAGE: 4, LITTER: 6}
    assert ConfirmedWeek.objects.get().version == 2


def test_the_backfill_rebuilds_the_same_rows(world):
    confirmed_week(world.a, WEEK, {DAMAGE: 3, LITTER: 2})
    confirmed_week(world.b, "2026-W41", {LITTER: 8})
    before = sorted(
        WeekCount.objects.values_list("municipality_id", "week_key", "category_code", "count")
    )
    ConfirmedWeek.objects.all().delete()
    assert backfill() == 2
    after = sorted(
        WeekCount.objects.values_list("municipality_id", "week_key", "category_code", "count")
    )
    assert after == before
    out = io.StringIO()
    call_command("county_backfill", "--municipality", world.a.slug, stdout=out)
    assert out.getvalue().startswith("1 fastställda")
    assert backfill() == 2  # idempotent: the same rows again
    assert ConfirmedWeek.objects.count() == 2
