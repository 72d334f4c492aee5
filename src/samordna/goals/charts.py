"""An indicator's series as an SVG line chart with its target path, drawn with
matplotlib through the situation picture's house helper (accessible, deterministic).
The table beside the chart holds the same numbers; pages insert the SVG through
`chart_svg.safe_svgs`.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from samordna.goals.series import IndicatorSeries, ordinal, periods_between
from samordna.situation.chart_svg import MUTED, chart_style, empty_svg, to_svg

# Okabe–Ito: the series blue and solid with round markers, the path orange and dashed.
SERIES = "#0072B2"
PATH = "#D55E00"


def indicator_svg(found: IndicatorSeries, *, key: str) -> str:
    indicator = found.indicator
    title = f"{indicator.name}: värden per period och linjen mot målet"
    points = [p for p in found.points if p.value is not None]
    if not points and found.baseline_value is None:
        return empty_svg(key=key, title=title, message="Inga värden ännu.")
    granularity = indicator.granularity
    first = min([indicator.baseline_period, *(p.period for p in found.points)], key=ordinal)
    last = max([indicator.target_period, *(p.period for p in found.points)], key=ordinal)
    axis = periods_between(first, last, granularity)
    at = {period: i for i, period in enumerate(axis)}
    with chart_style(key):
        figure = Figure(figsize=(6.4, 2.8), layout="constrained")
        axes = figure.add_subplot()
        if found.baseline_value is not None:
            axes.plot(
                [at[indicator.baseline_period], at[indicator.target_period]],
                [found.baseline_value, indicator.target_value],
                color=PATH, linestyle="--", linewidth=1.4, label="Linje mot målet",
            )  # fmt: skip
        axes.plot(
            [at[indicator.target_period]], [indicator.target_value], marker="D", color=PATH,
            linestyle="", label="Mål",
        )  # fmt: skip
        if points:
            xs = [at[p.period] for p in points]
            ys = [float(p.value or 0.0) for p in points]
            axes.plot(xs, ys, color=SERIES, marker="o", linewidth=1.8, label="Värde")
        for p in found.points:
            if p.suppressed:
                axes.annotate(
                    "för få svar", (at[p.period], 0), fontsize=7, color=MUTED, rotation=90,
                    va="bottom", ha="center",
                )  # fmt: skip
        tertials = granularity == "tertial"
        step = max(1, len(axis) // (6 if tertials else 10))
        axes.set_xticks(range(0, len(axis), step), axis[::step])
        if tertials:
            axes.tick_params(axis="x", labelrotation=30)
        axes.set_ylim(bottom=0)
        if indicator.unit:
            axes.set_ylabel(indicator.unit)
        axes.grid(axis="y", color="#c9d1d9", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3)
        return to_svg(figure, key=key, title=title)
