"""A decided action plan is a frozen document (issue 17): the goals' indicators and the
survey rows stay as they were at the decision, and a draft still holding a placeholder
("[beskriv …]") cannot be decided."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samordna.goals.models import Indicator
from samordna.plans import exports, goal_tables, services
from samordna.plans.models import ActionPlan, ActionPlanRevision
from tests.goals.factories import make_goal, make_indicator
from tests.plans.endpoints import make_plan
from tests.reports.factories import at, file_observation
from tests.surveys.factories import make_own_round


def _tables(plan: ActionPlan) -> list[tuple[str, list[list[str]]]]:
    tables, _frozen = goal_tables.shown_goal_tables(plan)
    return [(t.title, t.rows) for t in tables]


def test_a_decided_plan_keeps_its_indicators_and_surveys_when_new_data_arrive(client, world):
    year = timezone.localdate().year
    make_indicator(
        make_goal(world),
        name="Iakttagelser i kommunen",
        source=Indicator.Source.OBSERVATIONS,
        baseline_period=str(year - 1),
        target_period=str(year + 1),
    )
    file_observation(world)
    plan = make_plan(world, decided=True)
    decided = _tables(plan)
    assert [title for title, _rows in decided] == ["Indikatorer"]
    page_before = exports.render_html(plan)

    # After the decision: a survey round of the plan's year, and late reports of what
    # happened in the indicator's latest period.
    make_own_round(world, year=year)
    for _ in range(3):
        file_observation(world, occurred_from=at(f"{year - 1}-11-14T21:00"))
    plan.refresh_from_db()
    assert plan.period_key == str(year)
    live = goal_tables.goal_tables(plan.municipality, plan.period_key)
    assert [t.title for t in live] == ["Indikatorer", "Trygghetsmätningar"]
    assert live[0].rows != decided[0][1]  # the live figure moved...

    assert _tables(plan) == decided  # ...the decided version did not
    assert exports.render_html(plan) == page_before
    client.force_login(world.user("management"))
    page = client.get(f"/plan/{plan.pk}/").content.decode()
    assert "som de var vid beslutet" in page
    assert f"Trygghetsmätningar ({year})" not in page  # the survey table's heading

    # Only a new revision takes the later data in.
    services.plan_revise(actor=None, plan=plan, reason="Ny mätning")
    plan.refresh_from_db()
    assert [title for title, _rows in _tables(plan)] == ["Indikatorer", "Trygghetsmätningar"]


@pytest.mark.parametrize("where", ["mapping", "analysis", "row"])
def test_a_plan_with_an_unfilled_placeholder_cannot_be_decided(world, where):
    plan = make_plan(world)
    text = "Konsekvenser: [beskriv vad brottsligheten betyder för de boende]."
    if where == "row":
        plan.rows.update(operational_goal=text)
    else:
        ActionPlan.objects.filter(pk=plan.pk).update(**{where: text})
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.plan_decide(
            actor=None, plan=plan, body="Kommunstyrelsen", decided_on=timezone.localdate()
        )
    assert "platshållare som inte är ifylld" in " ".join(error.value.messages)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT
    assert not ActionPlanRevision.objects.exists()


def test_the_decide_page_says_what_placeholder_is_left(client, world):
    plan = make_plan(world)
    plan.mapping = services.mapping_draft({"period": {"label": "2026"}, "totals": {"count": 4}})
    plan.save(update_fields=["mapping"])
    client.force_login(world.user("coordinator"))
    response = client.post(
        f"/plan/{plan.pk}/besluta/",
        {"body": "Kommunstyrelsen", "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "[beskriv vad brottsligheten betyder" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT
