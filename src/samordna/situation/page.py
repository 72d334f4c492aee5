"""What the picture page shows: the document narrowed by the page's filters, charts, map data.

The tables under every chart and the map come from the same narrowed document, so
what a screen reader reads is what the chart draws.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from samordna.analysis.change import change_direction
from samordna.analysis.periods import shift_period
from samordna.situation import charts
from samordna.situation.chart_svg import safe_svgs
from samordna.situation.presentation import Names


def filters(document: dict[str, Any], query: QueryDict) -> dict[str, str]:
    """The page's filters (`omrade`, `kategori`); an unknown code is no filter."""
    return {
        "area": _chosen(query.get("omrade", ""), {a["code"] for a in document["areas"]}),
        "category": _chosen(query.get("kategori", ""), {c["code"] for c in document["categories"]}),
    }


def page_context(document: dict[str, Any], chosen: dict[str, str]) -> dict[str, Any]:
    """What the page body shows (situation/_picture_body.html) under the filters `chosen`."""
    area, category = chosen["area"], chosen["category"]
    shown = narrowed(document, area=area, category=category)
    return {
        "document": shown,
        "full": document,
        "filters": chosen,
        "is_filtered": bool(area or category),
        "filter_names": [
            name
            for code, name in (
                (area, Names(document).area(area)),
                (category, Names(document).category(category)),
            )
            if code
        ],
        "tile_url": settings.SAMORDNA_MAP_TILE_URL,
        "area_cards": area_cards(shown),
        "changes": changes(shown),
        "charts": safe_svgs(charts.document_charts(shown)),
        "map_data": map_data(shown),
    }


def periods_around(document: dict[str, Any]) -> dict[str, str]:
    key = document["period"]["key"]
    return {"previous_key": shift_period(key, -1), "next_key": shift_period(key, 1)}


def _chosen(value: str, allowed: set[str]) -> str:
    return value if value in allowed else ""


def changes(document: dict[str, Any], most: int = 3) -> dict[str, Any]:
    """What changed and where, in sentences: the flagged increases, largest first (a
    flag that carries its own `sentence` says it itself)."""
    names = Names(document)
    flagged = sorted(
        (c for c in document["cells"] if c.get("flagged")),
        key=lambda c: (-(c["count"] - c["recent_mean"]), c["category"], c["area"] or ""),
    )
    sentences = [
        c.get("sentence")
        or _("%(category)s i %(area)s ökade från %(usual)s till %(count)s, mer än vanligt.")
        % {
            "category": names.category(c["category"]),
            "area": names.area(c["area"]),
            "usual": _number(c["recent_mean"]),
            "count": c["count"],
        }
        for c in flagged[:most]
    ]
    return {"sentences": sentences, "more": max(0, len(flagged) - most)}


def _number(value: float) -> str:
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded).replace(".", ",")


def narrowed(document: dict[str, Any], *, area: str = "", category: str = "") -> dict[str, Any]:
    """The document with only the chosen area's and/or category's rows."""
    if not area and not category:
        return document

    def keep(row: dict[str, Any]) -> bool:
        return (not area or row.get("area") == area) and (
            not category or row.get("category") == category
        )

    shown = dict(document)
    for name in ("cells", "observations", "top_unsafe", "new_since_previous"):
        shown[name] = [row for row in document[name] if keep(row)]
    areas = [a for a in document["areas"] if not area or a["code"] == area]
    categories = [c for c in document["categories"] if not category or c["code"] == category]
    # An area's row of one category, a category's row in one area: from their cells.
    shown["areas"] = _regrouped(areas, shown["cells"], "area") if category else areas
    shown["categories"] = _regrouped(categories, shown["cells"], "category") if area else categories
    shown["totals"] = _summed(document, shown["cells"], category)
    if area or category:
        # The police give no place, and per category only this period's count.
        police = shown["totals"]["police_events"]
        shown["police"] = {
            **document["police"],
            **dict.fromkeys(("previous", "recent_mean", "last_year"), 0),
            "count": police,
            "trend": [0] * (len(document["police"]["trend"]) - 1) + [police],
        }
    shown["hotspots"] = _hotspots(document, shown["observations"], area=area, category=category)
    shown["hour_weekday"] = {
        "weekdays": document["hour_weekday"]["weekdays"],
        "matrix": _matrix(shown["observations"]),
    }
    return shown


