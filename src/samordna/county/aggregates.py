"""The county's aggregates: each confirmed week picture's counts per category and tertial.

Written once per confirmation (the receiver of `situation.signals.picture_confirmed`)
from that one frozen document, so the county view never reads the documents nor the
observations. A correction, once confirmed, replaces its week; an older version never
overwrites a newer one. `samordna county_backfill` rebuilds the table from every
confirmed week picture: idempotent, it also repairs a receiver that failed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from samordna.analysis.periods import tertial
from samordna.county.models import ConfirmedWeek, WeekCount
from samordna.reports.models import Category
from samordna.situation.models import SituationPicture

CONFIRMED = (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)


def on_picture_confirmed(sender: object, *, picture_id: int, **kwargs: Any) -> None:
    """Receiver: a confirmed week picture's counts go into the aggregates."""
    picture = SituationPicture.objects.filter(pk=picture_id, kind="week").first()
    if picture is not None:
        store_picture(picture)


def national_codes(municipality_id: int) -> dict[str, str]:
    """Each category code the municipality may use -> its national category's code
    ("" for a local category with no national ancestor)."""
    categories = {
        c.pk: c
        for c in Category.objects.filter(Q(municipality=None) | Q(municipality_id=municipality_id))
    }
    found = {}
    for category in categories.values():
        node: Category | None = category
        while node is not None and node.municipality_id is not None:
            node = categories.get(node.parent_id) if node.parent_id else None
        found[category.code] = node.code if node is not None else ""
    return found


def picture_counts(document: dict[str, Any], codes: dict[str, str]) -> Counter[tuple[str, str]]:
    """(tertial, national category) -> observations of one frozen week document."""
    counts: Counter[tuple[str, str]] = Counter()
    observations = document.get("observations")
    if observations is not None:
        for observation in observations:
            moment = datetime.fromisoformat(observation["occurred_from"])
            counts[(tertial(moment), codes.get(observation["category"], ""))] += 1
        return counts
    # A document without its observations: the week counts in the tertial of its Monday.
    start = tertial(date.fromisoformat(document["period"]["start"]))
    for category in document.get("categories", []):
        counts[(start, codes.get(category["code"], ""))] += int(category.get("count") or 0)
    return counts


def store_picture(picture: SituationPicture, codes: dict[str, str] | None = None) -> bool:
    """Put a confirmed week picture's counts in the aggregates; False when it is not
    confirmed, not a week, or older than the version already stored."""
    if picture.kind != "week" or picture.status not in CONFIRMED or picture.snapshot is None:
        return False
    codes = codes if codes is not None else national_codes(picture.municipality_id)
    counts = picture_counts(picture.snapshot, codes)
    with transaction.atomic():
        week = (
            ConfirmedWeek.objects.select_for_update()
            .filter(municipality_id=picture.municipality_id, week_key=picture.period_key)
            .first()
        )
        if week is not None and week.version > picture.version:
            return False
        if week is None:
            week = ConfirmedWeek(
                municipality_id=picture.municipality_id, week_key=picture.period_key
            )
        week.picture, week.version = picture, picture.version
        week.confirmed_at = picture.confirmed_at or picture.created_at
        week.total = sum(counts.values())
        week.save()
        week.counts.all().delete()
        WeekCount.objects.bulk_create(
            WeekCount(
                week=week,
                municipality_id=picture.municipality_id,
                week_key=picture.period_key,
                tertial_key=tertial_key,
                category_code=code,
                count=n,
            )
            for (tertial_key, code), n in sorted(counts.items())
        )
    return True


def backfill(municipality_ids: list[int] | None = None) -> int:
    """Store every confirmed week picture (newest version last); the number stored."""
    pictures = SituationPicture.objects.filter(
        kind="week", status__in=CONFIRMED, snapshot__isnull=False
    ).order_by("municipality_id", "period_key", "version")
    if municipality_ids is not None:
        pictures = pictures.filter(municipality_id__in=municipality_ids)
    stored = 0
    codes: dict[int, dict[str, str]] = {}
    for picture in pictures.iterator(chunk_size=200):
        if picture.municipality_id not in codes:
            codes[picture.municipality_id] = national_codes(picture.municipality_id)
        stored += store_picture(picture, codes[picture.municipality_id])
    return stored
