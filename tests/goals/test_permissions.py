"""The goal endpoints that need a goal, through the permission matrix.

Same actors and checks as tests/test_permission_matrix.py; the goal of A with one
indicator is made before the snapshot.
"""

from __future__ import annotations

import pytest

from tests.goals.endpoints import GOAL_ENDPOINTS
from tests.goals.factories import make_goal_with_indicator
from tests.permissions import ACTORS, Actor, Endpoint, check


@pytest.mark.parametrize("endpoint", GOAL_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_goal_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    make_goal_with_indicator(world)
    check(client, endpoint, actor, world)
