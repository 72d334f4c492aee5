"""A realistic situation document (docs/situation-format.md) for exports and charts.

Week 47 of 2026 in Örebro: the six demo EST areas with their real (simplified)
polygons, eight national categories, 40 observations with points, police events by
type, hot cells and a meeting. Every figure is derived from the observations or from
fixed tables below, so the document is the same on every run and its totals agree
(areas sum to the total, the matrix sums to the count, and so on).
"""

from __future__ import annotations

import copy
import json
import random
from functools import cache
from typing import Any

from . import sample_figures as figs
from . import sample_places as geo
from .document_consistency import assert_document_consistent
from .document_shape import assert_document_shape

__all__ = [
    "assert_document_consistent",
    "assert_document_shape",
    "empty_document",
    "sample_document",
]

WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
CATEGORIES = [
    ("skadegorelse-klotter", "Skadegörelse och klotter", False, 11),
    ("anlagd-brand", "Anlagd brand", False, 3),
    ("nedskrapning-dumpning", "Nedskräpning och dumpning", False, 1),
    ("folksamlingar-otrygghet", "Folksamlingar som skapar otrygghet", False, 0),
    ("misstankt-narkotikahandel", "Misstänkt narkotikahandel", False, 2),
    ("ordningsstorning-hot", "Ordningsstörning och hot", False, 9),
    ("stold-inbrott", "Stöld och inbrott", False, 14),
    ("positiva-iakttagelser", "Positiva iakttagelser", True, 0),
]
# (area code or None, category code, observations this week); None = outside all areas.
PERIOD_CELLS = [
    ("ORE-VIVALLA", "skadegorelse-klotter", 8),
    ("ORE-VIVALLA", "folksamlingar-otrygghet", 4),
    ("ORE-VIVALLA", "anlagd-brand", 2),
    ("ORE-BARONBACKARNA", "ordningsstorning-hot", 5),
    ("ORE-BARONBACKARNA", "positiva-iakttagelser", 2),
    ("ORE-BRICKEBACKEN", "misstankt-narkotikahandel", 3),
    ("ORE-BRICKEBACKEN", "nedskrapning-dumpning", 2),
    ("ORE-OXHAGEN", "stold-inbrott", 3),
    ("ORE-VARBERGA", "skadegorelse-klotter", 2),
    ("ORE-VARBERGA", "nedskrapning-dumpning", 1),
    ("ORE-CENTRUM", "ordningsstorning-hot", 4),
    ("ORE-CENTRUM", "stold-inbrott", 2),
    (None, "skadegorelse-klotter", 2),
]
# Cells seen only in the comparison periods (nothing this week).
QUIET_CELLS = [("ORE-OXHAGEN", "anlagd-brand")]
POLICE_TYPES = [
    ("Stöld", 6, 5),
    ("Skadegörelse", 5, 3),
    ("Brand", 3, 1),
    ("Ordningslagen", 4, 6),
    ("Bråk", 3, 2),
    ("Narkotikabrott", 2, 2),
    ("Miljöbrott", 1, 0),
    ("Inbrott", 8, 6),
]
PERIOD = {
    "kind": "week",
    "key": "2026-W47",
    "label": "vecka 47, 2026",
    "start": "2026-11-16",
    "end": "2026-11-22",
}
TREND_KEYS = [f"2026-W{week}" for week in range(36, 48)]
SETTINGS = {"alpha": 0.05, "min_count": 3, "cell_size_m": 200, "radius_m": 0}
SETTINGS |= {"hotspot_baseline_weeks": 12}
BASELINE_KEYS = [f"2025-W{w}" for w in range(44, 51)] + [f"2024-W{w}" for w in range(44, 51)]


