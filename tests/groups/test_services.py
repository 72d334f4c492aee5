"""Proposing a group, inviting, consenting, declining and revoking: who may, and the record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.core.models import AuditEvent
from samordna.groups import services
from samordna.groups.models import GroupMember, MunicipalityGroup
from tests.groups.factories import group_of


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_an_admin_proposes_a_group_and_their_municipality_consents(world):
    admin = world.user("admin")

    group = services.group_create(
        actor=admin,
        municipality=world.a,
        name=" Lokalpolisområde Alfa ",
        description="Delar polisområde",
        consent=True,
    )

    assert (group.name, group.slug) == ("Lokalpolisområde Alfa", "lokalpolisomrade-alfa")
    member = GroupMember.objects.get(group=group)
    assert member.municipality == world.a
    assert member.consent_given_by == admin
    assert member.is_consenting
    [event] = _events("group.create")
    assert event.municipality == world.a
    assert event.actor == admin


@pytest.mark.parametrize("role", ["coordinator", "reporter", "management"])
def test_only_an_admin_proposes_a_group(world, role):
    with pytest.raises(PermissionDenied):
        services.group_create(
            actor=world.user(role), municipality=world.a, name="Gruppen", consent=True
        )

    assert not MunicipalityGroup.objects.filter(name="Gruppen").exists()
    assert _events("group.create") == []


def test_a_group_without_a_name_or_consent_is_refused_in_swedish(world):
    with pytest.raises(ValidationError) as refused:
        services.group_create(
            actor=world.user("admin"), municipality=world.a, name="  ", consent=False
        )

    assert set(refused.value.message_dict) == {"name", "consent"}
    assert "samtycker" in refused.value.message_dict["consent"][0]
    assert not MunicipalityGroup.objects.exclude(slug="alfa-beta").exists()
    assert _events("group.create") == []


def test_an_admin_of_a_consenting_member_invites_and_the_invited_has_not_consented(world):
    group = group_of(world.a)

    member = services.member_invite(
        actor=world.user("admin"), group=group, inviting=world.a, invited=world.b
    )

    assert member.municipality == world.b
    assert member.is_pending
    [event] = _events("group.invite")
    assert event.municipality == world.a


def test_an_admin_of_another_municipality_cannot_invite_into_a_group_it_is_not_in(world):
    group = group_of(world.a)

    with pytest.raises(PermissionDenied):
        services.member_invite(
            actor=world.user("admin", "other_municipality"),
            group=group,
            inviting=world.a,
            invited=world.b,
        )
    with pytest.raises(ValidationError):
        services.member_invite(
            actor=world.user("admin", "other_municipality"),
            group=group,
            inviting=world.b,
            invited=world.b,
        )

    assert GroupMember.objects.filter(group=group).count() == 1
    assert _events("group.invite") == []


def test_a_municipality_is_invited_once(world):
    group = group_of(world.a, invited=(world.b,))

    with pytest.raises(ValidationError) as refused:
        services.member_invite(
            actor=world.user("admin"), group=group, inviting=world.a, invited=world.b
        )

    assert "redan" in refused.value.message_dict["municipality"][0]
    assert GroupMember.objects.filter(group=group).count() == 2


def test_only_the_invited_municipalitys_admin_consents(world):
    group = group_of(world.a, invited=(world.b,))
    member = GroupMember.objects.get(group=group, municipality=world.b)

    for actor in (world.user("admin"), world.user("coordinator", "other_municipality")):
        with pytest.raises(PermissionDenied):
            services.member_consent(actor=actor, member=member, confirm=True)
    with pytest.raises(ValidationError):
        services.member_consent(
            actor=world.user("admin", "other_municipality"), member=member, confirm=False
        )
    member.refresh_from_db()
    assert member.is_pending

    services.member_consent(
        actor=world.user("admin", "other_municipality"), member=member, confirm=True
    )

    member.refresh_from_db()
    assert member.is_consenting
    assert member.consent_given_by == world.user("admin", "other_municipality")
    [event] = _events("group.consent")
    assert event.municipality == world.b


def test_revoking_is_recorded_and_final_until_a_new_invitation(world):
    group = group_of(world.a, world.b)
    member = GroupMember.objects.get(group=group, municipality=world.b)
    b_admin = world.user("admin", "other_municipality")

    services.member_revoke(actor=b_admin, member=member, confirm=True)

    member.refresh_from_db()
    assert not member.is_consenting
    assert member.revoked_by == b_admin
    with pytest.raises(ValidationError):
        services.member_revoke(actor=b_admin, member=member, confirm=True)
    with pytest.raises(ValidationError):
        services.member_consent(actor=b_admin, member=member, confirm=True)
    [event] = _events("group.revoke")
    assert event.municipality == world.b
    # A new invitation is a new row; the revoked one stays as the record.
    services.member_invite(
        actor=world.user("admin"), group=group, inviting=world.a, invited=world.b
    )
    assert GroupMember.objects.filter(group=group, municipality=world.b).count() == 2


def test_declining_an_invitation_is_recorded_as_declined(world):
    group = group_of(world.a, invited=(world.b,))
    member = GroupMember.objects.get(group=group, municipality=world.b)

    services.member_revoke(
        actor=world.user("admin", "other_municipality"), member=member, confirm=True
    )

    member.refresh_from_db()
    assert member.revoked_at is not None
    assert member.consent_given_at is None
    assert len(_events("group.decline")) == 1


def test_an_admin_of_a_municipality_cannot_revoke_another_municipalitys_consent(world):
    group = group_of(world.a, world.b)
    member = GroupMember.objects.get(group=group, municipality=world.b)

    with pytest.raises(PermissionDenied):
        services.member_revoke(actor=world.user("admin"), member=member, confirm=True)

    member.refresh_from_db()
    assert member.is_consenting
