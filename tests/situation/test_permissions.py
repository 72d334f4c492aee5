"""The picture endpoints that need a confirmed picture, through the permission matrix."""

from __future__ import annotations

import pytest
from django.test import TestCase

from samordna.situation import services
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.situation.endpoints import PICTURE_ENDPOINTS, WEEK
from tests.situation.factories import observe


@pytest.mark.parametrize("endpoint", PICTURE_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_picture_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    observe(world, WEEK)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(
            actor=world.user("coordinator"),
            picture=services.picture_prepare(actor=None, municipality=world.a, key=WEEK),
        )
    check(client, endpoint, actor, world)
