"""The sample documents follow docs/situation-format.md, and the checker catches the
mistakes a compiler could make."""

from __future__ import annotations

from typing import Any

import pytest

from tests.situation.document_consistency import assert_document_consistent
from tests.situation.document_shape import assert_document_shape
from tests.situation.sample_document import empty_document, sample_document


@pytest.mark.parametrize("build", [sample_document, empty_document])
def test_samples_follow_the_format(build: Any) -> None:
    document = build()

    assert_document_shape(document)
    assert_document_consistent(document)


def _break(path: str, value: Any) -> dict[str, Any]:
    document = sample_document()
    *parents, last = path.split(".")
    target: Any = document
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format", "samordna.situation/2", "document.format"),
        ("period.start", "16/11/2026", "document.period.start"),
        ("picture.status", "fastställd", "document.picture.status"),
        ("picture.content_hash", "ABC", "document.picture.content_hash"),
        ("picture.generated_at", "2026-11-23T09:41:13", "without offset"),
        ("totals.count", 40.0, "document.totals.count"),
        ("totals.police_events", None, "document.totals.police_events"),
        ("areas.0.police_events", 3, "document.areas[0].police_events"),
        ("areas.0.trend", [1] * 11, "expected 12 items"),
        ("areas.0.is_est", 1, "document.areas[0].is_est"),
        ("areas.0.geometry", {"type": "Point", "coordinates": [15, 59]}, "geometry"),
        ("cells.0.flagged", "yes", "document.cells[0].flagged"),
        ("cells.0.area", "ORE-OKAND", "unknown area code"),
        ("hour_weekday.matrix", [[0] * 24] * 6, "expected 7 items"),
        ("hotspots.crs", "EPSG:4326", "document.hotspots.crs"),
        ("observations.0.unsafety", 4, "document.observations[0].unsafety"),
        ("observations.0.lon", "15.2", "document.observations[0].lon"),
        ("meeting.assessments.0.assessment", "ok", "assessment"),
        ("meeting.decisions.0.deadline", "fredag", "deadline"),
        ("police.by_type.0.count", "6", "document.police.by_type[0].count"),
        ("comparisons.recent", ["2026-W45"], "expected 4 items"),
        ("settings", KeyError, "missing keys ['settings']"),
    ],
)
def test_shape_errors_name_the_path(path: str, value: Any, message: str) -> None:
    with pytest.raises(AssertionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        assert_document_shape(_break(path, value))


def test_unexpected_keys_are_refused() -> None:
    document = sample_document()
    document["areas"][2]["population"] = 1200

    with pytest.raises(AssertionError, match="unexpected keys \\['population'\\]"):
        assert_document_shape(document)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("totals.count", 41, "totals"),
        ("areas.0.flagged", False, "areas\\[0\\].flagged"),
        ("police.count", 99, "police"),
    ],
)
def test_consistency_errors(path: str, value: Any, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        assert_document_consistent(_break(path, value))


def test_a_meeting_may_be_absent() -> None:
    assert_document_shape(sample_document(meeting=None))
