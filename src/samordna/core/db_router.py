"""Reads of read-only pages from the optional replica (`DATABASE_REPLICA_URL`).

Samordna writes only to the primary (`default`). A read goes to the `replica` alias
only inside `replica_reads()` (the middleware opens it for the pages named in
`samordna.core.replica`, export jobs for their rows), and even there it stays on the
primary:

- once anything was written in the request or block (reading one's own write);
- inside a transaction (`transaction.atomic`), whose reads belong with its writes;
- for sign-in, sessions, second factors, users and memberships: who may see what is
  always read from the primary, so a replica that lags cannot prolong a revoked access.

The router is installed only when a replica is configured (settings.py); without one
there is one alias and nothing here runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

PRIMARY = "default"
REPLICA = "replica"
ROUTER = "samordna.core.db_router.PrimaryReplicaRouter"

# Access control is read from the primary, whatever the page.
PRIMARY_APPS = frozenset(
    {"sessions", "auth", "otp_totp", "otp_static", "otp_email", "axes", "authtoken"}
)
PRIMARY_MODELS = frozenset({"core.user", "core.membership", "core.countymembership"})
# A statement on the session table does not count as a write: sessions are saved on
# every request (SESSION_SAVE_EVERY_REQUEST) and are read from the primary anyway.
_NOT_WRITES = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW ")
_SESSION_TABLE = '"django_session"'


@dataclass
class Reads:
    """Where this request's (or block's) reads may go; `wrote` once it wrote."""

    replica: bool
    wrote: bool = False


_state: ContextVar[Reads | None] = ContextVar("samordna_db_reads", default=None)


def enabled() -> bool:
    """A replica is configured and routed to."""
    return REPLICA in settings.DATABASES and ROUTER in settings.DATABASE_ROUTERS


def read_alias() -> str:
    """The alias a long read (an export's rows) may use outright: the replica when one
    is configured, else the primary."""
    return REPLICA if enabled() else PRIMARY


@contextmanager
def replica_reads(allowed: bool = True) -> Iterator[Reads]:
    """Within the block, reads may go to the replica (when `allowed` and enabled), and
    writes on the primary are watched so that reads after them stay there."""
    state = Reads(replica=allowed and enabled())
    token = _state.set(state)
    try:
        with connections[PRIMARY].execute_wrapper(WriteWatch(state)):
            yield state
    finally:
        _state.reset(token)


def resumed(state: Reads, chunks: Iterator[Any]) -> Iterator[Any]:
    """`chunks` (a streamed response's body, read after the view returned) read with
    `state` in force again, chunk by chunk."""
    while True:
        token = _state.set(state)
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        finally:
            _state.reset(token)
        yield chunk


class WriteWatch:
    """An execute wrapper on the primary: marks the state as written after a statement
    that changed something (an UPDATE or DELETE of no row does not count)."""

    def __init__(self, state: Reads) -> None:
        self.state = state

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        result = execute(sql, params, many, context)
        head = sql.lstrip()[:64].upper()
        if head.startswith(_NOT_WRITES) or _SESSION_TABLE in head.lower():
            return result
        rowcount = getattr(context.get("cursor"), "rowcount", -1)
        if not (head.startswith(("UPDATE", "DELETE")) and rowcount == 0):
            self.state.wrote = True
        return result


def _in_transaction() -> bool:
    """The primary is inside `transaction.atomic` (a test case's own wrapping blocks
    left out, as Django's `durable` check does)."""
    blocks = connections[PRIMARY].atomic_blocks
    return bool(blocks) and not getattr(blocks[-1], "_from_testcase", False)


class PrimaryReplicaRouter:
    """Writes and migrations on the primary; reads as `replica_reads` allows."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        state = _state.get()
        if state is None or not state.replica or state.wrote:
            return PRIMARY
        meta = model._meta
        if meta.app_label in PRIMARY_APPS or meta.label_lower in PRIMARY_MODELS:
            return PRIMARY
        if _in_transaction():
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Also select_for_update() and get_or_create(): Django reads those with the
        # write alias. Whether a write happened is WriteWatch's to tell.
        return PRIMARY

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool | None:
        aliases = {PRIMARY, REPLICA}
        if first._state.db in aliases and second._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
