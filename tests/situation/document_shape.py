"""Strict checks of a situation document against docs/situation-format.md.

`assert_document_shape` checks that every key of the format is there, that there are
no others, and that each value has the right type (and, where the format fixes it,
the right value or length), and that every area or category code used anywhere is one
of `areas` or `categories`. It raises AssertionError naming the path of the first
problem, e.g. `document.areas[2].trend: expected 12 items, got 11`.
document_consistency.py checks what the figures mean.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, NoReturn

FORMAT = "samordna.situation/1"
PERIOD_KINDS = ("week", "tertial", "year")
STATUSES = ("draft", "proposed", "confirmed", "distributed")
DIRECTIONS = ("up", "down", "same")
ASSESSMENTS = ("better", "unchanged", "worse")
_HEX = re.compile(r"^[0-9a-f]{64}$")
_INT = "int"
_NUM = "number"
_STR = "str"
_BOOL = "bool"
_OPT_STR = "str|null"
_OPT_INT = "int|null"
_OPT_NUM = "number|null"

FIGURES = {
    "count": _INT,
    "previous": _INT,
    "recent_mean": _NUM,
    "last_year": _INT,
    "trend": "trend",
    "direction": "direction",
}


def fail(path: str, message: str) -> NoReturn:
    raise AssertionError(f"{path}: {message}")


def _is(value: Any, kind: str) -> bool:
    if kind.endswith("|null") and value is None:
        return True
    kind = kind.removesuffix("|null")
    if kind == _BOOL:
        return isinstance(value, bool)
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == _NUM:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == _STR:
        return isinstance(value, str)
    raise ValueError(kind)


def _check(path: str, value: Any, kind: Any) -> None:
    """One value; `kind` is a type name above, one of the special kinds below, a dict
    of fields (an object) or a one-item list of fields (a list of objects)."""
    if isinstance(kind, list):
        _list(path, value, kind[0])
        return
    if isinstance(kind, dict):
        _object(path, value, kind)
        return
    special = _SPECIAL.get(kind)
    if special:
        special(path, value)
    elif not _is(value, kind):
        fail(path, f"expected {kind}, got {type(value).__name__} {value!r}")


def _object(path: str, value: Any, fields: dict[str, Any]) -> None:
    """A dict with exactly these keys, each of its kind."""
    if not isinstance(value, dict):
        fail(path, f"expected an object, got {type(value).__name__}")
    missing, extra = set(fields) - set(value), set(value) - set(fields)
    if missing or extra:
        fail(path, f"missing keys {sorted(missing)}, unexpected keys {sorted(extra)}")
    for key, kind in fields.items():
        _check(f"{path}.{key}", value[key], kind)


def _list(path: str, value: Any, item: Any, length: int | None = None) -> None:
    """A list whose items are of kind `item` (a kind name or a dict of fields)."""
    if not isinstance(value, list):
        fail(path, f"expected a list, got {type(value).__name__}")
    if length is not None and len(value) != length:
        fail(path, f"expected {length} items, got {len(value)}")
    for i, element in enumerate(value):
        if isinstance(item, dict):
            _object(f"{path}[{i}]", element, item)
        else:
            _check(f"{path}[{i}]", element, item)


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(path: str, value: Any) -> None:
        if value not in choices:
            fail(path, f"expected one of {choices}, got {value!r}")

    return check


def _date(path: str, value: Any) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        fail(path, f"expected a date YYYY-MM-DD, got {value!r}")
    date.fromisoformat(value)


def _time(path: str, value: Any) -> None:
    """An ISO time with its offset: the format's times are aware."""
    if not isinstance(value, str):
        fail(path, f"expected an ISO time, got {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(path, f"not an ISO time: {value!r}")
    if moment.tzinfo is None:
        fail(path, f"time without offset: {value!r}")


def _nullable(check: Any) -> Any:
    return lambda path, value: None if value is None else check(path, value)


def _hash(path: str, value: Any) -> None:
    if value is not None and not (isinstance(value, str) and _HEX.match(value)):
        fail(path, f"expected 64 lowercase hex digits or null, got {value!r}")


def _geometry(path: str, value: Any) -> None:
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        fail(path, "expected a GeoJSON Polygon or MultiPolygon")
    polygons = value["coordinates"] if value["type"] == "MultiPolygon" else [value["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            if len(ring) < 4 or ring[0] != ring[-1]:
                fail(path, "a ring needs 4+ positions and must be closed")
            for lon, lat, *_ in ring:
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    fail(path, f"not WGS84 lon/lat: {lon}, {lat}")


def _trend(path: str, value: Any) -> None:
    _list(path, value, _INT, 12)


def _matrix(path: str, value: Any) -> None:
    _list(path, value, "row24", 7)


_SPECIAL: dict[str, Any] = {
    "date": _date,
    "time": _time,
    "time|null": _nullable(_time),
    "date|null": _nullable(_date),
    "hash": _hash,
    "geometry": _geometry,
    "trend": _trend,
    "keys12": lambda p, v: _list(p, v, _STR, 12),
    "keys4": lambda p, v: _list(p, v, _STR, 4),
    "strs": lambda p, v: _list(p, v, _STR),
    "weekdays": lambda p, v: _list(p, v, _STR, 7),
    "row24": lambda p, v: _list(p, v, _INT, 24),
    "matrix": _matrix,
    "direction": _one_of(DIRECTIONS),
    "status": _one_of(STATUSES),
    "kind": _one_of(PERIOD_KINDS),
    "assessment": _one_of(ASSESSMENTS),
    "format": _one_of((FORMAT,)),
    "unsafety": _one_of((1, 2, 3)),
    "version": lambda p, v: (
        _check(p, v, _INT)
        if isinstance(v, int) and v >= 1
        else fail(p, f"expected a version >= 1, got {v!r}")
    ),
}

AREA = {
    **FIGURES,
    "police_events": "null",
    "code": _STR,
    "name": _STR,
    "is_est": _BOOL,
    "geometry": "geometry",
    "flagged": _BOOL,
}
CATEGORY = {**FIGURES, "police_events": _INT, "code": _STR, "name": _STR}
CATEGORY |= {"is_positive": _BOOL, "flagged": _BOOL}
CELL = {**FIGURES, "police_events": "null", "area": _OPT_STR, "category": _STR}
CELL |= {"p": _NUM, "q": _NUM, "flagged": _BOOL, "expected": _NUM, "sentence": _STR}
POLICE = {key: kind for key, kind in FIGURES.items() if key != "direction"}
POLICE |= {"by_type": "by_type", "source_note": _STR}
HOTCELL = {"x": _NUM, "y": _NUM, "lon": _NUM, "lat": _NUM, "count": _INT, "z": _NUM, "q": _NUM}
HOTCELL |= {"baseline": _INT, "expected": _NUM, "p": _NUM, "cluster": _INT}
CLUSTER = {"name": _STR, "areas": "strs", "area_names": "strs", "count": _INT}
CLUSTER |= {"baseline": _INT, "baseline_periods": _INT, "expected": _NUM, "p": _NUM, "q": _NUM}
CLUSTER |= {"observation_ids": "ints", "lon": _OPT_NUM, "lat": _OPT_NUM, "bbox": "bbox"}
CLUSTER |= {"cells": _INT}
UNSAFE = {"id": _INT, "category": _STR, "area": _OPT_STR, "occurred_from": "time"}
UNSAFE |= {"unsafety": "unsafety", "people_count": _OPT_INT, "place_type": _STR}
OBSERVATION = {"id": _INT, "category": _STR, "area": _OPT_STR, "occurred_from": "time"}
OBSERVATION |= {"lon": _OPT_NUM, "lat": _OPT_NUM, "unsafety": "unsafety"}
MEETING = {
    "held_at": "time",
    "attendance": "attendance",
    "assessments": "assessments",
    "focus_areas": "strs",
    "focus_text": _STR,
    "decisions": "decisions",
}
TOP = {
    "format": "format",
    "municipality": {"slug": _STR, "name": _STR},
    "period": {"kind": "kind", "key": _STR, "label": _STR, "start": "date", "end": "date"},
    "comparisons": {
        "previous": _STR,
        "recent": "keys4",
        "last_year": _STR,
        "trend": "keys12",
        "baseline": "strs",
        "baseline_method": "baseline_method",
    },
    "picture": {
        "status": "status",
        "version": "version",
        "confirmed_at": "time|null",
        "confirmed_by": _OPT_STR,
        "correction_reason": _STR,
        "summary": _STR,
        "content_hash": "hash",
        "generated_at": "time",
    },
    "settings": {
        "alpha": _NUM,
        "min_count": _INT,
        "cell_size_m": _NUM,
        "radius_m": _NUM,
        "hotspot_baseline_weeks": _INT,
    },
    "totals": {**FIGURES, "police_events": _INT},
    "areas": [AREA],
    "categories": [CATEGORY],
    "cells": [CELL],
    "police": POLICE,
    "hour_weekday": {"weekdays": "weekdays", "matrix": "matrix"},
    "hotspots": {
        "crs": "crs",
        "cell_size_m": _NUM,
        "radius_m": _NUM,
        "method": "hotspot_method",
        "baseline": "strs",
        "tested": _INT,
        "cells": [HOTCELL],
        "clusters": [CLUSTER],
    },
    "top_unsafe": [UNSAFE],
    "new_since_previous": [{"area": _OPT_STR, "category": _STR, "count": _INT}],
    "observations": [OBSERVATION],
    "meeting": "meeting",
}


# Tertial and year pictures only (goals.report): the indicators of the active goals and
# the latest survey rounds. A week's document has neither key.
INDICATOR = {
    "goal": _STR,
    "indicator": _STR,
    "source": _STR,
    "unit": _STR,
    "baseline_period": _STR,
    "baseline_value": _OPT_NUM,
    "target_period": _STR,
    "target_value": _NUM,
    "latest_period": _OPT_STR,
    "latest_value": _OPT_NUM,
    "on_track": "bool|null",
    "status": _STR,
}
SURVEY = {
    "survey": _STR,
    "item": _STR,
    "year": _INT,
    "area": _STR,
    "group": _STR,
    "value": _OPT_NUM,
    "unit": _STR,
    "ci_low": _OPT_NUM,
    "ci_high": _OPT_NUM,
    "respondents": _OPT_INT,
    "suppressed": _BOOL,
}
SUPPRESSED_EMPTY = ("value", "ci_low", "ci_high", "respondents")
LONG_PERIOD = {**TOP, "indicators": [INDICATOR], "surveys": [SURVEY]}


def _meeting(path: str, value: Any) -> None:
    if value is not None:
        _object(path, value, MEETING)


_SPECIAL |= {
    "null": lambda p, v: None if v is None else fail(p, f"expected null, got {v!r}"),
    "crs": _one_of(("EPSG:3006",)),
    "by_type": lambda p, v: _list(p, v, {"type": _STR, "count": _INT, "previous": _INT}),
    "attendance": lambda p, v: _list(
        p, v, {"function": _STR, "organisation": _STR, "present": _BOOL}
    ),
    "assessments": lambda p, v: _list(
        p, v, {"area": _STR, "assessment": "assessment", "text": _STR}
    ),
    "decisions": lambda p, v: _list(
        p, v, {"title": _STR, "organisation": _STR, "person": _STR, "deadline": "date|null"}
    ),
    "meeting": _meeting,
    "ints": lambda p, v: _list(p, v, _INT),
    "baseline_method": _one_of(("farrington", "short", "none")),
    "hotspot_method": _one_of(("baseline-share",)),
    "bbox": lambda p, v: _list(p, v, _NUM, 4),
}


def assert_document_shape(document: Any) -> None:
    """Every key of the format, nothing else, each of its type (see the module doc).
    Tertial and year documents have `indicators` and `surveys` as well; weeks do not."""
    kind = document.get("period", {}).get("kind") if isinstance(document, dict) else None
    _object("document", document, LONG_PERIOD if kind in ("tertial", "year") else TOP)
    for i, row in enumerate(document.get("surveys", [])):
        if row["suppressed"] and any(row[k] is not None for k in SUPPRESSED_EMPTY):
            fail(f"document.surveys[{i}]", "a suppressed cell carries a number")
    codes = {a["code"] for a in document["areas"]}
    categories = {c["code"] for c in document["categories"]}
    for path, area, category in _references(document):
        if area is not None and area not in codes:
            fail(path, f"unknown area code {area!r}")
        if category is not None and category not in categories:
            fail(path, f"unknown category code {category!r}")


def _references(document: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """(path, area, category) of every place that names an area or category by code."""
    found = []
    for key in ("cells", "top_unsafe", "new_since_previous", "observations"):
        for i, row in enumerate(document[key]):
            found.append((f"{key}[{i}]", row["area"], row["category"]))
    meeting = document["meeting"] or {"assessments": [], "focus_areas": []}
    for i, row in enumerate(meeting["assessments"]):
        found.append((f"meeting.assessments[{i}]", row["area"], None))
    for i, code in enumerate(meeting["focus_areas"]):
        found.append((f"meeting.focus_areas[{i}]", code, None))
    return found
