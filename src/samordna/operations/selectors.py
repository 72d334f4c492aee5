"""What the operator reads: each municipality's tenancy and how far its onboarding has
come, as counts and dates. Never a municipality's content (area, place, report or
people's names): the operator runs the installation, the municipality owns its data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from samordna.core.models import Area, Membership, Municipality, Organisation, User
from samordna.core.roles import Role
from samordna.integrations.sweden import COUNTIES, MUNICIPALITIES, SwedishMunicipality
from samordna.reports.models import Report


def county_of(municipality: Municipality) -> str:
    return COUNTIES.get(municipality.code[:2], "")


def not_yet_added() -> list[SwedishMunicipality]:
    """Sweden's municipalities that the installation does not hold yet, by name."""
    taken = set(Municipality.objects.values_list("code", flat=True))
    return sorted((m for m in MUNICIPALITIES if m.code not in taken), key=lambda m: m.name)


def municipalities() -> QuerySet[Municipality]:
    """Every municipality of the installation with its active users, its areas and the
    date of its latest report (one query; each count a subquery, so none multiplies
    another)."""
    users = (
        Membership.objects.in_force()
        .filter(municipality=OuterRef("pk"), user__is_active=True)
        .order_by()
        .values("municipality")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    areas = (
        Area.objects.filter(municipality=OuterRef("pk"), is_active=True)
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = (
        Report.objects.filter(municipality=OuterRef("pk"))
        .order_by()
        .values("municipality")
        .annotate(latest=Max("submitted_at"))
        .values("latest")
    )
    return Municipality.objects.annotate(
        active_users=Subquery(users),
        area_count=Subquery(areas),
        latest_report=Subquery(latest),
    ).order_by("name")


@dataclass(frozen=True)
class Onboarding:
    """How far a municipality has come: counts only, and whether its admin has signed in."""

    areas_by_kind: list[tuple[str, int]]
    organisations: int
    admins_invited: int
    admins_signed_in: int
    active_users: int
    latest_report: datetime | None

    @property
    def areas(self) -> int:
        return sum(n for _, n in self.areas_by_kind)


def onboarding(municipality: Municipality) -> Onboarding:
    kinds = dict(Area.Kind.choices)
    by_kind = (
        Area.objects.filter(municipality=municipality, is_active=True)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    admins = User.objects.filter(
        memberships__in=Membership.objects.filter(municipality=municipality, role=Role.ADMIN)
    ).distinct()
    counts = admins.aggregate(
        invited=Count("pk", distinct=True),
        signed_in=Count("pk", distinct=True, filter=Q(last_login__isnull=False)),
    )
    row: Any = municipalities().get(pk=municipality.pk)
    return Onboarding(
        areas_by_kind=sorted((str(kinds.get(kind, kind)), n) for kind, n in by_kind),
        organisations=Organisation.objects.filter(municipality=municipality).count(),
        admins_invited=counts["invited"],
        admins_signed_in=counts["signed_in"],
        active_users=row.active_users or 0,
        latest_report=row.latest_report,
    )
