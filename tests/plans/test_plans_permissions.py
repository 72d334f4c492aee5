"""The action plan, agreement and promise endpoints through the permission matrix.

Same actors and checks as tests/test_permission_matrix.py; A's plan (a draft with one
row), agreement and published promise are made before the snapshot. The world-only
endpoints (tests.plans.endpoints.ENDPOINTS) run in the matrix itself, through
tests/interventions/endpoints.py.
"""

from __future__ import annotations

import pytest

from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.plans.endpoints import PLAN_ENDPOINTS, make_plan_world


@pytest.mark.parametrize("endpoint", PLAN_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_plan_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    make_plan_world(world)
    check(client, endpoint, actor, world)
