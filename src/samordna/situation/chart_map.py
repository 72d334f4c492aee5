"""The situation picture's map as SVG: areas shaded by change, points, hot cells.

Drawn in SWEREF 99 TM (EPSG:3006), the metric grid the hot cells are computed on, so
a hot cell is a true square and distances are not stretched. The three directions are
told apart three ways — Okabe–Ito colours (safe for colour-blind readers), a hatching
each, and an arrow in the label — so the map survives greyscale printing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.patches import Polygon as PolygonPatch
from pyproj import Transformer

from samordna.situation.chart_svg import INK, chart_style, empty_svg, to_svg

# direction: (fill, hatch, arrow); the labels are in `direction_legend`.
DIRECTION_STYLE = {
    "up": ("#E69F00", "////", "▲"),
    "down": ("#56B4E9", "\\\\\\\\", "▼"),
    "same": ("#E8E8E8", "", "●"),
}
HOT_FILL = "#CC79A7"
POINT_FILL = "#1b1f24"
# Beyond this many points (a year's picture) they are drawn as one embedded image: as
# vectors each point is an SVG element, and 20,000 of them made a 2.5 MB map and a
# 20-second PDF. The table and the GeoJSON still hold every point.
MAX_VECTOR_POINTS = 1500


@cache
def _to_sweref() -> Transformer:
    # Building a transformer reads the PROJ database: once per process is enough.
    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def direction_legend() -> dict[str, str]:
    """The Swedish label of each direction, as the legend and the tables say it."""
    return {
        "up": _("Ökar (mer än 10 % över snittet)"),
        "down": _("Minskar (mer än 10 % under snittet)"),
        "same": _("Oförändrat (±10 %)"),
    }


def _rings(geometry: Mapping[str, Any] | None) -> list[Sequence[Sequence[float]]]:
    """The outer rings of a Polygon or MultiPolygon (holes are not drawn)."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _project(points: Iterable[Sequence[float]]) -> list[tuple[float, float]]:
    lons, lats = zip(*((p[0], p[1]) for p in points), strict=True)
    xs, ys = _to_sweref().transform(lons, lats)
    return list(zip(xs, ys, strict=True))


def _draw_areas(axes: Any, areas: Sequence[Mapping[str, Any]]) -> None:
    for area in areas:
        fill, hatch, arrow = DIRECTION_STYLE.get(area["direction"], DIRECTION_STYLE["same"])
        rings = [_project(ring) for ring in _rings(area["geometry"]) if len(ring) >= 3]
        for ring in rings:
            axes.add_patch(
                PolygonPatch(ring, closed=True, facecolor=fill, edgecolor=INK, hatch=hatch, lw=0.8)
            )
        if rings:
            _label(axes, max(rings, key=len), f"{area['name']}\n{arrow} {area['count']}")


def _label(axes: Any, ring: Sequence[tuple[float, float]], text: str) -> None:
    """The label just above the area, so it never hides the points or hot cells in it."""
    x = sum(p[0] for p in ring) / len(ring)
    top = max(p[1] for p in ring)
    axes.annotate(
        text, (x, top), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
        fontsize=7, color=INK, zorder=6,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#c9d1d9", "alpha": 0.9},
    )  # fmt: skip


def _located(observation: Mapping[str, Any]) -> bool:
    return observation["lon"] is not None and observation["lat"] is not None


def _draw_points(axes: Any, observations: Sequence[Mapping[str, Any]]) -> None:
    located = [(o["lon"], o["lat"]) for o in observations if _located(o)]
    if located:
        xs, ys = zip(*_project(located), strict=True)
        axes.scatter(
            xs, ys, s=14, c=POINT_FILL, edgecolors="white", linewidths=0.4, zorder=4,
            rasterized=len(located) > MAX_VECTOR_POINTS,
        )  # fmt: skip


def _draw_hot_cells(axes: Any, hotspots: Mapping[str, Any]) -> None:
    size = float(hotspots["cell_size_m"])
    for cell in hotspots["cells"]:
        corner = (cell["x"] - size / 2, cell["y"] - size / 2)
        axes.add_patch(
            Rectangle(corner, size, size, facecolor=HOT_FILL, edgecolor=INK, lw=1.5, zorder=5)
        )


def _legend(axes: Any) -> None:
    handles: list[Any] = [
        Patch(facecolor=fill, edgecolor=INK, hatch=hatch, label=f"{arrow} {text}")
        for (fill, hatch, arrow), text in zip(
            DIRECTION_STYLE.values(), direction_legend().values(), strict=True
        )
    ]
    handles.append(Patch(facecolor=HOT_FILL, edgecolor=INK, label=_("Het cell (Gi*)")))
    handles.append(
        Line2D([], [], marker="o", ls="", color=POINT_FILL, markersize=4, label=_("Iakttagelse"))
    )
    axes.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncols=2,
        frameon=False, fontsize=7, handleheight=1.4,
    )  # fmt: skip


def _title(document: Mapping[str, Any]) -> str:
    return _("Karta över %(municipality)s, %(period)s") % {
        "municipality": document["municipality"]["name"],
        "period": document["period"]["label"],
    }


def map_svg(document: Mapping[str, Any]) -> str:
    """The areas shaded by `direction`, the located observations and the hot cells."""
    title = _title(document)
    areas = [a for a in document["areas"] if _rings(a["geometry"])]
    observations = document["observations"]
    hot = document["hotspots"]
    if not areas and not any(map(_located, observations)) and not hot["cells"]:
        message = _("Inga områden eller iakttagelser att visa på kartan.")
        return empty_svg(key="map", title=title, message=message)
    with chart_style("map"):
        figure = Figure(figsize=(7, 6.4), layout="constrained", dpi=150)
        axes = figure.add_subplot()
        _draw_areas(axes, areas)
        _draw_hot_cells(axes, hot)
        _draw_points(axes, observations)
        axes.set_aspect("equal")
        axes.autoscale_view()
        axes.margins(0.04)
        axes.set_axis_off()
        axes.set_title(title, loc="left", fontsize=10, color=INK)
        _legend(axes)
        summary = _(
            "områdena färgade efter förändring, iakttagelser som punkter, platser med mer än "
            "vanligt"
        )
        return to_svg(figure, key="map", title=f"{title}: {summary}")
