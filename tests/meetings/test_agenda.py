"""A municipality's own agenda: set from the command line, audited, validated."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samordna.core.models import AuditEvent
from samordna.meetings.models import AgendaTemplate
from tests.meetings.factories import start_meeting


def test_the_command_sets_the_agenda_new_meetings_start_with(world, tmp_path):
    path = tmp_path / "dagordning.json"
    items = [{"key": "attendance", "title": "Vilka är här"}, {"key": "", "title": "Övrigt"}]
    path.write_text(json.dumps(items), encoding="utf-8")
    out = StringIO()
    call_command("meeting_agenda", "--municipality", "alfa", "--file", str(path), stdout=out)
    assert "2. Övrigt" in out.getvalue()
    assert AuditEvent.objects.filter(action="meeting.agenda_template").count() == 1
    assert [i.title for i in start_meeting(world).agenda_items.all()] == ["Vilka är här", "Övrigt"]


def test_back_to_the_standard(world):
    AgendaTemplate.objects.create(municipality=world.a, items=[{"key": "", "title": "X"}])
    out = StringIO()
    call_command("meeting_agenda", "--municipality", "alfa", "--standard", stdout=out)
    assert "9. Återkoppling" in out.getvalue()


@pytest.mark.parametrize(
    "items",
    [[], [{"key": "nope", "title": "X"}], [{"key": "", "title": " "}], {"key": "attendance"}],
)
def test_a_bad_agenda_is_refused_and_nothing_changes(world, tmp_path, items):
    path = tmp_path / "dagordning.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("meeting_agenda", "--municipality", "alfa", "--file", str(path))
    assert not AgendaTemplate.objects.exists()
    assert not AuditEvent.objects.filter(action="meeting.agenda_template").exists()


def test_a_broken_stored_template_falls_back_to_the_standard(world):
    AgendaTemplate.objects.create(municipality=world.a, items="trasig")
    assert start_meeting(world).agenda_items.count() == 9
