"""Who may see and run meetings.

Coordinators and admins run the weekly meeting; partners, analysts and management read
meetings and their minutes. Reporters do not see meetings.
"""

from __future__ import annotations

from samordna.core.policies import TenantPolicy, register
from samordna.core.roles import Role
from samordna.meetings.models import AgendaTemplate, Meeting

RUNNERS = frozenset({Role.COORDINATOR, Role.ADMIN})
READERS = RUNNERS | {Role.PARTNER, Role.ANALYST, Role.MANAGEMENT}


@register(Meeting)
class MeetingPolicy(TenantPolicy):
    readers = READERS
    writers = RUNNERS


@register(AgendaTemplate)
class AgendaTemplatePolicy(TenantPolicy):
    readers = RUNNERS
    writers = RUNNERS
