"""Writing a municipality's own weekly agenda (the standard holds until one is set)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.meetings import agenda
from samordna.meetings.models import AgendaTemplate


def agenda_template_set(
    *, actor: User | None, municipality: Municipality, items: Any
) -> AgendaTemplate:
    """Set the agenda new meetings start with; meetings already started keep theirs.

    `items` is a list of {"key", "title"} (meetings.agenda); an empty key is a
    notes-only item. ValidationError in Swedish changes nothing.
    """
    try:
        cleaned = agenda.clean_items(items)
    except ValueError as exc:
        raise ValidationError({"items": str(exc)}) from exc
    with transaction.atomic():
        template, _ = AgendaTemplate.objects.update_or_create(
            municipality=municipality, defaults={"items": cleaned, "updated_at": timezone.now()}
        )
        audit.record(
            actor=actor,
            action="meeting.agenda_template",
            target=template,
            municipality=municipality,
            changes={"items": [item["title"] for item in cleaned]},
        )
    return template
