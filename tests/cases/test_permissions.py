"""The TSI endpoints that need a case, through the permission-matrix harness.

Same actors and checks as tests/test_permission_matrix.py; the programme and the case
(shared with A1 by both guardians) exist before the "nothing changed" snapshot. The case
is built once per endpoint, and each actor's request runs in a savepoint that is rolled
back, so every actor meets the same state (and the suite stays fast).
"""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.cases.endpoints import CASE_ENDPOINTS
from tests.cases.factories import build_needs, build_tsi
from tests.permissions import ACTORS, Endpoint, check


@pytest.mark.parametrize("endpoint", CASE_ENDPOINTS, ids=lambda e: e.name)
def test_case_endpoints(client, world, endpoint: Endpoint) -> None:
    build_needs(world, build_tsi(world))
    for actor in ACTORS:
        client.logout()
        with transaction.atomic():
            check(client, endpoint, actor, world)
            transaction.set_rollback(True)
