"""Events told to every reporter whose observations they concern: a meeting's decision,
a follow-up, a problem's new step. One item per reporter and event, never more.

The service that makes the change calls `feedback_event_queue` in its transaction: the
event row commits with the change, so it cannot be lost, and costs the request one
INSERT however many reporters there are. After the commit a task delivers it
(`feedback_event_task`); `send_feedback_digest` delivers whatever is
still waiting first. Delivering again changes nothing (`FeedbackItem` is unique per
recipient and key).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from samordna.reports.models import Feedback, FeedbackEvent, FeedbackItem, Observation


def feedback_event_queue(
    *, municipality_id: int, key: str, kind: str, message: str, observation_ids: Iterable[int]
) -> FeedbackEvent:
    """Record the event `key` (e.g. "decision:12") for the reporters of `observation_ids`.

    Inside the caller's transaction. `message` is shown and mailed as it is: places,
    situations, organisations and dates, never persons. Queuing the same key again adds
    the new observations' reporters only.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("feedback_event_queue() must run inside the caller's transaction")
    if kind not in Feedback.Kind.values:
        raise ValueError(f"Unknown feedback kind: {kind!r}")
    ids = sorted(set(observation_ids))
    event, created = FeedbackEvent.objects.select_for_update().get_or_create(
        key=key,
        defaults={
            "municipality_id": municipality_id,
            "kind": kind,
            "message": message,
            "observation_ids": ids,
        },
    )
    if not created:
        event.observation_ids = sorted(set(event.observation_ids) | set(ids))
        event.delivered_at = None
        event.save(update_fields=["observation_ids", "delivered_at"])
    transaction.on_commit(lambda: feedback_event_task.enqueue(event.pk))
    return event


@task()
def feedback_event_task(event_id: int) -> int:
    """Deliver one event in the task worker (`samordna db_worker`); rerunning it, or
    `send_feedback_digest` reaching it first, tells nobody twice."""
    return feedback_event_deliver(event_id)


def feedback_event_deliver(event_id: int) -> int:
    """Give each reporter of the event's observations (in its municipality) one item and
    one row on their latest such observation; returns how many reporters were told."""
    with transaction.atomic():
        event = FeedbackEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.delivered_at is not None:
            return 0
        latest: dict[int, int] = {}
        counts: dict[int, int] = {}
        rows = (
            Observation.objects.filter(
                pk__in=event.observation_ids,
                municipality_id=event.municipality_id,
                report__reporter__isnull=False,
            )
            .order_by("occurred_from", "pk")
            .values_list("pk", "report__reporter_id")
        )
        for pk, reporter_id in rows:
            latest[reporter_id] = pk
            counts[reporter_id] = counts.get(reporter_id, 0) + 1
        told = set(
            FeedbackItem.objects.filter(key=event.key, recipient_id__in=list(latest)).values_list(
                "recipient_id", flat=True
            )
        )
        now = timezone.now()
        new = [r for r in latest if r not in told]
        items = FeedbackItem.objects.bulk_create(
            [_item(event, r, counts[r], now) for r in new], batch_size=1000
        )
        Feedback.objects.bulk_create(
            [
                Feedback(
                    observation_id=latest[item.recipient_id],
                    municipality_id=event.municipality_id,
                    recipient_id=item.recipient_id,
                    kind=event.kind,
                    message=event.message,
                    item=item,
                    created_at=now,
                )
                for item in items
            ],
            batch_size=1000,
        )
        event.delivered_at = now
        event.save(update_fields=["delivered_at"])
    return len(items)


def _item(event: FeedbackEvent, recipient_id: int, count: int, now: datetime) -> FeedbackItem:
    return FeedbackItem(
        recipient_id=recipient_id,
        municipality_id=event.municipality_id,
        key=event.key,
        kind=event.kind,
        message=event.message,
        count=count,
        created_at=now,
        updated_at=now,
    )


def feedback_events_deliver_pending() -> int:
    """Deliver every event still waiting (the task's fallback); returns reporters told."""
    pending = FeedbackEvent.objects.filter(delivered_at__isnull=True).order_by("pk")
    return sum(feedback_event_deliver(pk) for pk in pending.values_list("pk", flat=True))
