"""Who may see and change municipality groups.

The joint picture is built from confirmed pictures only, and situation lets every EST
role read a confirmed picture (reporters too): so every EST role of a consenting member
municipality reads the group and its joint picture. An invited municipality's admin
sees the group (to decide on consent) but none of its picture until consent is given.
Only admins act for their municipality: propose a group, invite another municipality
(when their own consents), consent, decline and revoke.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from samordna.core.policies import Policy, municipality_ids, register
from samordna.core.roles import ADMINS, EST_ROLES
from samordna.groups.models import GroupMember, MunicipalityGroup

READERS = EST_ROLES
GROUP_ADMINS = ADMINS


def _consenting_in(user: Any) -> Q:
    return Q(
        consent_given_at__isnull=False,
        revoked_at__isnull=True,
        municipality__is_active=True,
        municipality_id__in=municipality_ids(user, READERS),
    )


def _invited_admin(user: Any) -> Q:
    return Q(
        consent_given_at__isnull=True,
        revoked_at__isnull=True,
        municipality_id__in=municipality_ids(user, GROUP_ADMINS),
    )


def visible_group_ids(user: Any) -> Any:
    """The ids of the groups the user sees, as a subquery."""
    return GroupMember.objects.filter(_consenting_in(user) | _invited_admin(user)).values(
        "group_id"
    )


@register(MunicipalityGroup)
class MunicipalityGroupPolicy(Policy):
    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None  # every write goes through the services, which check the admin
        return Q(pk__in=visible_group_ids(user))


@register(GroupMember)
class GroupMemberPolicy(Policy):
    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        return Q(group_id__in=visible_group_ids(user))


def require_admin(actor: Any, municipality_id: int, message: str) -> None:
    """The services' own check: only an admin of the municipality acts for it."""
    if municipality_id not in municipality_ids(actor, GROUP_ADMINS):
        raise PermissionDenied(message)