def _cells(observations: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    keys = [(a, c) for a, c, _ in PERIOD_CELLS] + QUIET_CELLS
    cells = []
    for area, category in keys:
        count = sum(1 for o in observations if (o["area"], o["category"]) == (area, category))
        cell = {"area": area, "category": category, **figs.figures(count, rng)}
        if (area, category) == ("ORE-VIVALLA", "skadegorelse-klotter"):
            cell.update(previous=2, recent_mean=1.25, direction="up")
        if (area, category) == ("ORE-BARONBACKARNA", "ordningsstorning-hot"):
            cell.update(previous=0, recent_mean=0.5, direction="up")
        cells.append(cell)
    qs = figs.bh([figs.poisson_p(c["count"], c["recent_mean"]) for c in cells])
    for cell, q in zip(cells, qs, strict=True):
        cell["p"] = round(figs.poisson_p(cell["count"], cell["recent_mean"]), 6)
        cell["q"] = round(q, 6)
        cell["flagged"] = q < SETTINGS["alpha"] and cell["count"] >= SETTINGS["min_count"]
        cell["police_events"] = None
        cell["expected"] = cell["recent_mean"]
        cell["sentence"] = _sentence(cell) if cell["flagged"] else ""
    return cells


def _sentence(cell: dict[str, Any]) -> str:
    area = {"ORE-VIVALLA": "Vivalla", "ORE-BARONBACKARNA": "Baronbackarna"}[cell["area"]]
    category = {
        "skadegorelse-klotter": "Skadegörelse och klotter",
        "ordningsstorning-hot": "Ordningsstörning och hot",
    }[cell["category"]]
    change = f"ökade från {cell['previous']} till {cell['count']}"
    return f"{category} i {area} {change}, mer än vanligt."


def _areas(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "code": feature["properties"]["code"],
            "name": feature["properties"]["name"],
            "is_est": feature["properties"]["kind"] == "est",
            "geometry": feature["geometry"],
            **figs.sum_group(cells, "area", feature["properties"]["code"]),
            "police_events": None,
        }
        for feature in geo.areas_geojson()
    ]


def _categories(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "name": name,
            "is_positive": positive,
            **figs.sum_group(cells, "category", code),
            "police_events": police,
        }
        for code, name, positive, police in CATEGORIES
    ]


def _police(rng: random.Random) -> dict[str, Any]:
    count = sum(now for _, now, _ in POLICE_TYPES)
    figures = figs.figures(count, rng)
    return {
        "count": count,
        "previous": sum(before for _, _, before in POLICE_TYPES),
        "recent_mean": figures["recent_mean"],
        "last_year": figures["last_year"],
        "trend": figures["trend"],
        "by_type": [{"type": t, "count": n, "previous": p} for t, n, p in POLICE_TYPES],
        "source_note": "Polisens öppna händelser (polisen.se), bara kommunen anges.",
    }


