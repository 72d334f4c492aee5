"""A picture row's situation document: the frozen one of a confirmed version, or the
live one of a draft (the document's format: docs/situation-format.md)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samordna.situation.compile import compile_document
from samordna.situation.models import SituationPicture


def picture_block(picture: SituationPicture) -> dict[str, Any]:
    """The document's `picture` block for a picture row."""
    by = picture.confirmed_by
    return {
        "status": picture.status,
        "version": picture.version,
        "confirmed_at": picture.confirmed_at.isoformat(timespec="seconds")
        if picture.confirmed_at
        else None,
        "confirmed_by": (by.get_full_name() or by.username) if by else None,
        "correction_reason": picture.correction_reason,
        # The coordinator's words at confirmation: part of every export made from it.
        "summary": picture.summary,
        "content_hash": picture.content_hash or None,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def picture_document(picture: SituationPicture) -> dict[str, Any]:
    """The frozen document of a confirmed picture, or the live one of a draft."""
    if picture.snapshot is not None:
        # A copy: the stored snapshot stays exactly as it was confirmed.
        frozen: dict[str, Any] = picture.snapshot
        return {**frozen, "picture": {**picture_block(picture), **_frozen_fields(frozen)}}
    return compile_document(
        picture.municipality, picture.period_key, picture=picture_block(picture)
    )


def _frozen_fields(document: dict[str, Any]) -> dict[str, Any]:
    # What was true at confirmation stays as it was; the status may have moved on.
    frozen = document.get("picture") or {}
    kept = ("confirmed_at", "confirmed_by", "generated_at", "summary")
    return {k: frozen[k] for k in kept if k in frozen}
