"""Writes of goals and indicators: validation by field (Swedish), nothing half-saved,
audit events, permission checked by the service itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.core.audit import AuditEvent
from samordna.goals.models import Goal, Indicator
from samordna.goals.services import (
    GoalInput,
    IndicatorInput,
    goal_create,
    goal_update,
    indicator_create,
    indicator_delete,
    indicator_update,
)
from samordna.reports.models import Category
from tests.goals.factories import kolada, make_goal, make_indicator
from tests.surveys.factories import make_own_round

pytestmark = pytest.mark.django_db


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def _indicator(**overrides) -> IndicatorInput:
    values = {
        "name": "Skadegörelse",
        "source": "police",
        "police_types": ["Skadegörelse"],
        "baseline_period": "2024",
        "target_period": "2027",
        "target_value": 5.0,
    } | overrides
    return IndicatorInput(**values)


def test_goal_create_writes_links_and_audit(world):
    analyst = world.user("analyst")
    goal = goal_create(
        actor=analyst,
        municipality=world.a,
        data=GoalInput(title="  Tryggare torg ", areas=[world.area_a], owner_organisation=world.a1),
    )
    assert goal.title == "Tryggare torg"
    assert list(goal.areas.all()) == [world.area_a]
    event = AuditEvent.objects.get(action="goal.create")
    assert event.actor == analyst
    assert event.target_id == str(goal.pk)


def test_goal_validation_changes_nothing(world):
    errors = _errors(
        lambda: goal_create(
            actor=world.user("coordinator"),
            municipality=world.a,
            data=GoalInput(title="", areas=[world.area_b], owner_organisation=world.b1),
        )
    )
    assert errors == {
        "title": ["Skriv vad målet är."],
        "areas": ["Området finns inte i den här kommunen."],
        "owner_organisation": ["Organisationen finns inte i den här kommunen."],
    }
    personal = _errors(
        lambda: goal_create(
            actor=None,
            municipality=world.a,
            data=GoalInput(title="Ring 070-123 45 67"),
        )
    )
    assert "title" in personal
    assert not Goal.objects.exists()
    assert not AuditEvent.objects.filter(action="goal.create").exists()


@pytest.mark.parametrize("role", ["reporter", "partner", "management"])
def test_only_editors_write(world, role):
    with pytest.raises(PermissionDenied):
        goal_create(actor=world.user(role), municipality=world.a, data=GoalInput(title="X"))
    goal = make_goal(world)
    with pytest.raises(PermissionDenied):
        goal_update(actor=world.user(role), goal=goal, data=GoalInput(title="X"))
    with pytest.raises(PermissionDenied):
        indicator_create(actor=world.user(role), goal=goal, data=_indicator())
    # An editor of another municipality neither.
    with pytest.raises(PermissionDenied):
        indicator_create(
            actor=world.user("analyst", "other_municipality"), goal=goal, data=_indicator()
        )


def test_goal_update_audits_the_diff(world):
    goal = make_goal(world)
    goal_update(
        actor=world.user("admin"), goal=goal, data=GoalInput(title="Nytt namn", is_active=False)
    )
    goal.refresh_from_db()
    assert (goal.title, goal.is_active) == ("Nytt namn", False)
    changes = AuditEvent.objects.get(action="goal.update").changes
    assert changes["is_active"] == [True, False]


def test_indicator_source_fields_are_validated(world):
    goal = make_goal(world)
    actor = world.user("analyst")
    other = Category.objects.create(municipality=world.b, code="b-egen", name="B:s egen")
    cases = [
        (_indicator(police_types=[]), {"police_types"}),
        (_indicator(police_types=["Påhittad typ"]), {"police_types"}),
        (_indicator(source="observations", police_types=[]), {"categories"}),
        (
            _indicator(source="observations", areas=[world.area_b], categories=[other]),
            {"areas", "categories"},
        ),
        (_indicator(source="survey"), {"survey_item"}),
        (_indicator(source="kolada"), {"kolada_kpi"}),
        (_indicator(source="weather"), {"source"}),
        (_indicator(baseline_period="2024-T1"), {"baseline_period"}),
        (_indicator(target_period="2023"), {"target_period"}),
        (_indicator(granularity="tertial", baseline_period="2024-T1", target_period="2026-T3",
                    source="kolada"), {"granularity", "kolada_kpi"}),
        (_indicator(target_value=float("nan")), {"target_value"}),
        (_indicator(name=" "), {"name"}),
        (_indicator(direction="sideways"), {"direction"}),
    ]  # fmt: skip
    for data, fields in cases:
        assert (
            set(_errors(lambda d=data: indicator_create(actor=actor, goal=goal, data=d))) == fields
        )
    assert not Indicator.objects.exists()


def test_kolada_needs_values_and_survey_items_of_the_municipality(world):
    goal = make_goal(world)
    actor = world.user("analyst")
    empty = kolada(world, {}, kpi_id="N07403")
    errors = _errors(
        lambda: indicator_create(
            actor=actor, goal=goal, data=_indicator(source="kolada", kolada_kpi=empty)
        )
    )
    assert errors["kolada_kpi"] == [
        "Nyckeltalet har inga värden för kommunen: importera det från Kolada först."
    ]
    with_values = kolada(world, {2024: 3.0})
    indicator = indicator_create(
        actor=actor, goal=goal, data=_indicator(source="kolada", kolada_kpi=with_values)
    )
    assert indicator.filter == {}  # the police types are not kept for a Kolada indicator
    survey = make_own_round(world, year=2025)
    item = survey.items.get(code="oro")
    errors = _errors(
        lambda: indicator_create(
            actor=actor,
            goal=goal,
            data=_indicator(source="survey", survey_item=item, survey_area=world.area_b),
        )
    )
    assert set(errors) == {"survey_area"}
    made = indicator_create(
        actor=actor, goal=goal, data=_indicator(source="survey", survey_item=item)
    )
    assert (made.survey_item, made.filter, made.kolada_kpi) == (item, {}, None)


def test_indicator_update_and_delete_are_audited(world):
    goal = make_goal(world)
    indicator = make_indicator(goal, source="police", filter={"types": ["Skadegörelse"]})
    actor = world.user("coordinator")
    updated = indicator_update(
        actor=actor, indicator=indicator, data=_indicator(target_value=2.0, unit="st")
    )
    assert (updated.target_value, updated.unit) == (2.0, "st")
    changes = AuditEvent.objects.get(action="indicator.update").changes
    assert changes["target_value"] == [10.0, 2.0]
    indicator_delete(actor=actor, indicator=updated)
    assert not Indicator.objects.exists()
    assert AuditEvent.objects.filter(action="indicator.delete").count() == 1
