"""The meeting page, the minutes and the intervention list cost the same number of queries
however many interventions and decisions there are (no N+1)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.interventions.services import InterventionInput
from samordna.meetings import services
from tests.interventions.factories import make_intervention
from tests.meetings.factories import start_meeting


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add(world, meeting, n: int) -> None:
    coordinator = world.user("coordinator")
    for i in range(n):
        intervention = make_intervention(world, title=f"Insats {i}", person=world.user("partner"))
        services.followup_report(
            actor=coordinator,
            meeting=meeting,
            intervention=intervention,
            status="done",
            rag="green",
        )
        services.decision_create(
            actor=coordinator,
            meeting=meeting,
            data=InterventionInput(
                title=f"Beslut {i}",
                owner_organisation=world.a2,
                owner_person=world.user("partner", "other_org"),
                deadline=date(2026, 12, 1),
                areas=[world.area_a],
            ),
        )


@pytest.mark.parametrize("name", ["meetings:detail", "meetings:minutes"])
def test_meeting_pages_do_not_grow_with_their_rows(client, world, name):
    meeting = start_meeting(world)
    client.force_login(world.user("coordinator"))
    url = reverse(name, args=[meeting.pk])
    _add(world, meeting, 1)
    few = _queries(client, url)
    _add(world, meeting, 4)
    assert _queries(client, url) == few


@pytest.mark.parametrize("url", ["/insatser/", "/api/v1/interventions/"])
def test_the_intervention_lists_do_not_grow_with_their_rows(client, world, url):
    client.force_login(world.user("coordinator"))
    make_intervention(world, person=world.user("partner"))
    few = _queries(client, url)
    for i in range(4):
        make_intervention(world, title=f"Fler {i}", person=world.user("partner"))
    assert _queries(client, url) == few
