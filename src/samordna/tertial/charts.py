"""The tertial analysis's charts as server-side SVG (the situation picture's house style),
each shown with its table beside it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def tertial_charts(c: Mapping[str, Any]) -> dict[str, SafeString]:
    """The analysis's charts as SVG: "trend", "areas" and "hour_weekday"; drawn once
    per content (`situation.chart_svg.remembered`)."""
    from samordna.situation.chart_svg import remembered, safe_svgs

    return safe_svgs(remembered("tertial", c, lambda: _draw(c)))


def _draw(c: Mapping[str, Any]) -> dict[str, str]:
    from samordna.situation.charts import hour_weekday_svg, trend_svg

    trend = c["trend"]
    return {
        "trend": trend_svg(
            trend["periods"],
            {_("Egna iakttagelser"): trend["own"], _("Polisens händelser"): trend["police"]},
            title=_("Utveckling, tolv perioder"),
        ),
        "areas": areas_svg(c["areas_by_count"]),
        "hour_weekday": hour_weekday_svg(
            c["time_patterns"]["matrix"], c["time_patterns"]["weekdays"]
        ),
    }


AREAS_IN_CHART = 12


def areas_svg(rows: Sequence[Mapping[str, Any]]) -> str:
    """Horizontal bars: this period and the previous one for the largest areas."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from samordna.situation.chart_svg import INK, chart_style, empty_svg, to_svg

    title = _("Områden: perioden och föregående period")
    shown = [r for r in rows if r["count"] or r["previous"]][:AREAS_IN_CHART]
    if not shown:
        return empty_svg(key="areas", title=title, message=_("Inga iakttagelser under perioden."))
    with chart_style("areas"):
        height = 1.0 + 0.32 * len(shown)
        figure = Figure(figsize=(7, height), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(shown)))[::-1]
        axes.barh(
            [p + 0.2 for p in positions],
            [r["count"] for r in shown],
            height=0.4,
            color="#0072B2",
            label=_("Perioden"),
        )
        axes.barh(
            [p - 0.2 for p in positions],
            [r["previous"] for r in shown],
            height=0.4,
            color="#E69F00",
            hatch="//",
            label=_("Föregående period"),
        )
        axes.set_yticks(positions, [r["name"] for r in shown])
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(_("Antal iakttagelser"))
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10, color=INK)
        axes.legend(
            frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, fontsize=8
        )
        return to_svg(figure, key="areas", title=title)
