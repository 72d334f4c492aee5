"""Which membership a user is acting as, and switching between them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samordna.core.models import Membership

SESSION_KEY = "samordna_membership"


def active_memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation", "municipality")
        .order_by("municipality__name", "organisation__name", "role")
    )


def current_membership(request: HttpRequest) -> Membership | None:
    memberships = active_memberships(request.user)
    request.memberships = memberships  # type: ignore[attr-defined]
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    return next((m for m in memberships if m.pk == chosen), memberships[0])


def choose_membership(request: HttpRequest, membership_id: int) -> Membership | None:
    """Switch to one of the user's own memberships; anything else is ignored."""
    membership = next((m for m in active_memberships(request.user) if m.pk == membership_id), None)
    if membership is not None:
        request.session[SESSION_KEY] = membership.pk
    return membership
