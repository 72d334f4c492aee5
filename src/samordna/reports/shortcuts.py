"""The report form's shortcuts: the municipality's most used categories and the places
this reporter used last, so the usual answer is the first one on a phone.

Both are read only to draw the form, never when a report is filed. The categories are
one grouped count over the last 90 days, cached for an hour per municipality: the
order changes slowly and nobody is harmed by an hour-old order.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from samordna.reports.models import Observation

TOP_CATEGORIES = 5
RECENT_PLACES = 3
TOP_WINDOW = timedelta(days=90)
TOP_CACHE_SECONDS = 3600


def top_category_ids(municipality_id: int) -> list[int]:
    """The ids of the municipality's most reported categories the last 90 days."""
    key = f"samordna:reports:top-categories:{municipality_id}"
    found: list[int] | None = cache.get(key)
    if found is None:
        since = timezone.now() - TOP_WINDOW
        rows = (
            Observation.objects.filter(municipality_id=municipality_id, occurred_from__gte=since)
            .values("category_id")
            .annotate(n=Count("id"))
            .order_by("-n", "category_id")[: TOP_CATEGORIES * 2]
        )
        # A few spare ones: the caller drops categories this user cannot choose.
        found = [row["category_id"] for row in rows]
        cache.set(key, found, TOP_CACHE_SECONDS)
    return found


def recent_place_ids(reporter_id: int, municipality_id: int) -> list[int]:
    """The places this reporter filed last, newest first, without repeats."""
    ids = (
        Observation.objects.filter(
            report__reporter_id=reporter_id,
            municipality_id=municipality_id,
            place__isnull=False,
        )
        .order_by("-report__submitted_at", "-id")
        .values_list("place_id", flat=True)[:30]
    )
    seen: list[int] = []
    for pk in ids:
        if pk not in seen:
            seen.append(pk)
    return seen[: RECENT_PLACES * 2]
