"""Reads for core pages, always scoped through restrict()."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from samordna.core.models import Area, AuditEvent, Membership, Organisation


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
        .select_related("organisation", "burst")
    )
