"""Who may see and work on problems, their analyses and the tertial analysis.

Everyone in a municipality's EST work reads its problems. Coordinators, analysts and
admins create them and move them through the workflow; a partner edits only what its own
organisation owns. Management reads problems and cause analyses and never writes them:
it decides on them, it does not author them. A cause analysis is read by the analysis
group (coordinators, analysts, admins, management) and the owner organisation until it
is shared, then by every EST member.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from samordna.core.policies import TenantPolicy, municipality_ids, register
from samordna.core.roles import EST_ROLES, Role
from samordna.problems.models import (
    AreaPhase,
    Cause,
    CauseAnalysis,
    Phase,
    Problem,
    ProblemStep,
)

ANALYSIS_GROUP = frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMIN})
ANALYSIS_READERS = ANALYSIS_GROUP | {Role.MANAGEMENT}
# An owner organisation's members who answer for it (a reporter files observations only).
OWNER_ROLES = EST_ROLES - {Role.REPORTER}
# Of those, who may write the organisation's problems and analyses: management reads and
# decides, it never authors (issue 17).
OWNER_WRITER_ROLES = OWNER_ROLES - {Role.MANAGEMENT}


def own_organisations(user: Any) -> Any:
    """The organisations the user answers for (subquery of ids)."""
    return user.memberships.in_force().filter(role__in=OWNER_ROLES).values("organisation_id")


def writing_organisations(user: Any) -> Any:
    """The organisations whose problems and analyses the user may write (subquery of ids)."""
    return user.memberships.in_force().filter(role__in=OWNER_WRITER_ROLES).values("organisation_id")


@register(Problem)
class ProblemPolicy(TenantPolicy):
    readers = EST_ROLES
    writers = ANALYSIS_GROUP

    def condition(self, user: Any, action: str) -> Q | None:
        if action == "change":
            return Q(municipality_id__in=municipality_ids(user, ANALYSIS_GROUP)) | Q(
                owner_organisation_id__in=writing_organisations(user)
            )
        if action in {"view", "add"}:
            return super().condition(user, action)
        return None


@register(ProblemStep)
class ProblemStepPolicy(TenantPolicy):
    """The history is read with the problem; it is written only by the workflow."""

    readers = EST_ROLES


@register(CauseAnalysis)
class CauseAnalysisPolicy(TenantPolicy):
    def condition(self, user: Any, action: str) -> Q | None:
        group = Q(municipality_id__in=municipality_ids(user, ANALYSIS_GROUP))
        owner = Q(problem__owner_organisation_id__in=own_organisations(user))
        writer = Q(problem__owner_organisation_id__in=writing_organisations(user))
        if action == "view":
            return (
                group
                | owner
                | Q(municipality_id__in=municipality_ids(user, ANALYSIS_READERS))
                | Q(is_shared=True, municipality_id__in=municipality_ids(user, EST_ROLES))
            )
        if action in {"add", "change"}:
            return group | writer
        if action == "share":  # who else reads it is the analysis group's decision
            return group
        return None


@register(Cause)
class CausePolicy(TenantPolicy):
    def condition(self, user: Any, action: str) -> Q | None:
        visible = CauseAnalysis.objects.restrict(user, action).values("pk")
        if action in {"view", "add", "change"}:
            return Q(analysis_id__in=visible)
        return None


@register(Phase)
class PhasePolicy(TenantPolicy):
    readers = EST_ROLES
    writers = frozenset({Role.COORDINATOR, Role.ADMIN})


@register(AreaPhase)
class AreaPhasePolicy(TenantPolicy):
    readers = EST_ROLES
    writers = ANALYSIS_GROUP
