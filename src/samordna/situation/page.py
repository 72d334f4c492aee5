"""What the picture page shows: the document narrowed by the page's filters, charts, map data.

The tables under every chart and the map come from the same narrowed document, so
what a screen reader reads is what the chart draws.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.http import QueryDict

from samordna.analysis.change import change_direction
from samordna.analysis.periods import shift_period
from samordna.situation import charts
from samordna.situation.chart_svg import safe_svgs


def page_context(document: dict[str, Any], query: QueryDict) -> dict[str, Any]:
    area = _chosen(query.get("omrade", ""), {a["code"] for a in document["areas"]})
    category = _chosen(query.get("kategori", ""), {c["code"] for c in document["categories"]})
    shown = narrowed(document, area=area, category=category)
    key = document["period"]["key"]
    return {
        "document": shown,
        "full": document,
        "filters": {"area": area, "category": category},
        "is_filtered": bool(area or category),
        "previous_key": shift_period(key, -1),
        "next_key": shift_period(key, 1),
        "area_cards": area_cards(shown),
        "charts": safe_svgs(charts.document_charts(shown)),
        "map_data": map_data(shown),
    }


def _chosen(value: str, allowed: set[str]) -> str:
    return value if value in allowed else ""


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
    if area:
        shown["areas"] = [a for a in document["areas"] if a["code"] == area]
    if category:
        shown["categories"] = [c for c in document["categories"] if c["code"] == category]
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
    shown["hour_weekday"] = {
        "weekdays": document["hour_weekday"]["weekdays"],
        "matrix": _matrix(shown["observations"]),
    }
    return shown


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
