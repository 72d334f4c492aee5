"""What docs/situation-format.md says the figures of a situation document mean,
checked across the document (after `assert_document_shape` has passed): the trend
ends in the count, the observations and the hour x weekday matrix add up to the
total, the police types to the police count, flags follow their cells."""

from __future__ import annotations

from typing import Any

from .document_shape import fail


def assert_document_consistent(document: dict[str, Any]) -> None:
    """What the format says the figures mean, checked across the document."""
    for path, figures in _all_figures(document):
        if figures["trend"][-1] != figures["count"]:
            fail(f"{path}.trend", "the last period of the trend is the period itself")
    matrix_sum = sum(map(sum, document["hour_weekday"]["matrix"]))
    totals, observations = document["totals"], document["observations"]
    if not totals["count"] == len(observations) == matrix_sum:
        fail("totals.count", f"{totals['count']} != observations / matrix sum")
    if sum(a["count"] for a in document["areas"]) > totals["count"]:
        fail("areas", "the areas hold more observations than the whole municipality")
    if document["police"]["count"] != totals["police_events"]:
        fail("totals.police_events", "differs from police.count")
    if sum(t["count"] for t in document["police"]["by_type"]) != document["police"]["count"]:
        fail("police.by_type", "the types do not add up to police.count")
    if len(document["top_unsafe"]) > 10:
        fail("top_unsafe", "at most 10")
    min_count = document["settings"]["min_count"]
    for i, cell in enumerate(document["cells"]):
        if cell["flagged"] and cell["count"] < min_count:
            fail(f"cells[{i}].flagged", "flagged below min_count")
    _check_group_flags(document)


def _all_figures(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [("totals", document["totals"]), ("police", document["police"])]
    for key in ("areas", "categories", "cells"):
        found += [(f"{key}[{i}]", row) for i, row in enumerate(document[key])]
    return found


def _check_group_flags(document: dict[str, Any]) -> None:
    """An area or category is flagged exactly when one of its cells is."""
    for key, field in (("areas", "area"), ("categories", "category")):
        for i, row in enumerate(document[key]):
            flagged = any(c["flagged"] for c in document["cells"] if c[field] == row["code"])
            if row["flagged"] != flagged:
                fail(f"{key}[{i}].flagged", f"{row['flagged']} but its cells say {flagged}")
