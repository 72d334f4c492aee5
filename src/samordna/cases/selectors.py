"""The only way other apps may read cases: aggregate counts, never a case.

Every count under SUPPRESS_BELOW is returned in words ("för få för att visa"), never
the number (also 0: that too says something about a small group). "<5" read as
"under five days" next to a median, so the words say what it is. No pseudonyms, no ids.
"""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count, Sum

from samordna.cases.models import Domain, Need, Programme
from samordna.cases.responsibility import gaps

SUPPRESS_BELOW = 5
SUPPRESSED = "för få för att visa"


def suppress(count: int) -> int | str:
    return count if count >= SUPPRESS_BELOW else SUPPRESSED


def leadership_aggregates(*, programme: Programme) -> dict[str, Any]:
    """What the leadership group sees of a programme; every number suppressed under 5."""
    # Erased cases count too: what erasure keeps is exactly these anonymous statistics.
    needs = Need.objects.filter(case__programme=programme)
    by_domain = dict(needs.values_list("domain").annotate(n=Count("id")).order_by())
    days = [
        (n.accepted_at - n.created_at).total_seconds() / 86400
        for n in needs.filter(accepted_at__isnull=False).only("created_at", "accepted_at")
        if n.accepted_at is not None
    ]
    median = round(statistics.median(days), 1) if len(days) >= SUPPRESS_BELOW else None
    return {
        "programme": programme.name,
        "open_cases": suppress(programme.cases.filter(status="open").count()),
        "needs_by_domain": [
            (label, suppress(by_domain.get(value, 0))) for value, label in Domain.choices
        ],
        "open_gaps": suppress(needs.filter(gaps()).count()),
        "escalated": suppress(needs.filter(gaps(), escalated_at__isnull=False).count()),
        "bounces": suppress(needs.aggregate(n=Sum("bounces"))["n"] or 0),
        # A median over fewer than five needs would describe a handful of children.
        "median_days_to_owner": median if median is not None else SUPPRESSED,
    }


def leadership_programmes(user: Any, roles: Any = None) -> Any:
    """The programmes whose aggregates `user` may see (leadership and coordinators,
    or the given roles)."""
    from samordna.core.policies import municipality_ids
    from samordna.core.roles import Role

    wanted = roles if roles is not None else {Role.LEADERSHIP, Role.TSI_COORDINATOR}
    ids = municipality_ids(user, wanted)
    return Programme.objects.filter(municipality_id__in=ids, is_active=True).order_by("name")
