"""What every chart shares: the house style, writing accessible, deterministic SVG,
and the chart that says there is nothing to show."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from django.core.cache import caches
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

matplotlib.use("Agg")  # no display on servers; harmless when already set

INK = "#1b1f24"
MUTED = "#4a5560"
_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text, not paths
    "font.family": "DejaVu Sans",  # installed with WeasyPrint's fonts; the PDF finds it
    "font.size": 8,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.linewidth": 0.8,
}
_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)


@contextmanager
def chart_style(key: str) -> Iterator[None]:
    """The house style while a chart is built and written. `svg.hashsalt` makes the
    clip-path ids deterministic; one salt per chart keeps ids apart on a page."""
    style = {**_RC, "svg.hashsalt": f"samordna-{key}"}
    with matplotlib.rc_context(style):
        yield


def to_svg(figure: Figure, *, key: str, title: str) -> str:
    """The figure as inline SVG: no XML prologue, `role="img"`, a `<title>`, no date."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _PROLOGUE.sub("", buffer.getvalue())
    title_id = f"chart-{key}-title"
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id}" class="chart chart--{key}" ',
        1,
    ).replace(">", f'>\n <title id="{title_id}">{escape(title)}</title>', 1)


def empty_svg(*, key: str, title: str, message: str) -> str:
    """A chart with nothing to show: the title and a message where the data would be."""
    with chart_style(key):
        figure = Figure(figsize=(7, 2.2))
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.set_title(title, loc="left", fontsize=10, color=INK)
        axes.text(0.5, 0.45, message, ha="center", va="center", fontsize=10, color=MUTED)
        return to_svg(figure, key=key, title=f"{title}. {message}")


def safe_svgs(svgs: dict[str, str]) -> dict[str, SafeString]:
    """Charts of `to_svg`/`empty_svg`, marked safe for a template.

    They are drawn by matplotlib from our own numbers, and every text in them (titles,
    labels, names from the database) is escaped by matplotlib or by `to_svg`: the one
    place where a chart is trusted as markup.
    """
    return {name: mark_safe(svg) for name, svg in svgs.items()}  # noqa: S308  # nosec B308 B703


CHARTS_CACHE = "charts"
# The drawing code itself is part of the key: a change to any chart module draws anew.
_CODE = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted(Path(__file__).parents[1].glob("*/chart*.py")))
).hexdigest()[:16]


def remembered(
    kind: str, data: Mapping[str, Any], draw: Callable[[], dict[str, str]]
) -> dict[str, str]:
    """The charts `draw` makes of `data`, drawn once per content and language.

    Drawing is deterministic (the same data gives byte-identical SVG), so the SVGs of a
    document can be kept and served again: a confirmed picture's charts are drawn once,
    a draft's again only when its content changed. The key is a hash of the data, so a
    changed document can never be served an old drawing.
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = f"{kind}:{translation.get_language()}:{_CODE}:{digest}"
    cache = caches[CHARTS_CACHE]
    found = cache.get(key)
    if found is None:
        found = draw()
        cache.set(key, found)
    return dict(found)
