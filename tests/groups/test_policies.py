"""The group policies behind `restrict()`: consenting members read, an invited admin
sees the group to decide, nobody else sees anything."""

from __future__ import annotations

from django.utils import timezone

from samordna.groups.models import GroupMember, MunicipalityGroup
from tests.groups.factories import world_group


def _visible(user) -> set[str]:
    return set(MunicipalityGroup.objects.restrict(user).values_list("slug", flat=True))


def test_est_roles_of_consenting_members_see_the_group_and_its_rows(world):
    for user in (world.user("reporter"), world.user("management", "other_municipality")):
        assert _visible(user) == {"alfa-beta"}
        assert GroupMember.objects.restrict(user).count() == 2


def test_tsi_roles_the_county_and_the_operator_see_nothing(world):
    for user in (
        world.user("tsi_coordinator"),
        world.user("county", "county_of_a"),
        world.user("operator", "platform"),
    ):
        assert _visible(user) == set()
        assert not GroupMember.objects.restrict(user).exists()


def test_an_invited_municipality_shows_the_group_to_its_admin_only(world):
    GroupMember.objects.filter(group=world_group(), municipality=world.b).update(
        consent_given_at=None
    )

    assert _visible(world.user("admin", "other_municipality")) == {"alfa-beta"}
    assert _visible(world.user("coordinator", "other_municipality")) == set()


def test_a_revoked_member_sees_nothing_any_more(world):
    GroupMember.objects.filter(group=world_group(), municipality=world.b).update(
        revoked_at=timezone.now()
    )

    assert _visible(world.user("admin", "other_municipality")) == set()
    assert _visible(world.user("coordinator")) == {"alfa-beta"}
