"""Policies for the cases app. Nothing here is readable by an EST role.

`view` on a case and its parts follows `access.grants` (consent, team, coordinator);
`manage` (consent, guardians, team, access log) belongs to the programme's
coordinator. The access log and guardians are never part of any general list.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from samordna.cases import access
from samordna.cases.models import (
    Case,
    CaseAccess,
    CaseTeamMember,
    Consent,
    Disclosure,
    Escalation,
    Guardian,
    Need,
    OtherBasis,
    Programme,
    ProgrammeMember,
)
from samordna.core.policies import Policy, municipality_ids, register
from samordna.core.roles import TSI_ROLES, Role


@register(Programme)
class ProgrammePolicy(Policy):
    """TSI roles see their municipality's programmes (names only, no children)."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        return Q(municipality_id__in=municipality_ids(user, TSI_ROLES))


@register(ProgrammeMember)
class ProgrammeMemberPolicy(Policy):
    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        return Q(municipality_id__in=municipality_ids(user, {Role.TSI_COORDINATOR}))


@register(Case)
class CasePolicy(Policy):
    """`view`: the cases the user may read now; `manage`: those they coordinate."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action == "view":
            return Q(pk__in=access.readable_case_ids(user))
        if action == "manage":
            return Q(pk__in=access.coordinated_case_ids(user))
        return None


class _CasePartPolicy(Policy):
    """Parts of a case: readable with the case, managed by its coordinator."""

    readable_with_case = True

    def condition(self, user: Any, action: str) -> Q | None:
        if action == "view" and self.readable_with_case:
            return Q(case_id__in=access.readable_case_ids(user))
        if action in {"view", "manage"}:
            return Q(case_id__in=access.coordinated_case_ids(user))
        return None


@register(CaseTeamMember)
class CaseTeamPolicy(_CasePartPolicy):
    pass


@register(Need)
class NeedPolicy(_CasePartPolicy):
    pass


@register(Disclosure)
class DisclosurePolicy(_CasePartPolicy):
    pass


@register(Guardian)
class GuardianPolicy(_CasePartPolicy):
    readable_with_case = False


@register(Consent)
class ConsentPolicy(_CasePartPolicy):
    readable_with_case = False


@register(OtherBasis)
class OtherBasisPolicy(_CasePartPolicy):
    readable_with_case = False


@register(CaseAccess)
class CaseAccessPolicy(Policy):
    """The access log: the coordinator of the case's programme reads it; nobody writes."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        # Probes of ids that do not exist have no case: the coordinators of the
        # prober's municipality see them.
        probes = Q(case__isnull=True, municipality_id__in=_coordinated_municipalities(user))
        return Q(case_id__in=access.coordinated_case_ids(user)) | probes


def _coordinated_municipalities(user: Any) -> set[int]:
    programmes = access.coordinated_programme_ids(user)
    return set(
        Programme.objects.filter(pk__in=programmes).values_list("municipality_id", flat=True)
    )


@register(Escalation)
class EscalationPolicy(Policy):
    """Escalated questions name no child: the leadership group and the coordinators."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        roles = {Role.LEADERSHIP, Role.TSI_COORDINATOR}
        return Q(municipality_id__in=municipality_ids(user, roles))


def _register_work() -> None:
    from samordna.cases.models import CaseMeeting, Factor, Goal, MeetingCase, SupportAction

    for model in (Factor, Goal, SupportAction, MeetingCase):
        register(model)(type(f"{model.__name__}Policy", (_CasePartPolicy,), {}))

    @register(CaseMeeting)
    class CaseMeetingPolicy(Policy):
        """Meetings (dates and kinds, no children) for the programme's people."""

        def condition(self, user: Any, action: str) -> Q | None:
            if action != "view":
                return None
            return Q(programme__members__user_id=user.pk) & Q(
                municipality_id__in=municipality_ids(user, TSI_ROLES)
            )


_register_work()
