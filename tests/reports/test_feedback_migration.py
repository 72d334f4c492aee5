"""Feedback written before items existed is grouped by migration 0012, and none is lost."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import timezone

from samordna.reports.models import Feedback, FeedbackItem
from tests.reports.factories import file_observation

migration = importlib.import_module("samordna.reports.migrations.0013_group_existing_feedback")

PICTURE = "Din iakttagelse är med i lägesbilden för vecka 47, 2026, som nu är fastställd."
CLOSED = "Samordnaren har avslutat din iakttagelse. Skäl: Fel kommun."


def _row(world, observation, kind, message, **times):
    return Feedback(
        observation=observation,
        municipality=world.a,
        recipient=world.user("reporter"),
        kind=kind,
        message=message,
        **times,
    )


def test_old_rows_become_one_item_per_event_and_keep_their_state(world):
    # given three identical picture rows (two read) and one read and mailed rejection
    now = timezone.now()
    pictured = [file_observation(world) for _ in range(3)]
    rows = [
        _row(world, o, "in_picture", PICTURE, read_at=now if i < 2 else None)
        for i, o in enumerate(pictured)
    ]
    rows.append(_row(world, file_observation(world), "closed", CLOSED, read_at=now, emailed_at=now))
    Feedback.objects.bulk_create(rows)
    # when the migration groups them
    migration.group(apps, None)
    # then the picture is one unread item about three, the rejection one read and mailed
    picture = FeedbackItem.objects.get(kind="in_picture")
    assert picture.message == "3 av dina iakttagelser kom med i lägesbilden för vecka 47, 2026."
    assert (picture.count, picture.read_at, picture.emailed_at) == (3, None, None)
    closed = FeedbackItem.objects.get(kind="closed")
    assert (closed.message, closed.count) == (CLOSED, 1)
    assert closed.read_at is not None
    assert closed.emailed_at is not None
    # and every row is still there, each in its item
    assert Feedback.objects.count() == 4
    assert not Feedback.objects.filter(item__isnull=True).exists()
    assert picture.rows.count() == 3
    # and running it again groups nothing twice
    migration.group(apps, None)
    assert FeedbackItem.objects.count() == 2
