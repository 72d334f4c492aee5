"""Goals and indicators for the tests; everything belongs to municipality A."""

from __future__ import annotations

from typing import Any

from samordna.goals.models import Goal, Indicator
from samordna.integrations.models import KoladaKpi, KoladaValue

SECRET_GOAL = "Hemliga målet Alfa"


def make_goal(world: Any, **overrides: Any) -> Goal:
    values: dict[str, Any] = {
        "municipality": world.a,
        "title": SECRET_GOAL,
        "owner_organisation": world.a1,
    } | overrides
    return Goal.objects.create(**values)


def make_indicator(goal: Goal, **overrides: Any) -> Indicator:
    values: dict[str, Any] = {
        "goal": goal,
        "municipality": goal.municipality,
        "name": "Skadegörelse i området",
        "source": Indicator.Source.OBSERVATIONS,
        "filter": {},
        "baseline_period": "2024",
        "target_period": "2027",
        "target_value": 10.0,
        "direction": Indicator.Direction.DECREASE,
        "unit": "antal",
    } | overrides
    return Indicator.objects.create(**values)


def kolada(world: Any, values: dict[int, float | None], kpi_id: str = "U07452") -> KoladaKpi:
    kpi, _ = KoladaKpi.objects.get_or_create(
        id=kpi_id, defaults={"title": "Anmälda brott om skadegörelse per 1 000 inv"}
    )
    for year, value in values.items():
        KoladaValue.objects.create(
            municipality=world.a, kpi=kpi, year=year, gender="T", value=value
        )
    # A value for women and one for another municipality, never read.
    KoladaValue.objects.create(municipality=world.a, kpi=kpi, year=2024, gender="K", value=999)
    KoladaValue.objects.create(municipality=world.b, kpi=kpi, year=2024, gender="T", value=888)
    return kpi


SECRET_INDICATOR = "Hemliga indikatorn Alfa"


def make_goal_with_indicator(world: Any) -> Indicator:
    """A goal of A with one police indicator (the type is known through a category)."""
    return make_indicator(
        make_goal(world),
        name=SECRET_INDICATOR,
        source=Indicator.Source.POLICE,
        filter={"types": ["Skadegörelse"]},
    )
