"""The audit log as a hash chain: a deleted, changed or inserted row shows.

The triggers of migration 0002 stop the application from changing the log, but the
database role that owns the table can drop them (docs/THREAT_MODEL.md). So each event
also carries `previous_hash`, the hash of the event before it, and `hash`, SHA-256 over
that and the event's own content. Rewriting one event means rewriting every event after
it and the chain's head; deleting the newest events means rewriting the head as well.
`samordna verify_audit` walks the chain; `--anchor` compares it with an earlier end the
operator wrote down (or mailed elsewhere), which a rewrite of the whole tail cannot meet.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection

from samordna.core.models import AuditChainHead, AuditEvent

HEAD = 1
# The fields the hash covers, in this order: everything an event says.
CONTENT = (
    "created_at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "municipality_id",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "request_id",
    "channel",
)
READ_BATCH = 2000


def content_of(values: dict[str, Any]) -> str:
    """An event's content as canonical JSON: the same text on SQLite and PostgreSQL,
    whatever order the database gives the keys of `changes` back in."""
    content = {name: values[name] for name in CONTENT}
    content["created_at"] = values["created_at"].astimezone(UTC).isoformat()
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hash_of(sequence: int, previous_hash: str, values: dict[str, Any]) -> str:
    text = f"{sequence}\n{previous_hash}\n{content_of(values)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_HEAD_TABLE = AuditChainHead._meta.db_table
# The table's name comes from the model (%%s in the middle is a parameter).
_MOVE_HEAD = "UPDATE %s SET length = length + 1 WHERE id = %%s RETURNING length, hash"
_SET_HASH = "UPDATE %s SET hash = %%s WHERE id = %%s"


def link(event: AuditEvent) -> None:
    """Give an unsaved `event` its place at the end of the chain, inside the caller's
    transaction. The head is written first: that puts concurrent writers in line."""
    with connection.cursor() as cursor:
        # One statement moves the head and reads it (SQLite 3.35+ and PostgreSQL both
        # know RETURNING): every audited write pays for it.
        cursor.execute(_MOVE_HEAD % connection.ops.quote_name(_HEAD_TABLE), [HEAD])
        row = cursor.fetchone()
        if row is None:
            _start_head()
            head = AuditChainHead.objects.get(pk=HEAD)
            row = (head.length, head.hash)
        length, last_hash = row
        event.sequence = length
        event.previous_hash = last_hash
        event.hash = hash_of(length, last_hash, _values(event))
        cursor.execute(_SET_HASH % connection.ops.quote_name(_HEAD_TABLE), [event.hash, HEAD])


def _start_head() -> None:
    """The head row is made by migration; if it is gone, it continues from the last
    chained event, so the chain runs on (and verify_audit still sees any gap)."""
    last = (
        AuditEvent.objects.exclude(sequence=None)
        .order_by("-sequence")
        .values_list("sequence", "hash")
        .first()
    )
    length, last_hash = last if last else (0, "")
    AuditChainHead.objects.create(pk=HEAD, length=(length or 0) + 1, hash=last_hash or "")


def _values(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in CONTENT}


@dataclass(frozen=True)
class Break:
    """One place where the chain does not hold, in words an operator can act on."""

    sequence: int | None
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"position {self.sequence}" if self.sequence is not None else "utan position"
        return f"{where} (händelse {self.event_id}): {self.problem}"


@dataclass(frozen=True)
class Verdict:
    length: int
    last_hash: str
    breaks: list[Break]

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify(*, anchor: tuple[int, str] | None = None, limit: int = 100) -> Verdict:
    """Walk the whole chain in order; at most `limit` breaks are listed (one deleted
    row makes one break, not one per later event: each link is checked on its own)."""
    breaks: list[Break] = []

    def found(sequence: int | None, event_id: int | None, problem: str) -> None:
        if len(breaks) < limit:
            breaks.append(Break(sequence, event_id, problem))

    expected_sequence, previous_hash, anchor_seen = 1, "", anchor is None
    for values in _chained():
        sequence, event_id = values["sequence"], values["id"]
        if sequence != expected_sequence:
            missing = sequence - expected_sequence
            found(sequence, event_id, f"{missing} händelse(r) före denna saknas")
        elif values["previous_hash"] != previous_hash:
            found(sequence, event_id, "länken till händelsen före stämmer inte")
        if hash_of(sequence, values["previous_hash"] or "", values) != values["hash"]:
            found(sequence, event_id, "innehållet har ändrats efter att det skrevs")
        if anchor is not None and sequence == anchor[0]:
            anchor_seen = True
            if values["hash"] != anchor[1]:
                found(sequence, event_id, "stämmer inte med det sparade ankaret")
        expected_sequence, previous_hash = sequence + 1, values["hash"] or ""
    length = expected_sequence - 1
    if not anchor_seen and anchor is not None:
        found(anchor[0], None, "ankarets händelse finns inte längre")
    for event_id in AuditEvent.objects.filter(sequence=None).values_list("id", flat=True)[:limit]:
        found(None, event_id, "händelsen står utanför kedjan (skriven förbi Samordna)")
    head = AuditChainHead.objects.filter(pk=HEAD).values_list("length", "hash").first()
    if head is not None and head != (length, previous_hash):
        found(head[0], None, f"kedjan slutar vid {length} men ska vara {head[0]} lång")
    return Verdict(length, previous_hash, breaks)


def _chained() -> Iterator[dict[str, Any]]:
    """Every chained event in order, a batch at a time (keyset: no cursor held open)."""
    fields = ("id", "sequence", "previous_hash", "hash", *CONTENT)
    after = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gt=after)
            .order_by("sequence")
            .values(*fields)[:READ_BATCH]
        )
        if not batch:
            return
        yield from batch
        after = batch[-1]["sequence"]
