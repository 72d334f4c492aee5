"""Reminders: overdue and unowned interventions, once per day, to the right people."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.interventions.reminders import remind
from tests.interventions.factories import make_intervention


def _remind(world, today=None) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return remind(world.a, today or timezone.localdate())


def test_an_overdue_intervention_reminds_its_owner_person_once_a_day(world):
    person = world.user("partner")
    intervention = make_intervention(world, days=-2, person=person)
    assert _remind(world) == 1
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert intervention.title in mail.outbox[0].body
    assert f"/insatser/{intervention.pk}/" in mail.outbox[0].body
    # Again the same day: nothing.
    assert _remind(world) == 0
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="intervention.remind").count() == 1
    # The next day: once more.
    assert _remind(world, timezone.localdate() + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_an_unowned_intervention_goes_to_the_organisations_coordinators_and_partners(world):
    make_intervention(world, days=10)  # on time, but nobody named
    assert _remind(world) == 1
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == [
        world.user("coordinator").email,
        world.user("partner").email,
    ]


def test_on_time_with_an_owner_or_closed_is_not_reminded(world):
    make_intervention(world, days=5, person=world.user("partner"))
    done = make_intervention(world, title="Klar", days=-5, person=world.user("partner"))
    done.status = "done"
    done.save()
    assert _remind(world) == 0
    assert mail.outbox == []


def test_the_command_runs_one_municipality_or_all(world):
    make_intervention(world, days=-1, person=world.user("partner"))
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_interventions", "--municipality", "alfa", stdout=out)
    assert "alfa: 1" in out.getvalue()
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("remind_interventions", "--municipality", "nowhere", stdout=StringIO())
