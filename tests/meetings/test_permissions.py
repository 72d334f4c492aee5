"""The meeting endpoints that need a meeting, through the permission-matrix harness.

Same actors and checks as tests/test_permission_matrix.py; the meeting of A (with a
secret focus text) and an intervention of A1 are made before the snapshot.
"""

from __future__ import annotations

import pytest

from samordna.meetings.services import focus_set
from tests.interventions.factories import make_intervention
from tests.meetings.endpoints import MEETING_ENDPOINTS
from tests.meetings.factories import SECRET_FOCUS, start_meeting
from tests.permissions import ACTORS, Actor, Endpoint, check


@pytest.mark.parametrize("endpoint", MEETING_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_meeting_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    meeting = start_meeting(world)
    focus_set(
        actor=world.user("coordinator"), meeting=meeting, areas=[world.area_a], text=SECRET_FOCUS
    )
    make_intervention(world)
    check(client, endpoint, actor, world)
