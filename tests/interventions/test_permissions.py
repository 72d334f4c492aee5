"""The intervention endpoints that need an intervention, through the permission matrix.

Same actors and checks as tests/test_permission_matrix.py; the intervention of A
(owned by A1, overdue so the filter finds it) is made before the snapshot.
"""

from __future__ import annotations

import pytest

from tests.interventions.endpoints import INTERVENTION_ENDPOINTS
from tests.interventions.factories import make_intervention
from tests.permissions import ACTORS, Actor, Endpoint, check


@pytest.mark.parametrize("endpoint", INTERVENTION_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_intervention_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    make_intervention(world, days=-1)
    check(client, endpoint, actor, world)
