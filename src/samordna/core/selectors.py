"""Reads for core pages, always scoped through restrict()."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from samordna.analysis.periods import iso_week
from samordna.core.models import Area, AuditEvent, Membership, Organisation


def start_summary(user: Any, membership: Membership) -> dict[str, Any]:
    """The few numbers a start page opens with, for the current municipality."""
    from samordna.reports.models import Observation

    municipality = membership.municipality
    week = iso_week(timezone.now())
    observations = Observation.objects.restrict(user, "view").filter(municipality=municipality)
    counts = observations.aggregate(
        this_week=Count("id", filter=Q(week_key=week)),
        last_28_days=Count("id", filter=Q(occurred_from__gte=timezone.now() - timedelta(days=28))),
    )
    return {
        "week": week,
        "week_year": week[:4],
        "week_number": int(week[-2:]),
        "observations_this_week": counts["this_week"],
        "observations_28_days": counts["last_28_days"],
        "areas": Area.objects.restrict(user)
        .filter(municipality=municipality, is_active=True)
        .count(),
        "organisations": Organisation.objects.restrict(user)
        .filter(municipality=municipality, is_active=True)
        .count(),
    }


def area_list(user: Any, membership: Membership) -> QuerySet[Area]:
    return (
        Area.objects.restrict(user)
        .filter(municipality=membership.municipality)
        .only("id", "name", "kind", "code", "vintage", "area_m2", "is_active")
        .order_by("kind", "name")
    )


def organisation_list(user: Any, membership: Membership) -> QuerySet[Organisation]:
    return (
        Organisation.objects.restrict(user)
        .filter(municipality=membership.municipality)
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("name")
    )


def audit_events(user: Any, membership: Membership) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.restrict(user)
        .filter(municipality=membership.municipality)
        .select_related("organisation")
    )
