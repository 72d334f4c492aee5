"""The joint picture's endpoints through the permission matrix, with confirmed pictures:
A's confirmed week and A's draft of the next week; B's confirmed week."""

from __future__ import annotations

import pytest
from django.test import TestCase

from samordna.situation import services
from samordna.situation.models import SituationPicture
from tests.groups.endpoints import DRAFT_WEEK, PICTURE_ENDPOINTS, WEEK
from tests.groups.factories import picture
from tests.permissions import ACTORS, Actor, Endpoint, check
from tests.situation.factories import observe


def _confirm_a(world) -> None:
    """A's week confirmed the real way: its frozen document holds A's areas and
    observations, which the joint picture must never show."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(
            actor=world.user("coordinator"),
            picture=services.picture_prepare(actor=None, municipality=world.a, key=WEEK),
            summary="Alfas sammanfattning",
        )


@pytest.mark.parametrize("endpoint", PICTURE_ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.id)
def test_joint_picture_endpoints(client, world, endpoint: Endpoint, actor: Actor) -> None:
    observe(world, WEEK, 6)
    observe(world, DRAFT_WEEK, 2)
    _confirm_a(world)
    picture(world.b, WEEK, {"skadegorelse-klotter": 9}, summary="Betas sammanfattning")
    draft = services.picture_prepare(actor=None, municipality=world.a, key=DRAFT_WEEK)
    SituationPicture.objects.filter(pk=draft.pk).update(summary="Alfas hemliga utkast")

    check(client, endpoint, actor, world)
