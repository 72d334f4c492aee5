"""Who may read and review reporting data. Reporters see their own organisation's
reports; coordinators and analysts see all of their municipality's; coordinators and
admins review its observations."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Q

from samordna.core.policies import Policy, TenantPolicy, municipality_ids, register
from samordna.core.roles import Role
from samordna.reports.models import (
    Category,
    ExportJob,
    Feedback,
    FeedbackItem,
    Observation,
    Report,
)

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
        # Everyone who files for an organisation sees what it filed, and what became of it
        # (REPORTING_ROLES is defined below, read at call time). The two parts are joined
        # only when both hold something: an OR keeps the database from reading the rows in
        # index order, so an analyst's newest-first page would sort the municipality's
        # whole history instead of reading its first rows (issue 20).
        read_all = municipality_ids(user, _READ_ALL)
        own_orgs = set(
            user.memberships.filter(is_active=True, role__in=REPORTING_ROLES).values_list(
                "organisation_id", flat=True
            )
        )
        scopes = [Q(municipality_id__in=read_all)] if read_all else []
        scopes += [Q(organisation_id__in=own_orgs)] if own_orgs else []
        return reduce(operator.or_, scopes) if scopes else None


@register(Report)
class ReportPolicy(_ReportingPolicy):
    pass


# Who reviews observations (correct, reject, mark as duplicate): those who run the work.
REVIEWERS = frozenset({Role.COORDINATOR, Role.ADMIN})


@register(Observation)
class ObservationPolicy(_ReportingPolicy):
    """Coordinators and admins review (change) every observation of their municipality."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action == "change":
            return Q(municipality_id__in=municipality_ids(user, REVIEWERS))
        return super().condition(user, action)


# Who files reports: the people who are out where things happen, and those who run the work.
REPORTING_ROLES = frozenset({Role.REPORTER, Role.COORDINATOR, Role.PARTNER})


def reporting_organisations(user: Any) -> Any:
    """The organisations `user` may file reports for (an active reporting membership)."""
    from samordna.core.models import Organisation

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        is_active=True,
        # A deactivated municipality shuts its users out (Membership.objects.in_force()).
        municipality__is_active=True,
        memberships__user=user,
        memberships__is_active=True,
        memberships__role__in=REPORTING_ROLES,
    ).distinct()


@register(Feedback)
class FeedbackPolicy(Policy):
    """Feedback is personal: its recipient sees it (and marks it read); nobody else."""

    def condition(self, user: Any, action: str) -> Q | None:
        if action in {"view", "change"}:
            return Q(recipient_id=user.pk)
        return None


@register(FeedbackItem)
class FeedbackItemPolicy(FeedbackPolicy):
    """A grouped item is as personal as its rows: its recipient's alone."""


@register(ExportJob)
class ExportJobPolicy(Policy):
    """A background export is the requester's alone: nobody else sees or downloads it."""

    def condition(self, user: Any, action: str) -> Q | None:
        return Q(requested_by_id=user.pk) if action == "view" else None
