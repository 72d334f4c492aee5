"""Members of a municipality read its Kolada values; nobody else does; nobody writes.
Kolada's metadata is public, but only to signed-in members."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from samordna.core.models import User
from samordna.core.policies import policy_for
from samordna.core.roles import Role
from samordna.integrations.models import KoladaKpi, KoladaValue


@pytest.fixture
def values(world):
    kpi = KoladaKpi.objects.create(id="N07403", title="Anmälda våldsbrott, antal/100 000 inv")
    a = KoladaValue.objects.create(municipality=world.a, kpi=kpi, year=2024, gender="T", value=1.0)
    b = KoladaValue.objects.create(municipality=world.b, kpi=kpi, year=2024, gender="T", value=2.0)
    return {"a": a, "b": b}


@pytest.mark.parametrize("role", list(Role))
def test_members_see_their_own_municipality_s_values_only(world, values, role):
    for relation, own in (("own_org", "a"), ("other_org", "a"), ("other_municipality", "b")):
        user = world.user(role.value, relation)
        visible = set(KoladaValue.objects.restrict(user, "view"))
        assert visible == {values[own]}
        assert KoladaKpi.objects.restrict(user, "view").count() == 1
    outsider = world.user(role.value, "other_municipality")
    assert not policy_for(KoladaValue).can(outsider, "view", values["a"])


@pytest.mark.parametrize("action", ["add", "change", "delete"])
def test_nobody_writes_through_the_application(world, values, action):
    admin = world.user(Role.ADMIN.value)
    assert not KoladaValue.objects.restrict(admin, action).exists()
    assert not KoladaKpi.objects.restrict(admin, action).exists()


def test_strangers_see_nothing(world, values):
    nobody = User.objects.create_user(username="ingen", password="x-y-z-w-1234")
    for user in (nobody, AnonymousUser()):
        assert not KoladaValue.objects.restrict(user, "view").exists()
        assert not KoladaKpi.objects.restrict(user, "view").exists()
