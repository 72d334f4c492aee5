"""Situation documents as files, rendered once in the background and served from storage.

A PDF takes seconds of CPU (WeasyPrint), too long for a request. A confirmed picture's
files are rendered by a task at confirmation (situation.tasks); a draft's PDF when it is
asked for. Either way the file is stored under `SAMORDNA_VAR_DIR/pictures/`, named by
what it shows, and every later request is a file read:

- a frozen version by its picture, version and content hash (`p<id>-v<version>-<hash>`),
- a draft by its municipality, period and the hash of the document it was made from
  (`d<municipality>-<period>-<hash>`): a write that changes the draft changes its hash,
  so a stale draft file is never served.

Files are written to a temporary name and renamed into place, so a file that exists is
complete. A redaction or a correction forgets a picture's files (`forget`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from samordna.situation.compile import content_hash
from samordna.situation.exports import FILE_EXTENSIONS, render

# Formats slow enough to be rendered in the background; the rest are made on request.
BACKGROUND = frozenset({"pdf"})
# A render asked for less than this long ago is not asked for again (the page refreshes).
PENDING_SECONDS = 120
MAX_AGE_SECONDS = 60 * 60 * 24 * 30
DRAFT_BLOCK = ("status", "version", "summary", "correction_reason")


@dataclass(frozen=True)
class Target:
    """Which file: whose document, of which format, in which language."""

    stem: str
    fmt: str
    language: str

    @property
    def path(self) -> Path:
        return directory() / f"{self.stem}-{self.language}.{FILE_EXTENSIONS[self.fmt]}"

    @property
    def marker(self) -> Path:
        return self.path.with_suffix(self.path.suffix + ".pending")


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "pictures"
    path.mkdir(parents=True, exist_ok=True)
    return path


def frozen_stem(picture_id: int, version: int, hash: str) -> str:
    return f"p{picture_id}-v{version}-{hash[:16]}"


def draft_stem(municipality_id: int, key: str, document: Mapping[str, Any]) -> str:
    """By the draft's content and what the coordinator may change in its picture block
    (not its `generated_at`, which is new at every compilation)."""
    block = document.get("picture") or {}
    said = json.dumps([block.get(k) for k in DRAFT_BLOCK], ensure_ascii=False, default=str)
    digest = hashlib.sha256((content_hash(dict(document)) + said).encode()).hexdigest()
    return f"d{municipality_id}-{key}-{digest[:16]}"


def target(stem: str, fmt: str) -> Target:
    return Target(stem, fmt, translation.get_language() or settings.LANGUAGE_CODE)


def stored(where: Target) -> bytes | None:
    """The file's bytes if it has been rendered; None otherwise."""
    try:
        return where.path.read_bytes()
    except FileNotFoundError:
        return None


def store(where: Target, document: Mapping[str, Any]) -> bytes:
    """Render `document` into `where` (whole or not at all) and return the bytes."""
    with translation.override(where.language):
        data = render(document, where.fmt)
    handle, temporary = tempfile.mkstemp(dir=directory(), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, where.path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    where.marker.unlink(missing_ok=True)
    return data


def asked_recently(where: Target) -> bool:
    try:
        return time.time() - where.marker.stat().st_mtime < PENDING_SECONDS
    except FileNotFoundError:
        return False


def mark_asked(where: Target) -> None:
    where.marker.touch()


def forget(picture_id: int) -> int:
    """Delete every stored file of a picture's versions; how many were deleted."""
    removed = 0
    for path in directory().glob(f"p{picture_id}-v*"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def forget_on_commit(picture_id: int) -> None:
    transaction.on_commit(lambda: forget(picture_id))


def cleanup(max_age: float = MAX_AGE_SECONDS) -> int:
    """Delete drafts' files and leftovers older than `max_age` seconds (a frozen
    version's files are kept: they are what was sent)."""
    limit, removed = time.time() - max_age, 0
    for path in directory().iterdir():
        stale = path.name.startswith("d") or path.suffix in (".part", ".pending")
        if stale and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
