"""The header's "Återkoppling (N)": how much of the signed-in user's feedback is unread."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from samordna.reports.feedback import unread_count


def feedback(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: the one COUNT runs only when a page actually draws the header, and only once.
    return {"unread_feedback": SimpleLazyObject(lambda: unread_count(user))}
