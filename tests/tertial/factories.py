"""A tertial history in municipality A for the tertial analysis tests.

Period 2025-T3 (previous 2025-T2, last year 2024-T3). Klotter in area A: 12 in the
period, 1 before, 1 a year ago (an increase beyond chance against both). A second EST
area ("Norrgläntan") has 4, 4 before and 4 a year ago: unchanged against both. Two
interventions of A in the period, of two organisations and two kinds, with cost and
hours; one of A finished long before; one of B that never counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from samordna.core import services as core_services
from samordna.core.geo import area_geometry
from samordna.core.models import Area
from samordna.interventions.models import Intervention
from tests.situation.factories import observe

KEY = "2025-T3"
NORTH = {
    "type": "Polygon",
    "coordinates": [
        [[15.20, 59.29], [15.22, 59.29], [15.22, 59.30], [15.20, 59.30], [15.20, 59.29]]
    ],
}
INSIDE_NORTH = (15.21, 59.295)


def north_area(world: Any) -> Area:
    existing = Area.objects.filter(municipality=world.a, name="Norrgläntan").first()
    return existing or core_services.area_create(
        actor=None,
        municipality=world.a,
        name="Norrgläntan",
        kind="est",
        geometry=area_geometry(NORTH),
    )


def tertial_history(world: Any) -> Any:
    north_area(world)
    observe(world, "2025-W40", 12)
    observe(world, "2025-W25", 1)
    observe(world, "2024-W40", 1)
    observe(world, "2025-W41", 4, where=INSIDE_NORTH)
    observe(world, "2025-W26", 4, where=INSIDE_NORTH)
    observe(world, "2024-W41", 4, where=INSIDE_NORTH)
    return world


def interventions(world: Any) -> list[Intervention]:
    """Two of A in 2025-T3 (A1 situational 12 000 kr 40 h, A2 social 3 000 kr no hours),
    one of A long finished before it, one of B."""

    def make(municipality, owner, title, **fields):  # type: ignore[no-untyped-def]
        return Intervention.objects.create(
            municipality=municipality,
            owner_organisation=owner,
            title=title,
            **fields,
        )

    return [
        make(
            world.a,
            world.a1,
            "Belysning i gångtunneln",
            kind="situational",
            starts_on=date(2025, 9, 1),
            deadline=date(2025, 11, 30),
            status="in_progress",
            rag="amber",
            cost_sek=12000,
            hours=40,
        ),
        make(
            world.a,
            world.a2,
            "Fritidsgårdens kvällsöppet",
            kind="social",
            starts_on=date(2025, 10, 1),
            deadline=date(2026, 3, 1),
            status="decided",
            rag="red",
            cost_sek=3000,
        ),
        make(
            world.a,
            world.a1,
            "Gammal städinsats",
            kind="safety",
            starts_on=date(2025, 1, 1),
            deadline=date(2025, 3, 1),
            status="done",
            rag="green",
            cost_sek=99000,
            hours=500,
        ),
        make(
            world.b,
            world.b1,
            "Betas insats",
            kind="social",
            starts_on=date(2025, 9, 1),
            deadline=date(2025, 12, 1),
            status="in_progress",
            rag="green",
            cost_sek=77000,
            hours=77,
        ),
    ]
