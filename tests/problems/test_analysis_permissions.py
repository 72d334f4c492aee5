"""The cause-analysis endpoints that need an analysis, through the permission matrix.

Same actors and checks as tests/test_permission_matrix.py; the unshared analysis of A's
problem (owned by A1, with cause 1) is made before the snapshot. The endpoints that
need only the world (`ENDPOINTS`) run in the matrix itself, through
tests/problems/endpoints.py.
"""

from __future__ import annotations

import pytest

from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.problems.analysis_endpoints import WITH_ANALYSIS, make_analysis


@pytest.mark.parametrize("endpoint", WITH_ANALYSIS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_analysis_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    make_analysis(world)
    check(client, endpoint, actor, world)
