"""The header's "Ny lägesbild": a confirmed picture sent to the user and not yet opened."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from samordna.situation.models import Delivery


def _newest_unread(user: Any) -> Delivery | None:
    # The person's own deliveries, which is the policy's "own" clause: one query, on
    # every page, instead of the policy's role lookups.
    return (
        Delivery.objects.filter(
            recipient__user_id=user.pk, recipient__is_active=True, read_at__isnull=True
        )
        .select_related("picture")
        .order_by("-picture__period_key", "-id")
        .first()
    )


def pictures(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: the query runs only when a page draws the header.
    return {"unread_picture": SimpleLazyObject(lambda: _newest_unread(user))}
