"""Who sees external events: every member of the municipality the event belongs to.

Nobody writes through the app: events arrive only through the import services
(`samordna import_polisen`, `samordna poll_polisen`), which act as the system.
Events that belong to no registered municipality (county-only events, or
municipalities not in Samordna) are visible to nobody here.
"""

from __future__ import annotations

from samordna.core.policies import TenantPolicy, register
from samordna.core.roles import ALL_ROLES
from samordna.integrations.models import ExternalEvent


@register(ExternalEvent)
class ExternalEventPolicy(TenantPolicy):
    readers = ALL_ROLES
    writers: frozenset[str] = frozenset()
