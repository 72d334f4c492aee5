"""The audit log: append-only in the application and in the database, unforgeable."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from samordna.core import audit, services
from samordna.core.models import AuditEvent, Municipality
from samordna.core.roles import Role
from tests.conftest import EXTRA_ACTORS


@pytest.fixture
def event(db) -> AuditEvent:
    with transaction.atomic():
        return audit.record(actor=None, action="test.event", changes={"a": 1})


def test_the_database_refuses_updates(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'forged'")
    event.refresh_from_db()
    assert event.action == "test.event"


def test_the_database_refuses_deletes(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk)._raw_delete(using="default")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_application_has_no_update_or_delete_path(event):
    event.action = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    event.refresh_from_db()
    assert event.action == "test.event"


def test_recording_outside_a_transaction_is_a_programming_error(db, monkeypatch):
    # The test itself runs in a transaction, so pretend the connection is in autocommit.
    autocommit = SimpleNamespace(in_atomic_block=False)
    monkeypatch.setattr(audit.transaction, "get_connection", lambda: autocommit)
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="test.outside")
    monkeypatch.undo()
    assert not AuditEvent.objects.filter(action="test.outside").exists()


def test_control_characters_cannot_forge_entries(db, caplog):
    forged = "Torget\n2026-11-21 12:00 admin organisation.delete\r\x1b[2J\u2028"
    with caplog.at_level(logging.INFO, logger="samordna.audit"):
        municipality = services.municipality_create(
            actor=None, name=forged[:100], slug="forge", code="9999"
        )

    event = AuditEvent.objects.get(action="municipality.create", target_id=str(municipality.pk))
    assert "\n" not in event.target_label
    assert "\r" not in event.target_label
    assert "\x1b" not in event.target_label
    assert "\\n2026-11-21" in event.target_label
    assert "\x1b" not in event.changes["name"]
    assert "\n" not in event.changes["name"]
    # The log line is one JSON object with ids only: no names, no changes.
    [line] = [r.getMessage() for r in caplog.records if r.name == "samordna.audit"]
    assert "\n" not in line
    assert "Torget" not in line
    assert json.loads(line)["audit"] == "municipality.create"


def test_a_failed_service_leaves_neither_row_nor_event(db):
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.municipality_create(actor=None, name="Fel", slug="fel", code="12")

    assert not Municipality.objects.filter(slug="fel").exists()
    assert AuditEvent.objects.count() == events_before


def test_every_core_service_writes_one_event(world):
    # The world was built only through services: one event per object written.
    counted = {
        "municipality.create": 2,
        "organisation.create": 4,
        "area.create": 2,
        "place.create": 1,
        # One user and one membership per role in each of three organisations; and the
        # actors of EXTRA_ACTORS, with three memberships among them in the spanning
        # police area (B2 is the fourth organisation).
        "user.create": 3 * len(Role) + len(EXTRA_ACTORS),
        "membership.create": 3 * len(Role) + 3,
    }
    for action, expected in counted.items():
        assert AuditEvent.objects.filter(action=action).count() == expected, action
    assert AuditEvent.objects.count() == sum(counted.values())


def test_events_carry_the_request_id_and_channel(client, world):
    admin = world.user("admin")
    client.force_login(admin)
    response = client.post("/byt-roll/", {"membership": admin.memberships.get().pk})
    login_event = AuditEvent.objects.filter(action="auth.login").latest("id")

    assert login_event.channel in {"web", "cli"}
    assert len(response["X-Request-ID"]) == 32


def test_admins_browse_and_filter_their_own_log_only(client, world):
    client.force_login(world.user("admin"))

    page = client.get("/granskningslogg/", {"action": "place."})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Alfatorget" in html
    assert "Hemligområdet Alfa" not in html  # filtered out: an area event
    assert "Hemligområdet Beta" not in html  # another municipality

    everything = client.get("/granskningslogg/").content.decode()
    assert "Hemligområdet Alfa" in everything
    assert "Hemligområdet Beta" not in everything


def test_the_log_is_paginated(client, world):
    client.force_login(world.user("admin"))
    with transaction.atomic():
        for i in range(60):
            audit.record(actor=None, action=f"test.bulk{i}", municipality=world.a)

    first = client.get("/granskningslogg/", {"action": "test.bulk"})
    second = client.get("/granskningslogg/", {"action": "test.bulk", "page": 2})

    assert first.context["page"].paginator.count == 60
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 10
    assert "action=test.bulk&amp;page=2" in first.content.decode()
