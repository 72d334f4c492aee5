"""The survey endpoints that need a round of A, through the permission-matrix harness."""

from __future__ import annotations

import pytest

from samordna.tabular import pending
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.surveys.endpoints import ROUND_ENDPOINTS
from tests.surveys.factories import make_own_round


@pytest.fixture(autouse=True)
def _no_files_left_behind():
    before = set(pending.directory().iterdir())
    yield
    for path in set(pending.directory().iterdir()) - before:
        path.unlink()


@pytest.mark.parametrize("endpoint", ROUND_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_round_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    make_own_round(world, women=30, men=6)
    check(client, endpoint, actor, world)
