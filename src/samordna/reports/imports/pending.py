"""Uploaded files waiting for the person to confirm the preview.

A file lives under `SAMORDNA_VAR_DIR/imports/` only between upload and confirm (or
cancel); the session holds which files are the person's. Files left behind by a
closed browser are removed at the next upload once they are a day old.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings

SESSION_KEY = "report_imports"
MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Pending:
    token: str
    name: str
    organisation_id: int
    mapping: str = ""

    @property
    def path(self) -> Path:
        return directory() / (self.token + PurePath(self.name).suffix.lower())

    def read(self) -> bytes:
        return self.path.read_bytes()


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(session: Any, *, name: str, data: bytes, organisation_id: int, mapping: str) -> Pending:
    _remove_stale()
    pending = Pending(secrets.token_urlsafe(18), PurePath(name).name, organisation_id, mapping)
    pending.path.write_bytes(data)
    entries = dict(session.get(SESSION_KEY, {}))
    entries[pending.token] = {"name": pending.name, "org": organisation_id, "map": mapping}
    session[SESSION_KEY] = entries
    return pending


def find(session: Any, token: str) -> Pending | None:
    """The person's own pending file, or None (another session's token finds nothing)."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        return None
    pending = Pending(token, entry["name"], entry["org"], entry.get("map", ""))
    return pending if pending.path.exists() else None


def remap(session: Any, pending: Pending, mapping: str) -> None:
    entries = dict(session.get(SESSION_KEY, {}))
    entries[pending.token] = {"name": pending.name, "org": pending.organisation_id, "map": mapping}
    session[SESSION_KEY] = entries


def discard(session: Any, pending: Pending) -> None:
    pending.path.unlink(missing_ok=True)
    entries = dict(session.get(SESSION_KEY, {}))
    entries.pop(pending.token, None)
    session[SESSION_KEY] = entries


def _remove_stale() -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in directory().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
