"""Writing the audit log. Every service calls `record()` inside its own transaction.

Text that came from users is stored with control characters escaped, so a
newline in a name can never make one event look like two in any export or log.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
from typing import Any

from django.db import models, transaction

from samordna.core import audit_chain
from samordna.core.models import AuditEvent, Municipality, Organisation, User

logger = logging.getLogger("samordna.audit")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_channel: contextvars.ContextVar[str] = contextvars.ContextVar("channel", default="cli")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def set_context(*, request_id: str, channel: str) -> None:
    _request_id.set(request_id)
    _channel.set(channel)


def current_request_id() -> str:
    return _request_id.get()


def clean_text(value: object, limit: int = 200) -> str:
    """One line, no control characters: `\\n` is stored as the two characters `\\n`."""
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))
    return text[:limit]


def _clean_changes(value: Any) -> Any:
    if isinstance(value, dict):
        return {clean_text(k, 80): _clean_changes(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_changes(v) for v in value]
    if isinstance(value, str):
        return clean_text(value, 2000)
    if value is None or isinstance(value, bool | int | float):
        return value
    return clean_text(value, 2000)


def _target_type(target: models.Model) -> str:
    """The model's label; a model moved between apps keeps the label its rows were
    written with (its `AUDIT_TYPE`), so the log reads one name across the move."""
    return str(getattr(target, "AUDIT_TYPE", "") or target._meta.label_lower)


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
    target_ref: tuple[str, str] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction.

    `target_ref` (type, id) names a target that was not loaded (a refused request's
    URL); `actor_label` replaces the actor's user name where it must not be stored."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record() must be called inside the service's transaction")
    if municipality is None and target is not None:
        municipality = getattr(target, "municipality", None)
        if isinstance(target, Municipality):
            municipality = target
    if actor_label is None:
        actor_label = actor.get_username() if actor else "system"
    ref_type, ref_id = target_ref or ("", "")
    event = AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=clean_text(actor_label, 150),
        organisation=organisation,
        municipality=municipality,
        action=clean_text(action, 80),
        target_type=_target_type(target) if target is not None else clean_text(ref_type, 80),
        target_id=str(target.pk) if target is not None else clean_text(ref_id, 64),
        target_label=clean_text(target, 200) if target is not None else "",
        changes=_clean_changes(changes or {}),
        request_id=clean_text(current_request_id(), 64),
        channel=clean_text(_channel.get(), 10),
    )
    audit_chain.link(event)
    event.save(force_insert=True)
    # The log line carries ids only (no labels, no changes): no personal data in logs.
    logger.info(
        json.dumps(
            {
                "audit": event.action,
                "event": event.pk,
                "target": f"{event.target_type}:{event.target_id}",
                "municipality": event.municipality_id,
                "request": event.request_id,
            }
        )
    )
    return event


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
