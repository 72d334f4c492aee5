"""Reads of municipality groups, scoped to the acting membership's municipality."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from samordna.core.models import Membership, Municipality
from samordna.groups.models import GroupMember, MunicipalityGroup
from samordna.groups.policies import GROUP_ADMINS, READERS


def groups_of(municipality: Municipality) -> QuerySet[MunicipalityGroup]:
    """The groups the municipality consents to share with."""
    ids = GroupMember.objects.consenting().filter(municipality=municipality).values("group_id")
    return MunicipalityGroup.objects.filter(pk__in=ids).prefetch_related(
        Prefetch(
            "members",
            queryset=GroupMember.objects.consenting().select_related("municipality"),
            to_attr="consenting_members",
        )
    )


def invitations_of(municipality: Municipality) -> QuerySet[GroupMember]:
    """The invitations waiting for the municipality's answer."""
    return (
        GroupMember.objects.pending()
        .filter(municipality=municipality)
        .select_related("group", "invited_by")
    )


def access_group(membership: Membership, slug: str, *, invited: bool = False) -> MunicipalityGroup:
    """The group, when the acting municipality consents to it and the role may read it;
    with `invited`, also when the municipality is invited and the person is its admin.
    Anything else: 404, as if no such group existed."""
    mine = {"group__slug": slug, "municipality": membership.municipality}
    if membership.role in READERS and GroupMember.objects.consenting().filter(**mine).exists():
        return MunicipalityGroup.objects.get(slug=slug)
    if (
        invited
        and membership.role in GROUP_ADMINS
        and GroupMember.objects.pending().filter(**mine).exists()
    ):
        return MunicipalityGroup.objects.get(slug=slug)
    raise Http404


def member_rows(group: MunicipalityGroup) -> list[GroupMember]:
    """Every row of the group, open ones first: who is in, who is invited, who left."""
    rows = list(
        GroupMember.objects.filter(group=group).select_related(
            "municipality", "consent_given_by", "revoked_by"
        )
    )
    return sorted(rows, key=lambda m: (m.revoked_at is not None, m.municipality.name))


def open_member(group: MunicipalityGroup, municipality: Municipality) -> GroupMember | None:
    return (
        GroupMember.objects.open()
        .filter(group=group, municipality=municipality)
        .select_related("group", "municipality")
        .first()
    )


def invitable(group: MunicipalityGroup) -> QuerySet[Municipality]:
    """The active municipalities of the installation not in the group or invited.
    Municipality names are public facts; nothing else of them is shown."""
    taken = GroupMember.objects.open().filter(group=group).values("municipality_id")
    return Municipality.objects.filter(is_active=True).exclude(pk__in=taken).order_by("name")
