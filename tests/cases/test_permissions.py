"""The TSI endpoints that need a case, through the permission-matrix harness.

Same actors and checks as tests/test_permission_matrix.py; the programme and the case
(shared with A1 by both guardians) exist before the "nothing changed" snapshot.
"""

from __future__ import annotations

import pytest

from tests.cases.endpoints import CASE_ENDPOINTS
from tests.cases.factories import build_tsi
from tests.permissions import ACTORS, Actor, Endpoint, check


@pytest.mark.parametrize("endpoint", CASE_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_case_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    build_tsi(world)
    check(client, endpoint, actor, world)
