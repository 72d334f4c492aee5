"""Who may see and change the action plan, the agreement and the citizen promises.

Everyone in a municipality's EST work reads them; they are the coordination function's
documents, so coordinators and admins write them (the deciders of interventions).
"""

from __future__ import annotations

from samordna.core.policies import TenantPolicy, register
from samordna.interventions.policies import DECIDERS, EST_ROLES
from samordna.plans.models import (
    ActionPlan,
    ActionPlanRevision,
    ActionPlanRow,
    Agreement,
    CitizenPromise,
    Commitment,
)

# The action plan and the agreement are the coordination function's documents.
PLAN_EDITORS = DECIDERS


@register(ActionPlan)
class ActionPlanPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = PLAN_EDITORS


@register(ActionPlanRow)
class ActionPlanRowPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = PLAN_EDITORS


@register(ActionPlanRevision)
class ActionPlanRevisionPolicy(TenantPolicy):
    """Written only by deciding or revising a plan."""

    readers = EST_ROLES


@register(Agreement)
class AgreementPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = PLAN_EDITORS


@register(CitizenPromise)
class CitizenPromisePolicy(TenantPolicy):
    readers = EST_ROLES
    writers = PLAN_EDITORS


@register(Commitment)
class CommitmentPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = PLAN_EDITORS
