"""The tertial endpoints that need A's analysis (texts written, a problem selected),
made before the snapshot, through the permission matrix (same actors and checks as
tests/test_permission_matrix.py, which runs the world-only TERTIAL_ENDPOINTS)."""

from __future__ import annotations

import pytest

from samordna.problems.models import Problem
from samordna.tertial import services
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.problems.factories import make_problem
from tests.tertial.endpoints import (
    KEY,
    SECRET_CONCLUSION,
    SECRET_JUSTIFICATION,
    TERTIAL_ANALYSIS_ENDPOINTS,
)


def make_analysis(world) -> None:
    analyst = world.user("analyst")
    analysis = services.tertial_start(actor=analyst, municipality=world.a, key=KEY)
    services.tertial_select(
        actor=analyst,
        analysis=analysis,
        problem=make_problem(world),
        justification=SECRET_JUSTIFICATION,
    )
    services.tertial_write(
        actor=analyst,
        analysis=analysis,
        conclusions=SECRET_CONCLUSION,
        sources_used="Egna iakttagelser",
        sources_left_out="Skolans rapporter kom inte i tid.",
    )
    Problem.objects.create(municipality=world.a, title="Ett annat problem i Alfa")


@pytest.mark.parametrize("endpoint", TERTIAL_ANALYSIS_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_tertial_analysis_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    make_analysis(world)
    check(client, endpoint, actor, world)
