"""Signals other apps listen to, so situation never imports them.

`picture_confirmed` is sent after the commit of every confirmation (`picture_confirm`),
with the keyword argument `picture_id`. Receivers run outside the confirming
transaction; an error in one is logged and never undoes the confirmation, so a receiver
must be idempotent and repairable (the county's aggregates are:
`samordna county_backfill`).
"""

from __future__ import annotations

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

picture_confirmed = Signal()


def announce_confirmed(picture_id: int) -> None:
    """Tell the listeners; one that fails is logged and never undoes the confirmation."""
    for receiver, answer in picture_confirmed.send_robust(sender=None, picture_id=picture_id):
        if isinstance(answer, Exception):
            logger.error(
                "picture_confirmed receiver %r failed",
                receiver,
                exc_info=(type(answer), answer, answer.__traceback__),
            )
