"""The reporting endpoints that need an observation, through the permission-matrix harness.

Same actors and checks as tests/test_permission_matrix.py; the observation of A1 is
filed before the "nothing changed" snapshot is taken.
"""

from __future__ import annotations

import pytest

from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.reports.endpoints import OBSERVATION_ENDPOINTS
from tests.reports.factories import file_observation


@pytest.mark.parametrize("endpoint", OBSERVATION_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_observation_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    file_observation(world)
    check(client, endpoint, actor, world)
