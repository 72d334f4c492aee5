"""Who may see, decide and report on interventions.

Everyone in a municipality's EST work reads its interventions; coordinators and admins
create them (usually at the weekly meeting) and change any of them; the owner
organisation's people (not its reporters) change their own and report their status, and
so may coordinators and admins, who take the reports at the meeting.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from samordna.core.policies import TenantPolicy, municipality_ids, register
from samordna.core.roles import Role
from samordna.interventions.models import (
    FollowUp,
    Intervention,
    InterventionUpdate,
)

EST_ROLES = frozenset(
    {Role.REPORTER, Role.COORDINATOR, Role.ANALYST, Role.PARTNER, Role.MANAGEMENT, Role.ADMIN}
)
DECIDERS = frozenset({Role.COORDINATOR, Role.ADMIN})
# An owner organisation's members who answer for it (a reporter files observations only).
OWNER_ROLES = EST_ROLES - {Role.REPORTER}


@register(Intervention)
class InterventionPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = DECIDERS

    def condition(self, user: Any, action: str) -> Q | None:
        if action in {"report", "change"}:
            own = user.memberships.in_force().filter(role__in=OWNER_ROLES).values("organisation_id")
            return Q(municipality_id__in=municipality_ids(user, DECIDERS)) | Q(
                owner_organisation_id__in=own
            )
        if action in {"view", "add"}:
            return super().condition(user, action)
        return None


@register(InterventionUpdate)
class InterventionUpdatePolicy(TenantPolicy):
    """The history is read with the intervention; it is written only by reporting."""

    readers = EST_ROLES


@register(FollowUp)
class FollowUpPolicy(TenantPolicy):
    """Read with the intervention; written by those who may report on it."""

    readers = EST_ROLES

    def condition(self, user: Any, action: str) -> Q | None:
        if action in {"add", "change"}:
            reportable = Intervention.objects.restrict(user, "report").values("pk")
            return Q(intervention_id__in=reportable)
        return super().condition(user, action)
