"""The traffic light is computed from deadline and status; a colour reported by hand
that differs shows as such (issue 17)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from samordna.interventions.lights import light, shown_q
from samordna.interventions.models import Intervention, open_q
from tests.interventions.factories import make_intervention

TODAY = date(2026, 12, 6)


def _at(days: int, status: str = "in_progress", rag: str = "green") -> Intervention:
    return Intervention(deadline=TODAY + timedelta(days=days), status=status, rag=rag)


@pytest.mark.parametrize(
    ("days", "status", "rag", "shown", "overridden", "outdated"),
    [
        (-1, "in_progress", "green", "red", False, True),  # overdue is never green
        (-1, "decided", "amber", "red", False, True),
        (3, "decided", "green", "amber", False, True),  # due soon, not started
        (3, "in_progress", "green", "green", False, False),
        (30, "decided", "green", "green", False, False),
        (30, "in_progress", "red", "red", True, False),  # a partner warns early
        (-5, "done", "green", "green", False, False),  # finished: never overdue
    ],
)
def test_the_light(days, status, rag, shown, overridden, outdated):
    found = light(_at(days, status, rag), TODAY)
    assert (found.rag, found.overridden, found.outdated) == (shown, overridden, outdated)


def test_the_list_shows_an_overdue_green_intervention_red_and_says_why(client, world):
    intervention = make_intervention(world)
    Intervention.objects.filter(pk=intervention.pk).update(
        deadline=timezone.localdate() - timedelta(days=2), rag="green", status="in_progress"
    )
    client.force_login(world.user("coordinator"))
    page = client.get("/insatser/").content.decode()
    assert '<span class="rag rag--red">' in page
    assert "beräknat från sista datum; rapporterat: Grön" in page


def test_the_query_for_each_shown_colour_matches_the_light_of_every_row(world):
    # given open and closed interventions of every status, reported colour and deadline
    today = timezone.localdate()
    made = []
    for status in ("decided", "in_progress", "done", "cancelled"):
        for rag in ("green", "amber", "red"):
            for days in (-3, 0, 3, 7, 8, 30):
                intervention = make_intervention(world, title=f"{status}-{rag}-{days}", days=days)
                Intervention.objects.filter(pk=intervention.pk).update(status=status, rag=rag)
                made.append(intervention.pk)
    rows = Intervention.objects.filter(pk__in=made)

    # then each colour's query finds exactly the open rows that show that colour
    for colour in ("green", "amber", "red"):
        expected = {row.pk for row in rows.filter(open_q()) if light(row, today).rag == colour}
        assert set(rows.filter(shown_q(colour, today)).values_list("pk", flat=True)) == expected
    assert len(rows.filter(shown_q("red", today))) > 0
