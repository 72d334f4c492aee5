"""Members of a municipality see its police events, whatever their role; nobody else does,
and nobody may write them through the application."""

from __future__ import annotations

import pytest

from samordna.core.policies import policy_for
from samordna.core.roles import Role
from samordna.integrations.models import ExternalEvent
from samordna.integrations.polisen.importer import polisen_events_import
from tests.integrations.conftest import polisen_record


@pytest.fixture
def events(swedish_world):
    polisen_events_import(
        actor=None,
        records=[
            polisen_record(1),  # Kävlinge = A
            polisen_record(2, name="22 augusti 10.56, Misshandel, Malmö"),  # Malmö = B
            polisen_record(3, name="22 augusti 07.30, Sammanfattning natt, Skåne län"),
        ],
    )
    return {event.external_id: event for event in ExternalEvent.objects.all()}


@pytest.mark.parametrize("role", list(Role))
def test_members_of_a_see_a_s_events_only(swedish_world, events, role):
    for relation in ("own_org", "other_org"):
        user = swedish_world.user(role.value, relation)
        visible = set(
            ExternalEvent.objects.restrict(user, "view").values_list("external_id", flat=True)
        )
        assert visible == {"1"}


@pytest.mark.parametrize("role", list(Role))
def test_members_of_b_do_not_see_a_s_events(swedish_world, events, role):
    user = swedish_world.user(role.value, "other_municipality")
    visible = set(
        ExternalEvent.objects.restrict(user, "view").values_list("external_id", flat=True)
    )
    assert visible == {"2"}
    assert not policy_for(ExternalEvent).can(user, "view", events["1"])


def test_county_only_events_are_visible_to_nobody(swedish_world, events):
    for user in swedish_world.users.values():
        assert not ExternalEvent.objects.restrict(user, "view").filter(external_id="3").exists()


@pytest.mark.parametrize("action", ["add", "change", "delete"])
def test_nobody_writes_through_the_application(swedish_world, events, action):
    admin = swedish_world.user(Role.ADMIN.value)
    assert not ExternalEvent.objects.restrict(admin, action).exists()
    assert not policy_for(ExternalEvent).can(admin, action, events["1"])
