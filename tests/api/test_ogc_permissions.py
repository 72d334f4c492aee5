"""The OGC layers with data in them, through the permission-matrix harness.

Same actors and checks as tests/test_permission_matrix.py; the observation, the
intervention and the confirmed week are made before the "nothing changed" snapshot.
"""

from __future__ import annotations

import pytest

from tests.api.ogc_endpoints import OGC_DATA_ENDPOINTS
from tests.api.ogc_factories import frozen_week
from tests.interventions.factories import make_intervention
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.reports.factories import file_observation


@pytest.mark.parametrize("endpoint", OGC_DATA_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_ogc_layers_with_data(client, world, endpoint: Endpoint, actor: Actor) -> None:
    file_observation(world)
    make_intervention(world)
    frozen_week(world)
    check(client, endpoint, actor, world)
