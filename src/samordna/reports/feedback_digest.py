"""The weekly e-mail digest of feedback (`samordna send_feedback_digest`).

Each reporter with feedback items not yet mailed gets one mail listing them (the same
grouped sentences as the page: one per event, not one per observation), unless they
declined (`User.feedback_email`). The rows are marked emailed in the same transaction
that audits the mailing, and the mail goes after commit: a run that fails halfway
never mails anybody twice, and a mail that cannot be sent puts its rows back for the
next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from samordna.core import audit
from samordna.core.models import User
from samordna.reports.feedback import place_in_words
from samordna.reports.models import Feedback, FeedbackItem, Observation

logger = logging.getLogger("samordna.feedback")

SUBJECT = "Återkoppling på dina rapporter i Samordna"


@dataclass(frozen=True)
class Digest:
    recipient: User
    items: list[FeedbackItem]


def digest_recipients() -> models.QuerySet[User]:
    """Active users with an address, who want the digest and have feedback to mail."""
    pending = FeedbackItem.objects.filter(emailed_at__isnull=True).values("recipient_id")
    recipients: models.QuerySet[User] = (
        User.objects.filter(is_active=True, feedback_email=True, pk__in=pending)
        .exclude(email="")
        .order_by("pk")
    )
    return recipients


def pending_feedback(recipient: User) -> models.QuerySet[FeedbackItem]:
    return FeedbackItem.objects.filter(recipient=recipient, emailed_at__isnull=True).order_by(
        "updated_at", "id"
    )


def feedback_send_digest(*, recipient: User, dry_run: bool = False) -> int:
    """Mail `recipient` their unmailed feedback in one digest; returns how many items.

    A dry run counts and sends nothing. Raises what the mail backend raises if the mail
    cannot be sent, after putting the rows back as unmailed.
    """
    if dry_run:
        return pending_feedback(recipient).count()
    with transaction.atomic():
        # Two runs at once must not mail the same rows: lock them (PostgreSQL; SQLite
        # serialises writers anyway).
        items = list(pending_feedback(recipient).select_for_update(of=("self",)))
        if not items:
            return 0
        ids = [item.pk for item in items]
        now = timezone.now()
        FeedbackItem.objects.filter(pk__in=ids).update(emailed_at=now)
        Feedback.objects.filter(item_id__in=ids, emailed_at__isnull=True).update(emailed_at=now)
        audit.record(
            actor=None, action="feedback.digest", target=recipient, changes={"feedback": ids}
        )
        body = render_digest(Digest(recipient, items))
        address = recipient.email
        transaction.on_commit(lambda: _send(address, body, ids, now))
    return len(items)


def render_digest(digest: Digest) -> str:
    """The mail's text, in Swedish. Only what the reporter wrote or may read in the app:
    what happened, one sentence per event, and for an event about one observation its
    category, date and place in words; never their free text."""
    site = settings.SITE_URL.rstrip("/")
    single = {
        row.item_id: row.observation
        for row in Feedback.objects.filter(item__in=[i for i in digest.items if i.count == 1])
        .select_related("observation__category", "observation__place", "observation__area")
        .order_by("created_at", "id")
    }
    with translation.override("sv"):
        rows = [
            {
                "message": item.message,
                "observation": _in_words(single.get(item.pk)),
            }
            for item in digest.items
        ]
        return render_to_string(
            "reports/feedback_digest_email.txt",
            {
                "rows": rows,
                "link": site + reverse("reports:feedback"),
                "account_link": site + reverse("core:account"),
            },
        )


def _in_words(observation: Observation | None) -> str:
    if observation is None:
        return ""
    when = date_format(timezone.localtime(observation.occurred_from), "j F Y")
    return f"{observation.category.name}, {when}, {place_in_words(observation)}"


def _send(address: str, body: str, ids: list[int], marked_at: datetime) -> None:
    try:
        send_mail(SUBJECT, body, None, [address])
    except Exception:
        # Put the rows back so the next run tries again; only the rows this run marked.
        FeedbackItem.objects.filter(pk__in=ids, emailed_at=marked_at).update(emailed_at=None)
        Feedback.objects.filter(item_id__in=ids, emailed_at=marked_at).update(emailed_at=None)
        logger.exception("feedback digest not sent; %d items back in the queue", len(ids))
        raise