def _top_unsafe(observations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ranked = sorted(observations, key=lambda o: (o["unsafety"], o["occurred_from"]), reverse=True)
    places = ["public", "semi_public", "indoor", ""]
    return [
        {key: o[key] for key in ("id", "category", "area", "occurred_from", "unsafety")}
        | {"people_count": (o["id"] % 6) or None, "place_type": places[o["id"] % 4]}
        for o in ranked[:10]
    ]


def _meeting() -> dict[str, Any]:
    functions = [
        ("Samordnare", "Örebro kommun", True),
        ("Kommunpolis", "Polisen", True),
        ("Fältassistent", "Örebro kommun", True),
        ("Trygghetsvärd", "Örebrobostäder", False),
        ("Räddningstjänst", "Nerikes Brandkår", True),
        ("Skola", "Vivallaskolan", True),
    ]
    return {
        "held_at": "2026-11-23T09:00:00+01:00",
        "attendance": [{"function": f, "organisation": o, "present": p} for f, o, p in functions],
        "assessments": [
            {"area": "ORE-VIVALLA", "assessment": "worse", "text": "Klotter kring torget."},
            {"area": "ORE-BARONBACKARNA", "assessment": "worse", "text": "Oro kvällstid."},
            {"area": "ORE-OXHAGEN", "assessment": "better", "text": ""},
            {"area": "ORE-CENTRUM", "assessment": "unchanged", "text": "Som vanligt."},
        ],
        "focus_areas": ["ORE-VIVALLA", "ORE-BARONBACKARNA"],
        "focus_text": "Kvällsvandringar och snabb sanering av klotter.",
        "decisions": [
            {
                "title": "Sanera klotter vid Vivalla torg",
                "organisation": "Örebrobostäder",
                "person": "Anna Berg",
                "deadline": "2026-11-27",
            },
            {
                "title": "Extra kvällsvandring i Baronbackarna",
                "organisation": "Örebro kommun",
                "person": "Omar Said",
                "deadline": None,
            },
        ],
    }


def _picture() -> dict[str, Any]:
    return {
        "status": "confirmed",
        "version": 1,
        "confirmed_at": "2026-11-23T09:42:00+01:00",
        "confirmed_by": "Eva Lind",
        "correction_reason": "",
        "summary": "",
        "content_hash": "3f" * 32,
        "generated_at": "2026-11-23T09:41:13+01:00",
    }


def _build() -> dict[str, Any]:
    features = geo.areas_geojson()
    rings = {f["properties"]["code"]: f["geometry"]["coordinates"][0] for f in features}
    observations = geo.observations(rings, PERIOD_CELLS, PERIOD["start"])
    rng = random.Random(2026)
    cells = _cells(observations, rng)
    areas = _areas(cells)
    police = _police(rng)
    totals = figs.sum_cells(cells) | {"police_events": police["count"]}
    return {
        "format": "samordna.situation/1",
        "municipality": {"slug": "orebro", "name": "Örebro"},
        "period": dict(PERIOD),
        "comparisons": {
            "previous": "2026-W46",
            "recent": ["2026-W42", "2026-W43", "2026-W44", "2026-W45"],
            "last_year": "2025-W47",
            "trend": list(TREND_KEYS),
            "baseline": list(BASELINE_KEYS),
            "baseline_method": "farrington",
        },
        "picture": _picture(),
        "settings": dict(SETTINGS),
        "totals": totals,
        "areas": areas,
        "categories": _categories(cells),
        "cells": cells,
        "police": police,
        "hour_weekday": {"weekdays": list(WEEKDAYS), "matrix": geo.matrix(observations)},
        "hotspots": geo.hotspots(rings),
        "top_unsafe": _top_unsafe(observations),
        "new_since_previous": [
            {"area": c["area"], "category": c["category"], "count": c["count"]}
            for c in cells
            if c["count"] and not c["previous"]
        ],
        "observations": observations,
        "meeting": _meeting(),
    }


@cache
def _frozen() -> str:
    return json.dumps(_build(), ensure_ascii=False)


def sample_document(**overrides: Any) -> dict[str, Any]:
    """A fresh copy of the sample; a dict override is merged into the dict it replaces
    (`picture={"status": "draft"}`), anything else replaces the key."""
    return _merge(json.loads(_frozen()), overrides)


def _zero(figures: dict[str, Any]) -> dict[str, Any]:
    zeroed = {"count": 0, "previous": 0, "recent_mean": 0.0, "last_year": 0, "trend": [0] * 12}
    return {**figures, **zeroed, "direction": "same"}


def empty_document(**overrides: Any) -> dict[str, Any]:
    """A week with nothing at all: no observations, no police events, no meeting; the
    areas (with their geometry) are still there, as they would be in a real empty week."""
    document = sample_document()
    document["totals"] = _zero(document["totals"]) | {"police_events": 0}
    document["areas"] = [_zero(a) | {"flagged": False} for a in document["areas"]]
    document["categories"] = []
    document["cells"] = []
    document["police"] = {**document["police"], **_zero({}), "by_type": []}
    del document["police"]["direction"]
    document["hour_weekday"]["matrix"] = [[0] * 24 for _ in range(7)]
    document["hotspots"]["cells"] = []
    document["hotspots"]["clusters"] = []
    for key in ("top_unsafe", "new_since_previous", "observations"):
        document[key] = []
    document["meeting"] = None
    document["picture"] = {**document["picture"], "status": "draft", "content_hash": None}
    document["picture"].update(confirmed_at=None, confirmed_by=None)
    return _merge(document, overrides)


def _merge(document: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(document.get(key), dict):
            document[key] = {**document[key], **copy.deepcopy(value)}
        else:
            document[key] = copy.deepcopy(value)
    return document
