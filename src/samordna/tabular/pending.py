"""Uploaded files waiting for the person to confirm the preview.

A file lives under `SAMORDNA_VAR_DIR/imports/` only between upload and confirm (or
cancel); the session holds which files are the person's, and what they said about
each (an app's `PendingUpload` subclass adds its fields). Files left behind by a
closed browser are removed at the next upload once they are a day old, and one person
holds at most MAX_PER_PERSON pending files across all their sessions and kinds: a new
upload beyond that removes their oldest (a quota on the disk they can fill).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePath
from typing import Any, Generic, TypeVar

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600
MAX_PER_PERSON = 5


@dataclass(frozen=True, kw_only=True)
class PendingUpload:
    """One uploaded file: its token, the name it was uploaded as, the column overrides."""

    token: str
    name: str
    mapping: str = ""

    @property
    def path(self) -> Path:
        return directory() / (self.token + PurePath(self.name).suffix.lower())

    def read(self) -> bytes:
        return self.path.read_bytes()


P = TypeVar("P", bound=PendingUpload)


class PendingUploads(Generic[P]):
    """The pending uploads of one kind, kept in the session under `session_key`."""

    def __init__(self, session_key: str, kind: type[P]) -> None:
        self.session_key = session_key
        self.kind = kind

    def store(self, session: Any, *, data: bytes, name: str, **fields: Any) -> P:
        _remove_stale()
        owner = _owner_tag(session)
        _make_room(owner)
        token = owner + secrets.token_urlsafe(18)
        pending = self.kind(token=token, name=PurePath(name).name, **fields)
        pending.path.write_bytes(data)
        self._save(session, pending)
        return pending

    def find(self, session: Any, token: str) -> P | None:
        """The person's own pending file, or None (another session's token finds nothing)."""
        entry = session.get(self.session_key, {}).get(token)
        if entry is None:
            return None
        try:
            pending = self.kind(token=token, **entry)
        except TypeError:  # written by an older version: as if the upload had expired
            return None
        return pending if pending.path.exists() else None

    def remap(self, session: Any, pending: P, mapping: str) -> None:
        self._save(session, replace(pending, mapping=mapping))

    def discard(self, session: Any, pending: P) -> None:
        pending.path.unlink(missing_ok=True)
        entries = dict(session.get(self.session_key, {}))
        entries.pop(pending.token, None)
        session[self.session_key] = entries

    def _save(self, session: Any, pending: P) -> None:
        entries = dict(session.get(self.session_key, {}))
        entries[pending.token] = {k: v for k, v in asdict(pending).items() if k != "token"}
        session[self.session_key] = entries


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _remove_stale() -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in directory().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _owner_tag(session: Any) -> str:
    """The start of the person's file names: whose files they are, across sessions."""
    user_id = str(session.get("_auth_user_id", ""))
    return f"u{user_id}-" if user_id.isdigit() else "u0-"


def _make_room(owner: str) -> None:
    """Remove the person's oldest pending files so that a new one keeps them within quota."""
    theirs = sorted(
        (path for path in directory().iterdir() if path.name.startswith(owner)),
        key=lambda path: (path.stat().st_mtime_ns, path.name),
    )
    for path in theirs[: max(0, len(theirs) - MAX_PER_PERSON + 1)]:
        path.unlink(missing_ok=True)
