"""Goals and indicators: every EST member reads them; the analysis group keeps them."""

from __future__ import annotations

from samordna.core.policies import TenantPolicy, register
from samordna.core.roles import EST_ROLES, Role
from samordna.goals.models import Goal, Indicator

GOAL_EDITORS = frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMIN})


@register(Goal)
class GoalPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = GOAL_EDITORS


@register(Indicator)
class IndicatorPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = GOAL_EDITORS
