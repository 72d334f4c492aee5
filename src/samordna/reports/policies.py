"""Who may read reporting data. Reporters see their own organisation's reports;
coordinators and analysts see all of their municipality's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from samordna.core.policies import Policy, TenantPolicy, municipality_ids, register
from samordna.core.roles import Role
from samordna.reports.models import Category, Observation, Report

_READ_ALL = frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMIN})


@register(Category)
class CategoryPolicy(Policy):
    """National categories are visible to every member; local ones to their tenant."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action == "view":
            ids = municipality_ids(user, frozenset(Role))
            return (Q(municipality__isnull=True) | Q(municipality_id__in=ids)) if ids else None
        if action in {"add", "change"}:
            return Q(municipality_id__in=municipality_ids(user, {Role.COORDINATOR, Role.ADMIN}))
        return None


class _ReportingPolicy(TenantPolicy):
    """Writes go through the reporting services, which check roles themselves."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        own_orgs = user.memberships.filter(is_active=True, role=Role.REPORTER).values(
            "organisation_id"
        )
        return Q(municipality_id__in=municipality_ids(user, _READ_ALL)) | Q(
            organisation_id__in=own_orgs
        )


@register(Report)
class ReportPolicy(_ReportingPolicy):
    pass


@register(Observation)
class ObservationPolicy(_ReportingPolicy):
    pass
