"""The situation picture's charts as SVG strings: the same chart in the page and the PDF.

Drawn server-side with matplotlib's object API (`Figure`, never pyplot: no global
figure state, safe in a web worker). Every SVG is accessible (`role="img"` and a
`<title>`), keeps its text as text (searchable, read by screen readers, crisp in the
PDF) and is deterministic: the same data gives byte-identical SVG, so a confirmed
picture's charts never change. Each chart has a data table beside it in the
templates (situation/_tables.html); no chart carries information the table lacks.
Data with nothing in it gives a chart saying so in Swedish, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from samordna.situation.chart_map import map_svg
from samordna.situation.chart_svg import INK, chart_style, empty_svg, remembered, to_svg

__all__ = ["document_charts", "hour_weekday_svg", "map_svg", "trend_svg"]

# Okabe–Ito colours (safe for colour-blind readers), told apart by line style and
# marker too, so the chart survives greyscale printing.
LINE_STYLES = [("#0072B2", "-", "o"), ("#D55E00", "--", "s"), ("#009E73", ":", "^")]


def trend_svg(labels: Sequence[str], series: Mapping[str, Sequence[int]], *, title: str) -> str:
    """Lines over the periods (oldest first), one per series, e.g. own observations
    and police events over the 12-period trend."""
    if not labels or not series or not any(any(values) for values in series.values()):
        return empty_svg(key="trend", title=title, message=_("Inga uppgifter under perioderna."))
    with chart_style("trend"):
        figure = Figure(figsize=(7, 3), layout="constrained")
        axes = figure.add_subplot()
        positions = range(len(labels))
        for (name, values), (colour, style, marker) in zip(
            series.items(), LINE_STYLES * 2, strict=False
        ):
            axes.plot(positions, list(values), style, marker=marker, color=colour, label=name)
        axes.set_xticks(list(positions), list(labels), rotation=45, ha="right")
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(_("Antal"))
        axes.grid(axis="y", color="#c9d1d9", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10, color=INK)
        # Above the plot, not on it: a legend inside hides the first points.
        axes.legend(
            frameon=False,
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncols=len(series),
            fontsize=8,
        )
        return to_svg(figure, key="trend", title=title)


def hour_weekday_svg(
    matrix: Sequence[Sequence[int]],
    weekdays: Sequence[str],
    *,
    title: str | None = None,
) -> str:
    """A 7 x 24 heat map, weekdays down, hours across, with the counts written in the
    cells. "Blues" runs light to dark, so the order of the shades survives greyscale."""
    title = title or _("Iakttagelser per veckodag och timme")
    total = sum(sum(row) for row in matrix)
    if not total or len(matrix) != len(weekdays):
        return empty_svg(
            key="hourweek", title=title, message=_("Inga iakttagelser under perioden.")
        )
    with chart_style("hourweek"):
        figure = Figure(figsize=(7, 2.8), layout="constrained")
        axes = figure.add_subplot()
        peak = max(max(row) for row in matrix)
        image = axes.imshow(matrix, cmap="Blues", vmin=0, vmax=peak, aspect="auto")
        _write_counts(axes, matrix, peak)
        axes.set_xticks(range(24), [f"{hour:02d}" for hour in range(24)])
        axes.set_yticks(range(len(weekdays)), [day.capitalize() for day in weekdays])
        axes.set_xlabel(_("Timme (svensk tid)"))
        axes.tick_params(length=0)
        axes.set_title(title, loc="left", fontsize=10, color=INK)
        colourbar = figure.colorbar(image, ax=axes, shrink=0.9, pad=0.01)
        colourbar.set_label(_("Antal iakttagelser"))
        colourbar.locator = MaxNLocator(integer=True)
        colourbar.update_ticks()
        return to_svg(figure, key="hourweek", title=title)


def _write_counts(axes: Any, matrix: Sequence[Sequence[int]], peak: int) -> None:
    """The number in each non-empty cell, white on the dark half of the scale."""
    for row, values in enumerate(matrix):
        for hour, value in enumerate(values):
            if value:
                colour = "white" if value > peak / 2 else INK
                axes.text(hour, row, str(value), ha="center", va="center", fontsize=6, color=colour)


def document_charts(document: Mapping[str, Any]) -> dict[str, str]:
    """The three charts of a document by name: "map", "trend" and "hour_weekday";
    drawn once per content (`chart_svg.remembered`)."""
    # The picture block (status, when it was made) is drawn nowhere: a live draft, made
    # anew on every view, keeps its charts until its figures change.
    drawn = {k: v for k, v in document.items() if k != "picture"}
    return remembered("situation", drawn, lambda: _draw_document(document))


def _draw_document(document: Mapping[str, Any]) -> dict[str, str]:
    series = {
        _("Egna iakttagelser"): document["totals"]["trend"],
        _("Polisens händelser"): document["police"]["trend"],
    }
    weekly = document["hour_weekday"]
    return {
        "map": map_svg(document),
        "trend": trend_svg(
            document["comparisons"]["trend"], series, title=_("Utveckling, tolv perioder")
        ),
        "hour_weekday": hour_weekday_svg(weekly["matrix"], weekly["weekdays"]),
    }
