"""Permission rules, one policy object per model (Wagtail's habit).

A policy turns (user, action) into a queryset filter. Views, the API and the
CLI all ask the same policy through `Model.objects.restrict(user, action)` or
`policy_for(Model).can(user, action, obj)`. Anything not granted is denied.

The registry and the deny-all base (`register`, `policy_for`, `Policy`) live in
`policy_registry`, which imports no model, so that `querysets` (which the models
import) can find a policy without importing this module; they are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from samordna.core.models import Area, AuditEvent, Membership, Municipality, Organisation, Place
from samordna.core.policy_registry import Policy, policy_for, register
from samordna.core.roles import ADMINS, ALL_ROLES, GEOGRAPHY_EDITORS, Role

__all__ = ["Policy", "TenantPolicy", "municipality_ids", "policy_for", "register"]


def municipality_ids(user: Any, roles: Iterable[str]) -> set[int]:
    """The municipalities where the user holds an active membership with one of `roles`.

    Cached on the user object for the length of a request.
    """
    cache: dict[frozenset[str], set[int]] = user.__dict__.setdefault("_samordna_scope", {})
    key = frozenset(roles)
    if key not in cache:
        cache[key] = set(
            Membership.objects.in_force()
            .filter(user=user, role__in=key)
            .values_list("municipality_id", flat=True)
        )
    return cache[key]


class TenantPolicy(Policy):
    """Rows with a `municipality`: members read, the named roles write."""

    municipality_field = "municipality_id"
    readers: frozenset[str] = ALL_ROLES
    writers: frozenset[str] = frozenset()

    def condition(self, user: Any, action: str) -> Q | None:
        roles = self.readers if action == "view" else self.writers
        if not roles:
            return None
        return Q(**{f"{self.municipality_field}__in": municipality_ids(user, roles)})


def _register_core() -> None:
    @register(Municipality)
    class MunicipalityPolicy(TenantPolicy):
        municipality_field = "id"
        writers = ADMINS

    @register(Organisation)
    class OrganisationPolicy(TenantPolicy):
        writers = ADMINS

    @register(Area)
    class AreaPolicy(TenantPolicy):
        writers = GEOGRAPHY_EDITORS

    @register(Place)
    class PlacePolicy(TenantPolicy):
        writers = GEOGRAPHY_EDITORS

    @register(Membership)
    class MembershipPolicy(TenantPolicy):
        """Everyone sees their own memberships; admins see and manage all in their tenant."""

        readers = ADMINS
        writers = ADMINS

        def condition(self, user: Any, action: str) -> Q | None:
            admin_scope = super().condition(user, action)
            own = Q(user_id=user.pk) if action == "view" else None
            if admin_scope is None:
                return own
            return admin_scope | own if own is not None else admin_scope

    @register(AuditEvent)
    class AuditEventPolicy(TenantPolicy):
        readers = frozenset({Role.ADMIN})

        def condition(self, user: Any, action: str) -> Q | None:
            # The log is only ever read; nobody is granted anything else.
            return super().condition(user, "view") if action == "view" else None


_register_core()
