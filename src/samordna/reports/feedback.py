"""Feedback to reporters (*återkoppling*, EST step 6): what became of their observations.

Every step that changes what an observation means for its reporter calls
`feedback_record` (or `_many`) inside its own transaction: the review services
(reviewed, closed, duplicate), the situation picture (in_picture) and the problem links
(linked). Each writes a row per observation and puts it in its reporter's item for the
event (`feedback_items`): the reporter is shown one item per event, not one card per
observation, in the app (`/aterkoppling/`), the header's count and, unless they
declined, the weekly e-mail digest (`send_feedback_digest`); the rows are each
observation's history in "Mina rapporter". Decisions and follow-ups, which reach every
linked reporter, go through `feedback_events` after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samordna.analysis.periods import period_kind, period_label
from samordna.core.models import User
from samordna.reports.feedback_items import Group, default_group, items_attach
from samordna.reports.models import (
    FEEDBACK_ONCE_KINDS,
    Feedback,
    FeedbackItem,
    Observation,
    Report,
)

Kind = Feedback.Kind

REVIEWED_MESSAGE = _("Samordnaren har gått igenom din iakttagelse. Den räknas med i underlaget.")
DUPLICATE_MESSAGE = _(
    "Din iakttagelse gällde samma sak som en annan rapport och har slagits ihop med den."
)


def closed_message(reason: str) -> str:
    """The reporter's words for a rejection: the reviewer's reason, said plainly."""
    with translation.override("sv"):
        return str(_("Samordnaren har avslutat din iakttagelse. Skäl: %(reason)s")) % {
            "reason": reason
        }


def feedback_record(
    *, observation: Observation, kind: str, message: str | Promise
) -> Feedback | None:
    """Tell the observation's reporter that `kind` happened to it, in `message` (Swedish).

    Call it inside the transaction that makes the change, so the feedback exists exactly
    when the change does; the caller's audit event covers both. Idempotent per
    (observation, kind): a second call returns the first row unchanged — except for
    `Feedback.Kind.CHANGED` (its problem or intervention moved on), written every time.
    A report without a reporter (an import, the demo) gets no feedback: returns None.

    For the situation picture: when a picture is confirmed, set each included
    observation's status to `in_picture` and call this with `kind=Feedback.Kind.IN_PICTURE`
    and a message that names the week, e.g. "Din iakttagelse är med i lägesbilden för
    vecka 47, som fastställdes av veckomötet." For problems and interventions: on
    linking, `kind=Feedback.Kind.LINKED` and a message naming the problem or
    intervention in words the reporter may read (no persons). The message is shown and
    mailed to the reporter as it is: never put personal data in it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("feedback_record() must be called inside the caller's transaction")
    if kind not in Kind.values:
        raise ValueError(f"Unknown feedback kind: {kind!r}")
    reporter_id = (
        Report.objects.filter(pk=observation.report_id).values_list("reporter_id", flat=True).get()
    )
    if reporter_id is None:
        return None
    # Stored in Swedish, whatever language the person who caused it reads the app in.
    with translation.override("sv"):
        text = str(message)
    if kind in FEEDBACK_ONCE_KINDS:
        done = Feedback.objects.filter(observation=observation, kind=kind).first()
        if done is not None:
            return done
    feedback = Feedback(
        observation=observation,
        kind=kind,
        message=text,
        recipient_id=reporter_id,
        municipality_id=observation.municipality_id,
    )
    items_attach([feedback], default_group(kind, text, observation.pk))
    feedback.save()
    return feedback


def feedback_record_many(
    *,
    observation_ids: Iterable[int],
    kind: str,
    message: str | Promise,
    group: Group | None = None,
) -> int:
    """`feedback_record` for many observations at once (a confirmed picture's); returns
    how many new rows were written. Same rules: inside the caller's transaction,
    idempotent per (observation, kind) but for CHANGED, none for observations without a
    reporter. Each reporter gets one item for all their rows: `group` names the event
    and its sentences (by default the message is the event)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("feedback_record_many() must run inside the caller's transaction")
    if kind not in Kind.values:
        raise ValueError(f"Unknown feedback kind: {kind!r}")
    with translation.override("sv"):
        text = str(message)
    ids = list(observation_ids)
    done = (
        set(
            Feedback.objects.filter(observation_id__in=ids, kind=kind).values_list(
                "observation_id", flat=True
            )
        )
        if kind in FEEDBACK_ONCE_KINDS
        else set()
    )
    rows = [
        Feedback(
            observation_id=pk,
            kind=kind,
            message=text,
            recipient_id=reporter_id,
            municipality_id=municipality_id,
        )
        for pk, reporter_id, municipality_id in Observation.objects.filter(
            pk__in=ids, report__reporter__isnull=False
        ).values_list("pk", "report__reporter_id", "municipality_id")
        if pk not in done
    ]
    if rows:
        items_attach(rows, group or default_group(kind, text, rows[0].observation_id))
    Feedback.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def feedback_mark_read(*, user: User, ids: Iterable[int]) -> int:
    """Mark `user`'s own feedback items among `ids` (and their rows) as read now; others'
    ids are ignored.

    Not audited: it is the reader's own receipt, written every time they open the page,
    and changes nothing anybody else sees. Returns how many items changed.
    """
    now = timezone.now()
    mine = list(
        FeedbackItem.objects.restrict(user, "change")
        .filter(pk__in=list(ids), read_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if not mine:
        return 0
    Feedback.objects.filter(item_id__in=mine, read_at__isnull=True).update(read_at=now)
    return FeedbackItem.objects.filter(pk__in=mine).update(read_at=now)


def place_in_words(observation: Observation) -> str:
    """Where, as the reporter would say it: the place, the address they wrote, the area."""
    parts = [
        observation.place.name if observation.place else observation.address,
        observation.area.name if observation.area else "",
    ]
    words = ", ".join(part for part in parts if part)
    return words or str(_("en punkt på kartan"))


def unread_count(user: User) -> int:
    """How many of `user`'s feedback items are unread: one indexed COUNT."""
    return FeedbackItem.objects.restrict(user).filter(read_at__isnull=True).count()


def feedback_in_picture(*, observation_ids: Iterable[int], picture_id: int, period_key: str) -> int:
    """Tell the reporters that their observations are in the confirmed picture of
    `period_key`: a row per observation, one item per reporter ("3 av dina …")."""
    label = period_label(period_key)
    if period_kind(period_key) == "week":
        where = f"veckans lägesbild (v. {int(period_key[-2:])})"
    else:
        where = f"lägesbilden för {label}"
    group = Group(
        key=f"picture:{picture_id}",
        one=f"Din iakttagelse kom med i {where}.",
        many=f"{{count}} av dina iakttagelser kom med i {where}.",
    )
    return feedback_record_many(
        observation_ids=observation_ids,
        kind=Kind.IN_PICTURE,
        message=f"Din iakttagelse är med i lägesbilden för {label}, som nu är fastställd.",
        group=group,
    )
