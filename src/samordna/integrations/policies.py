"""Who sees external events: every member of the municipality the event belongs to.

Nobody writes through the app: events arrive only through the import services
(`samordna import_polisen`, `samordna poll_polisen`), which act as the system.
Events that belong to no registered municipality (county-only events, or
municipalities not in Samordna) are visible to nobody here.

Kolada's values follow the same rule (members of the municipality read, the import
service `samordna import_kolada` writes); Kolada's key-figure metadata is public.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from samordna.core.policies import Policy, TenantPolicy, municipality_ids, register
from samordna.core.roles import ALL_ROLES
from samordna.integrations.models import ExternalEvent, KoladaKpi, KoladaValue


@register(ExternalEvent)
class ExternalEventPolicy(TenantPolicy):
    readers = ALL_ROLES
    writers: frozenset[str] = frozenset()


@register(KoladaValue)
class KoladaValuePolicy(TenantPolicy):
    """Every member of the municipality reads its Kolada values; only the import writes."""

    readers = ALL_ROLES
    writers: frozenset[str] = frozenset()


@register(KoladaKpi)
class KoladaKpiPolicy(Policy):
    """Kolada's metadata is public and shared: anyone with an active membership reads it."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view" or not municipality_ids(user, ALL_ROLES):
            return None
        return Q()
