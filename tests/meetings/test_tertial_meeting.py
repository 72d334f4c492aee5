"""The tertial meeting: its own agenda, its attendance, its page and minutes; the weekly
meeting keeps its own agenda."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.meetings import agenda, services
from samordna.meetings.models import Meeting
from samordna.meetings.tertial import tertial_meeting_start
from tests.meetings.factories import start_meeting

KEY = "2025-T3"


def test_the_tertial_meeting_has_its_own_agenda(world):
    meeting = tertial_meeting_start(actor=world.user("coordinator"), municipality=world.a, key=KEY)
    items = list(meeting.agenda_items.order_by("number").values_list("key", "title"))
    assert [k for k, _ in items] == list(agenda.TERTIAL_KEYS)
    titles = [t for _, t in items]
    assert titles[0] == "Närvaro"
    assert "Utveckling åt fel håll" in titles
    assert "Val av problem för orsaksanalys" in titles
    assert "Källor och deras begränsningar" in titles
    assert all(len(k) <= 20 for k in agenda.TERTIAL_KEYS)  # AgendaItem.key max_length
    assert meeting.attendance.exists()


def test_the_weekly_meeting_keeps_its_agenda(world):
    weekly = start_meeting(world)
    keys = list(weekly.agenda_items.order_by("number").values_list("key", flat=True))
    assert keys == list(agenda.KEYS)
    tertial = tertial_meeting_start(actor=world.user("coordinator"), municipality=world.a, key=KEY)
    assert weekly.pk != tertial.pk
    assert Meeting.objects.filter(kind=Meeting.Kind.EST_WEEKLY).count() == 1


def test_a_week_is_no_tertial_meeting(world):
    with pytest.raises(ValidationError):
        tertial_meeting_start(actor=world.user("coordinator"), municipality=world.a, key="2025-W40")
    assert not Meeting.objects.exists()


def test_the_weekly_services_run_the_tertial_meeting(world, client):
    meeting = tertial_meeting_start(actor=world.user("coordinator"), municipality=world.a, key=KEY)
    coordinator = world.user("coordinator")
    item = meeting.agenda_items.get(key=agenda.TERTIAL_SELECTION)
    services.agenda_item_update(actor=coordinator, item=item, notes="Klottret väljs.", done=True)
    rows = [services.AttendanceInput(r.pk, True) for r in meeting.attendance.all()]
    services.attendance_set(actor=coordinator, meeting=meeting, rows=rows)
    client.force_login(coordinator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"Tertialmöte {KEY}" in body
    assert f"/problem/tertial/{KEY}/#urval" in body
    minutes = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert f"tertialmöte {KEY}" in minutes
    assert "Klottret väljs." in minutes
    listed = client.get(reverse("meetings:list")).content.decode()
    assert "(Tertialmöte)" in listed
    services.meeting_close(actor=coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.is_open
