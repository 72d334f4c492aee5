"""Audit events for TSI writes, kept out of every EST page.

They go to the same append-only table as every other write (core.audit.record, in
the caller's transaction), but without a municipality, target label or text: the EST
audit page lists a municipality's events, and a pseudonym or a programme's activity
must never appear there. The target is kept as "<model>:<id>" in `changes`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from samordna.core import audit
from samordna.core.models import AuditEvent, Organisation, User


def tsi_audit(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return audit.record(
        actor=actor,
        action=f"tsi.{action}",
        target=None,
        municipality=None,
        organisation=None,
        changes={
            "target": f"{target._meta.label_lower}:{target.pk}",
            **({"organisation": organisation.pk} if organisation is not None else {}),
            **(changes or {}),
        },
    )
