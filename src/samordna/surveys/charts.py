"""Survey charts as SVG: each group's estimate as a point with its 95 % interval as a
line, drawn with matplotlib's Figure API through the situation picture's house helper
(accessible, deterministic). The table beside the chart holds the same numbers.

A suppressed cell is drawn as its phrase ("färre än 10 svar"), never as a point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure

from samordna.situation.chart_svg import INK, MUTED, chart_style, empty_svg, to_svg
from samordna.surveys.models import SurveyItem
from samordna.surveys.selectors import Cell, Results

# Okabe–Ito colours and distinct markers: readable without colour.
SERIES_STYLE = [("#0072B2", "o"), ("#D55E00", "s"), ("#009E73", "^")]


def intervals_svg(
    labels: Sequence[str],
    series: dict[str, Sequence[Cell]],
    *,
    key: str,
    title: str,
    heading: str,
    scale: str,
) -> str:
    """One row per label; per series a point and its interval (shares in per cent).
    `heading` is drawn above the chart; `title` (longer) is the SVG's accessible name."""
    drawn = [c for cells in series.values() for c in cells if c.estimate or c.suppressed]
    if not labels or not drawn:
        return empty_svg(key=key, title=title, message="Inga resultat att visa.")
    factor = 100.0 if scale == SurveyItem.Scale.SHARE else 1.0
    limit = 100.0 if scale == SurveyItem.Scale.SHARE else 6.0
    height = 0.9 + 0.32 * len(labels) * max(1, len(series))
    with chart_style(key):
        figure = Figure(figsize=(6, height), layout="constrained")
        axes = figure.add_subplot()
        step = 0.8 / max(1, len(series))
        for s, ((name, cells), (colour, marker)) in enumerate(
            zip(series.items(), SERIES_STYLE * 3, strict=False)
        ):
            offset = (s - (len(series) - 1) / 2) * step
            label: str | None = name  # on the series' first point only
            for row, cell in enumerate(cells):
                y = row + offset
                if cell.estimate is None:
                    text = str(cell.suppressed) if cell.suppressed else "inga svar"
                    axes.text(0.02 * limit, y, text, va="center", fontsize=7, color=MUTED)
                    continue
                e = cell.estimate
                low = max(0.0, e.low) * factor if math.isfinite(e.low) else 0.0
                high = min(limit / factor, e.high) * factor if math.isfinite(e.high) else limit
                axes.plot([low, high], [y, y], color=colour, linewidth=1.6)
                axes.plot(
                    [e.value * factor], [y], marker=marker, color=colour, linestyle="",
                    label=label,
                )  # fmt: skip
                label = None
        axes.set_yticks(range(len(labels)), list(labels))
        axes.invert_yaxis()
        axes.set_xlim(0, limit)
        axes.set_xlabel("Andel (%)" if factor == 100 else "Index 0–6")
        axes.grid(axis="x", color="#c9d1d9", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(heading, loc="left", fontsize=10, color=INK)
        if len(series) > 1 and axes.get_legend_handles_labels()[1]:
            axes.legend(
                frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=len(series)
            )
        return to_svg(figure, key=key, title=title)


def results_charts(results: Results) -> dict[str, str]:
    """The page's charts: by area (whole municipality only) and women and men by year."""
    scale = results.item.scale
    charts: dict[str, str] = {}
    question = results.item.question
    if results.by_area is not None:
        cells = results.by_area.cells
        charts["areas"] = intervals_svg(
            [c.label for c in cells],
            {"Alla": cells},
            key="survey-areas",
            title=f"{question}: per område, {results.survey.year} (95 % konfidensintervall)",
            heading=f"Per område {results.survey.year}",
            scale=scale,
        )
    rows = results.year_rows
    charts["years"] = intervals_svg(
        [str(r[0]) for r in rows],
        {"Kvinnor": [r[2] for r in rows], "Män": [r[3] for r in rows]},
        key="survey-years",
        title=f"{question}: kvinnor och män per år (95 % konfidensintervall)",
        heading="Kvinnor och män per år",
        scale=scale,
    )
    return charts
