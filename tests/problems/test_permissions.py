"""The problem endpoints that need a problem, through the permission matrix.

Same actors and checks as tests/test_permission_matrix.py; the problem of A (owned by
A1, tagged, with one observation of A1 linked by hand) and A's default phases are made
before the snapshot.
"""

from __future__ import annotations

import pytest

from samordna.problems.links import problem_link_observations
from samordna.problems.phases import load_default_phases
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.problems.endpoints import PROBLEM_ENDPOINTS
from tests.problems.factories import make_problem
from tests.reports.factories import file_observation


@pytest.mark.parametrize("endpoint", PROBLEM_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_problem_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    problem = make_problem(world, tags=["situational"])
    problem_link_observations(actor=None, problem=problem, observations=[file_observation(world)])
    load_default_phases(actor=None, municipality=world.a)
    check(client, endpoint, actor, world)
