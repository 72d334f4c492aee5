"""Each role's start page is its own to-do list, with counts that say whose they are
and are right for that role (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samordna.analysis.periods import iso_week
from samordna.interventions.models import Intervention
from samordna.reports.models import Observation
from samordna.situation.models import SituationPicture
from tests.interventions.factories import make_intervention
from tests.plans.endpoints import make_plan
from tests.reports.factories import file_observation

WEEK = iso_week(timezone.now())


def _page(client, world, role: str) -> str:
    client.force_login(world.user(role))
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _todo(page: str, label: str) -> str:
    """The text of the to-do whose label starts with `label` (up to the next to-do)."""
    start = page.index(f'<span class="todo__label">{label}')
    end = page.find('<li class="todo', start)
    return page[start : end if end != -1 else None]


def _overdue(world, owner) -> Intervention:
    intervention = make_intervention(world, title=f"Försenad hos {owner.name}", owner=owner)
    Intervention.objects.filter(pk=intervention.pk).update(
        deadline=timezone.localdate() - timedelta(days=3)
    )
    return intervention


@pytest.fixture
def week(world):
    """This week: 3 observations of A1 (one reviewed), 2 of A2, 1 in B; a draft picture;
    overdue interventions of A1 and A2 and one of A1 due in a week."""
    mine = [file_observation(world) for _ in range(3)]
    for _ in range(2):
        file_observation(world, world.a2)
    file_observation(world, world.b1)
    Observation.objects.filter(pk=mine[0].pk).update(status=Observation.Status.REVIEWED)
    SituationPicture.objects.create(municipality=world.a, kind="week", period_key=WEEK)
    _overdue(world, world.a1)
    _overdue(world, world.a2)
    make_intervention(world, title="Belysning i gångtunneln", owner=world.a1)
    return world


def test_the_coordinator_is_told_what_to_review_and_the_weeks_state(client, week):
    page = _page(client, week, "coordinator")
    review = _todo(page, "Att granska")
    assert '<strong class="todo__count">4</strong>' in review  # 5 in A, one reviewed
    assert "hela kommunen" in review
    assert "utkast, inte fastställd" in _todo(page, "Veckans lägesbild")
    assert '<strong class="todo__count">2</strong>' in _todo(page, "Försenade insatser")
    assert "inget planerat" in _todo(page, "Nästa veckomöte")
    assert '<strong class="todo__count">0</strong>' in _todo(page, "Misslyckade utskick")
    # The to-dos come before the menu's words again: the page leads with them.
    assert page.index("Att granska") < page.index('class="lead"')


def test_the_reporter_gets_the_button_and_their_own_reports(client, week):
    page = _page(client, week, "reporter")
    assert 'class="button button--big" href="/rapportera/"' in page
    reports = _todo(page, "Dina senaste rapporter")
    assert '<strong class="todo__count">3</strong>' in reports  # the three A1 filed as them
    assert reports.count("1 iakttagelser") == 3
    figure = _todo(page, "Iakttagelser denna vecka")
    assert '<strong class="todo__count">3</strong>' in figure
    assert "från Alfa bostäder" in figure
    assert "Att granska" not in page


def test_the_partner_sees_its_own_interventions_due(client, week):
    page = _page(client, week, "partner")
    due = _todo(page, "Era insatser")
    assert '<strong class="todo__count">2</strong>' in due  # A1's two, not A2's
    assert "Försenad hos Alfa bostäder" in due
    assert "Belysning i gångtunneln" in due
    assert "Försenad hos Alfa polis" not in page
    assert "försenad, skulle vara klar" in due
    figure = _todo(page, "Iakttagelser denna vecka")
    assert '<strong class="todo__count">3</strong>' in figure
    assert "från Alfa bostäder" in figure  # never labelled as the whole municipality's


def test_management_sees_decisions_to_take_and_only_figures_it_may_read(client, week):
    plan = make_plan(week)
    page = _page(client, week, "management")
    decide = _todo(page, "Åtgärdsplaner att besluta")
    assert '<strong class="todo__count">1</strong>' in decide
    assert f"/plan/{plan.pk}/" in decide
    assert '<strong class="todo__count">2</strong>' in _todo(page, "Försenade insatser")
    # Management reads no raw observations: no confirmed picture yet, and it says so.
    figure = _todo(page, "Iakttagelser enligt fastställd lägesbild")
    assert "ingen fastställd lägesbild ännu" in figure
    SituationPicture.objects.create(
        municipality=week.a,
        kind="week",
        period_key="2026-W01",
        status="confirmed",
        snapshot={"totals": {"count": 85}},
    )
    figure = _todo(_page(client, week, "management"), "Iakttagelser enligt fastställd")
    assert '<strong class="todo__count">85</strong>' in figure
    assert "sammanställt" in figure


def test_the_analyst_counts_the_whole_municipality(client, week):
    page = _page(client, week, "analyst")
    figure = _todo(page, "Iakttagelser denna vecka")
    assert '<strong class="todo__count">5</strong>' in figure
    assert "i hela kommunen" in figure


def test_the_admin_sees_review_and_deliveries(client, week):
    page = _page(client, week, "admin")
    assert '<strong class="todo__count">4</strong>' in _todo(page, "Att granska")
    assert "Misslyckade utskick" in page


@pytest.mark.parametrize("role", ["coordinator", "reporter", "partner", "management", "analyst"])
def test_the_start_page_costs_the_same_queries_with_more_data(client, week, role):
    client.force_login(week.user(role))
    client.get("/")  # the session and membership are warm
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(4):
        file_observation(week)
        _overdue(week, week.a1)
    with CaptureQueriesContext(connection) as more:
        client.get("/")
    assert len(more) == len(few), [q["sql"][:120] for q in more.captured_queries]
    assert len(few) <= 25
