"""Grouped feedback: one `FeedbackItem` per reporter and event, however many of their
observations the event concerns ("3 av dina iakttagelser kom med i …").

`reports.feedback` calls `items_attach` for the per-observation rows it writes, inside
the caller's transaction. An event that grows (a second observation reviewed the same
day) updates its item, which counts as new again; telling the same rows again changes
nothing, since the rows themselves are written once.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from samordna.reports.models import Feedback, FeedbackItem

Kind = Feedback.Kind


@dataclass(frozen=True)
class Group:
    """The event the rows belong to: its `key` and its sentence for one observation
    (`one`) and for several (`many`, with `{count}`). Swedish, never a person."""

    key: str
    one: str
    many: str

    def sentence(self, count: int) -> str:
        # Not str.format: a problem's title may hold braces.
        return self.one if count == 1 else self.many.replace("{count}", str(count))


def default_group(kind: str, message: str, observation_id: int) -> Group:
    """The group of a row whose writer named none: the review's by day, a rejection by
    itself (its reason is its own), anything else by its message."""
    today = timezone.localdate().isoformat()
    if kind == Kind.REVIEWED:
        many = (
            "Samordnaren har gått igenom {count} av dina iakttagelser. De räknas med i underlaget."
        )
        return Group(f"reviewed:{today}", message, many)
    if kind == Kind.DUPLICATE:
        many = (
            "{count} av dina iakttagelser gällde samma sak som andra rapporter och har "
            "slagits ihop med dem."
        )
        return Group(f"duplicate:{today}", message, many)
    if kind == Kind.CLOSED:
        return Group(f"closed:{observation_id}", message, message)
    digest = hashlib.sha256(message.encode()).hexdigest()[:20]
    return Group(f"{kind}:{digest}", message, message + " ({count} iakttagelser)")


def items_attach(rows: Sequence[Feedback], group: Group) -> None:
    """Give the unsaved `rows` (one event) their recipients' items, creating or growing
    one item per recipient. Runs inside the caller's transaction; the caller saves rows."""
    if not rows:
        return
    added = Counter(row.recipient_id for row in rows)
    existing = {
        item.recipient_id: item
        for item in FeedbackItem.objects.select_for_update().filter(
            key=group.key, recipient_id__in=list(added)
        )
    }
    now = timezone.now()
    municipality = {row.recipient_id: row.municipality_id for row in rows}
    kind = rows[0].kind
    new = [
        FeedbackItem(
            recipient_id=recipient_id,
            municipality_id=municipality[recipient_id],
            key=group.key,
            kind=kind,
            message=group.sentence(count),
            count=count,
            created_at=now,
            updated_at=now,
        )
        for recipient_id, count in added.items()
        if recipient_id not in existing
    ]
    for recipient_id, item in existing.items():  # grown: news again, for page and digest
        item.count += added[recipient_id]
        item.message = group.sentence(item.count)
        item.updated_at, item.read_at, item.emailed_at = now, None, None
        item.save(update_fields=["count", "message", "updated_at", "read_at", "emailed_at"])
    # A concurrent writer may have made one of these meanwhile (PostgreSQL does not lock
    # missing rows): keep theirs rather than fail the caller's change.
    FeedbackItem.objects.bulk_create(new, ignore_conflicts=True)
    made = FeedbackItem.objects.filter(
        key=group.key, recipient_id__in=[i.recipient_id for i in new]
    )
    existing.update({item.recipient_id: item for item in made})
    for row in rows:
        row.item = existing[row.recipient_id]
