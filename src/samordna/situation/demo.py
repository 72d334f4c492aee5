"""Confirmed weekly pictures for a demo municipality's recent weeks (issue 19: the county's
view and a group's joint picture read confirmed pictures, never raw observations).

Idempotent: a week whose picture is already confirmed is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta

from samordna.analysis.periods import iso_week
from samordna.core.models import Municipality, User
from samordna.situation.models import SituationPicture
from samordna.situation.services import picture_confirm, picture_prepare

_OPEN = (SituationPicture.Status.DRAFT, SituationPicture.Status.PROPOSED)


def confirm_recent_weeks(
    municipality: Municipality, *, actor: User, today: date, weeks: int
) -> int:
    """Confirm the pictures of the `weeks` complete weeks before `today`'s, oldest first, as
    `actor` (the coordinator). Returns how many were confirmed now."""
    confirmed = 0
    for back in range(weeks, 0, -1):
        key = iso_week(today - timedelta(days=7 * back))
        picture = picture_prepare(actor=None, municipality=municipality, key=key)
        if picture.status in _OPEN:
            picture_confirm(actor=actor, picture=picture)
            confirmed += 1
    return confirmed
