"""The intervention endpoints that need an intervention, through the permission matrix.

Same actors and checks as tests/test_permission_matrix.py; the intervention of A
(owned by A1, overdue so the filter finds it) is made before the snapshot, and for
the effect page its effect follow-up too.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samordna.interventions.followup import FollowUpInput, followup_create
from tests.interventions.endpoints import FOLLOWUP_ENDPOINTS, INTERVENTION_ENDPOINTS
from tests.interventions.factories import make_area, make_intervention
from tests.permissions import ACTORS, Actor, Endpoint, check


@pytest.mark.parametrize("endpoint", INTERVENTION_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_intervention_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    make_intervention(world, days=-1)
    check(client, endpoint, actor, world)


@pytest.mark.parametrize("endpoint", FOLLOWUP_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_followup_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    intervention = make_intervention(world, days=-1)
    intervention.buffer_areas.set([make_area(world, "Buffert", 15.30)])
    intervention.control_areas.set([make_area(world, "Kontroll", 15.40)])
    today = timezone.localdate()
    followup_create(
        actor=None,
        intervention=intervention,
        data=FollowUpInput(
            kind="effect",
            source="observations",
            before_from=today - timedelta(days=20),
            before_to=today - timedelta(days=11),
            after_from=today - timedelta(days=10),
            after_to=today - timedelta(days=1),
        ),
    )
    check(client, endpoint, actor, world)