def _hotspots(
    document: dict[str, Any], observations: list[dict[str, Any]], *, area: str, category: str
) -> dict[str, Any]:
    """The hot spots that follow the filters: a place that lists its observations is
    kept while one of them is shown; an entry that carries its area is kept in that
    area; one that carries its categories, with one of them; any other is kept where
    one of the shown observations lies inside it."""
    hotspots = document["hotspots"]
    half = float(hotspots.get("cell_size_m") or 0) / 2
    d_lat = half / 111_320
    # The shown observations by a grid of the cells' size: an entry looks in its own
    # and the neighbouring squares only (a tertial has thousands of observations).
    buckets: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    if half:
        for o in observations:
            if o.get("lat") is not None:
                buckets[(int(o["lat"] // (2 * d_lat)), int(o["lon"] // (2 * d_lat)))].append(
                    (o["lat"], o["lon"])
                )

    def holds_one(entry: dict[str, Any]) -> bool:
        if entry.get("lat") is None or not half:
            return False
        d_lon = d_lat / max(0.01, math.cos(math.radians(entry["lat"])))
        row, column = int(entry["lat"] // (2 * d_lat)), int(entry["lon"] // (2 * d_lat))
        reach = int(d_lon // (2 * d_lat)) + 1
        return any(
            abs(lat - entry["lat"]) <= d_lat and abs(lon - entry["lon"]) <= d_lon
            for r in (row - 1, row, row + 1)
            for c in range(column - reach, column + reach + 1)
            for lat, lon in buckets.get((r, c), ())
        )

    shown_ids = {o["id"] for o in observations} if (area or category) else set()

    def keep(entry: Any) -> bool:
        if not isinstance(entry, dict):
            return True
        if (area or category) and "observation_ids" in entry:
            # A named place (a cluster) knows its observations: kept while one is shown.
            return not shown_ids.isdisjoint(entry["observation_ids"])
        if area and "area" in entry and entry["area"] != area:
            return False
        if category and "categories" in entry:
            return category in entry["categories"]
        if category or (area and "area" not in entry):
            return holds_one(entry)
        return True

    return {
        name: [e for e in value if keep(e)] if isinstance(value, list) else value
        for name, value in hotspots.items()
    }


def _regrouped(
    rows: list[dict[str, Any]], cells: list[dict[str, Any]], by: str
) -> list[dict[str, Any]]:
    """`rows` (areas or categories) with their figures summed from `cells` only; the
    police give no place, so a category's police events in one area are unknown."""
    regrouped = []
    for row in rows:
        mine = [c for c in cells if c[by] == row["code"]]
        figures = {name: sum(c[name] for c in mine) for name in ("count", "previous", "last_year")}
        mean = round(sum(c["recent_mean"] for c in mine), 2)
        trend = [sum(values) for values in zip(*(c["trend"] for c in mine), strict=True)]
        regrouped.append(
            {
                **row,
                **figures,
                "recent_mean": mean,
                "trend": trend or [0] * len(row.get("trend") or []),
                "direction": change_direction(figures["count"], mean),
                "flagged": any(c.get("flagged") for c in mine),
                "police_events": None if by == "category" else row.get("police_events"),
            }
        )
    return regrouped


def _summed(document: dict[str, Any], cells: list[dict[str, Any]], category: str) -> dict[str, Any]:
    """Totals of the chosen cells (the document's totals cover the whole municipality)."""
    length = len(document["comparisons"]["trend"])
    total: dict[str, Any] = {"count": 0, "previous": 0, "recent_mean": 0.0, "last_year": 0}
    trend = [0] * length
    for cell in cells:
        for name in total:
            total[name] += cell[name]
        trend = [a + b for a, b in zip(trend, cell["trend"], strict=True)]
    police = next(
        (c.get("police_events") or 0 for c in document["categories"] if c["code"] == category), 0
    )
    return {
        **total,
        "recent_mean": round(total["recent_mean"], 2),
        "trend": trend,
        "direction": change_direction(total["count"], total["recent_mean"]),
        "police_events": police if category else 0,
    }


def _matrix(observations: list[dict[str, Any]]) -> list[list[int]]:
    matrix = [[0] * 24 for _ in range(7)]
    for row in observations:
        moment = datetime.fromisoformat(row["occurred_from"])
        matrix[moment.weekday()][moment.hour] += 1
    return matrix


def area_cards(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Per area: its numbers and its three largest categories this period."""
    by_area: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for cell in document["cells"]:
        if cell["count"]:
            by_area[cell["area"]].append(cell)
    names = {c["code"]: c["name"] for c in document["categories"]}
    cards = []
    for area in document["areas"]:
        top = sorted(by_area[area["code"]], key=lambda c: (-c["count"], c["category"]))[:3]
        cards.append(
            {
                **area,
                "top": [{**c, "name": names.get(c["category"], c["category"])} for c in top],
            }
        )
    return cards


def map_data(document: dict[str, Any]) -> dict[str, Any]:
    """GeoJSON-like data for the Leaflet map (the same layers as the GeoJSON export)."""
    return {
        "areas": [
            {
                "code": a["code"],
                "name": a["name"],
                "count": a["count"],
                "direction": a["direction"],
                "flagged": a["flagged"],
                "geometry": a["geometry"],
            }
            for a in document["areas"]
        ],
        "points": [
            [o["lat"], o["lon"], o["category"], o["unsafety"]]
            for o in document["observations"]
            if o["lat"] is not None
        ],
        "hot": [[c["lat"], c["lon"], c["count"], c["z"]] for c in document["hotspots"]["cells"]],
        "cell_size_m": document["hotspots"]["cell_size_m"],
    }
