"""Uploaded survey files waiting for the person to confirm the preview.

Like the report import's pending files (same directory, same one-day clean-up): the
file lives only between upload and confirm or cancel, and the session holds which
files are the person's, with what they said about the survey.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePath
from typing import Any

from samordna.reports.imports import pending as report_pending

SESSION_KEY = "survey_imports"


@dataclass(frozen=True)
class Pending:
    token: str
    name: str
    municipality_id: int
    kind: str
    title: str
    year: int | None
    source_note: str = ""
    mapping: str = ""

    @property
    def path(self) -> Path:
        return report_pending.directory() / (self.token + PurePath(self.name).suffix.lower())

    def read(self) -> bytes:
        return self.path.read_bytes()


def _save(session: Any, pending: Pending) -> None:
    entries = dict(session.get(SESSION_KEY, {}))
    entries[pending.token] = {k: v for k, v in asdict(pending).items() if k != "token"}
    session[SESSION_KEY] = entries


def store(session: Any, *, data: bytes, **fields: Any) -> Pending:
    report_pending._remove_stale()
    fields["name"] = PurePath(fields["name"]).name
    pending = Pending(token=secrets.token_urlsafe(18), **fields)
    pending.path.write_bytes(data)
    _save(session, pending)
    return pending


def find(session: Any, token: str) -> Pending | None:
    """The person's own pending file, or None (another session's token finds nothing)."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        return None
    pending = Pending(token=token, **entry)
    return pending if pending.path.exists() else None


def remap(session: Any, pending: Pending, mapping: str) -> None:
    _save(session, replace(pending, mapping=mapping))


def discard(session: Any, pending: Pending) -> None:
    pending.path.unlink(missing_ok=True)
    entries = dict(session.get(SESSION_KEY, {}))
    entries.pop(pending.token, None)
    session[SESSION_KEY] = entries
