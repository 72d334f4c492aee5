"""Who may do what with the county's view and the law's checklist.

- A municipality's administrators decide whether it shares with its county.
- Its coordinators, analysts, management and administrators read the law's checklist;
  coordinators and administrators name the coordination function.
- A county officer (`core.CountyMembership`, active) reads the aggregates and the
  compliance of the county's municipalities that share with it now, nothing else.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from samordna.core.models import CountyMembership, Municipality
from samordna.core.policies import TenantPolicy, municipality_ids, register
from samordna.core.roles import ADMINS, Role
from samordna.county.models import CoordinationFunction, CountySharing

CHECKLIST_READERS = frozenset({Role.COORDINATOR, Role.ANALYST, Role.MANAGEMENT, Role.ADMIN})
COORDINATION_EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN})


@register(CountySharing)
class CountySharingPolicy(TenantPolicy):
    readers = ADMINS
    writers = ADMINS


@register(CoordinationFunction)
class CoordinationFunctionPolicy(TenantPolicy):
    readers = CHECKLIST_READERS
    writers = COORDINATION_EDITORS


def require_role(actor: Any, municipality_id: int, roles: frozenset[str], message: str) -> None:
    """The services' own check: the actor holds one of `roles` in the municipality."""
    if municipality_id not in municipality_ids(actor, roles):
        raise PermissionDenied(message)


def county_codes(user: Any) -> list[str]:
    """The counties the user serves as a county officer (active memberships)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(
        CountyMembership.objects.filter(user=user, is_active=True).values_list(
            "county_code", flat=True
        )
    )


def sharing_municipalities(county_code: str) -> QuerySet[Municipality]:
    """The active municipalities of the county that share with it now."""
    shared = CountySharing.objects.filter(revoked_at__isnull=True).values("municipality_id")
    return Municipality.objects.filter(
        code__startswith=county_code, is_active=True, pk__in=shared
    ).order_by("name")
