"""The harness's "changed nothing" check must itself be able to fail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore

from samordna.core.bulk import insert_rows
from samordna.core.models import Municipality
from tests.permissions import recording_writes, row_counts


def test_an_update_that_changes_a_row_is_recorded(world):
    with recording_writes() as recorder:
        Municipality.objects.filter(pk=world.a.pk).update(name="Ändrad")

    assert len(recorder.writes) == 1
    assert "UPDATE" in recorder.writes[0]


def test_a_statement_that_changes_no_row_is_not_a_change(world):
    with recording_writes() as recorder:
        Municipality.objects.filter(pk=-1).update(name="Ingen")
        Municipality.objects.filter(pk=-1).delete()
        list(Municipality.objects.all())

    assert recorder.writes == []


def test_inserts_and_deletes_are_recorded(world):
    with recording_writes() as recorder:
        created = ContentType.objects.create(app_label="probe", model="probe")
        created.delete()

    assert len(recorder.writes) == 2


def test_sessions_are_not_changes(world):
    with recording_writes() as recorder:
        SessionStore().create()

    assert recorder.writes == []


def test_row_counts_see_rows_written_past_the_statement_level(world):
    # On PostgreSQL insert_rows uses COPY, which no execute wrapper sees.
    before = row_counts()

    insert_rows(ContentType, ["app_label", "model"], [("probe", "one"), ("probe", "two")])

    assert row_counts() != before
