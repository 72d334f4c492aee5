"""Which membership a user is acting as, and switching between them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from samordna.core.models import Membership, User

SESSION_KEY = "samordna_membership"


def active_memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.in_force()
        .filter(user=user)
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


def membership_in(request: HttpRequest, roles: Collection[str]) -> Membership:
    """The membership the person acts as now (set by the middleware), if its role is one
    of `roles`; otherwise PermissionDenied (403). The start of every role-gated page."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in roles:
        raise PermissionDenied
    return membership


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a page the sign-in middleware has already let through."""
    return cast(User, request.user)
