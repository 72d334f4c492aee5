"""Who may see and do the tertial analysis: every EST member reads it; the analysis group
(problems.policies.ANALYSIS_GROUP) starts it, writes it and selects its problems."""

from __future__ import annotations

from samordna.core.policies import TenantPolicy, register
from samordna.core.roles import EST_ROLES
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.tertial.models import TertialAnalysis, TertialSelection


@register(TertialAnalysis)
class TertialAnalysisPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = ANALYSIS_GROUP


@register(TertialSelection)
class TertialSelectionPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = ANALYSIS_GROUP
