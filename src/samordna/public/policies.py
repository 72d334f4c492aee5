"""Who may change what a municipality publishes: its coordinators and administrators.

Reading the public page needs no policy: it shows aggregates only, to anybody.
"""

from __future__ import annotations

from samordna.core.policies import TenantPolicy, register
from samordna.core.roles import Role
from samordna.public.models import Publication

EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN})


@register(Publication)
class PublicationPolicy(TenantPolicy):
    readers = EDITORS
    writers = EDITORS
