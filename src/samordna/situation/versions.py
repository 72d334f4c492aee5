"""What changed between two frozen versions of a picture (a correction's effect)."""

from __future__ import annotations

from typing import Any


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Totals, areas and cells whose counts differ, and observations added or removed."""
    old_ids = {o["id"] for o in old["observations"]}
    new_ids = {o["id"] for o in new["observations"]}
    return {
        "totals": _changed_numbers(old["totals"], new["totals"]),
        "areas": _changed_rows(old["areas"], new["areas"], lambda a: a["code"]),
        "cells": _changed_rows(old["cells"], new["cells"], lambda c: (c["area"], c["category"])),
        "added": sorted(new_ids - old_ids),
        "removed": sorted(old_ids - new_ids),
    }


def _changed_numbers(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"field": name, "old": old.get(name), "new": new.get(name)}
        for name in ("count", "police_events")
        if old.get(name) != new.get(name)
    ]


def _changed_rows(
    old: list[dict[str, Any]], new: list[dict[str, Any]], key: Any
) -> list[dict[str, Any]]:
    before = {key(row): row["count"] for row in old}
    after = {key(row): row["count"] for row in new}
    return [
        {"key": k, "old": before.get(k, 0), "new": after.get(k, 0)}
        for k in sorted(before.keys() | after.keys(), key=str)
        if before.get(k, 0) != after.get(k, 0)
    ]
